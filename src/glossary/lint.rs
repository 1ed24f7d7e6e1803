//! `glossary lint`: what is wrong or doubtful in the glossary files.
//!
//! Rules (each finding names the rule, the file and line, and the row it
//! clashes with):
//! - `malformed`: a line that cannot be read (column count, date, empty side);
//! - `unknown-status`: a status other than preferred, admitted, deprecated,
//!   forbidden;
//! - `duplicate`: the same Russian/English pair twice with overlapping
//!   validity (the same pair with separate periods is a renaming, and fine);
//! - `conflicting-targets`: one concept gives one term two different
//!   preferred targets valid at the same time;
//! - `ambiguous`: the same form, usable on its side, names two concepts with
//!   the same part of speech at the same time (homographs of different
//!   parts of speech, `Kazakhstani` adj./noun, are not reported);
//! - `overlapping-validity`: two dated preferred names of one concept share
//!   days (an undated row, such as a full name beside a dated surname-only
//!   row, is valid always and overlaps nothing by design);
//! - `script`: a Russian form without Cyrillic or an English form with
//!   Cyrillic, unless the same form stands on both sides of the row (a
//!   brand written in Latin in both languages, such as `KASE`);
//! - `generic-word`: a single lower-case word on one side (`president`)
//!   that maps to a proper name on the other (`Президент Республики
//!   Казахстан`) with no `context`: it fires in any text (`the president
//!   of the European Council`); give the row a context
//!   (`glossary::context`) or keep it for `check`.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::{EntryRef, Glossary, GlossaryError, Status};
use crate::text::{is_cyrillic_letter, normalize, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LintRule {
    Malformed,
    UnknownStatus,
    Duplicate,
    ConflictingTargets,
    Ambiguous,
    OverlappingValidity,
    Script,
    GenericWord,
}

impl LintRule {
    pub fn name(self) -> &'static str {
        match self {
            LintRule::Malformed => "malformed",
            LintRule::UnknownStatus => "unknown-status",
            LintRule::Duplicate => "duplicate",
            LintRule::ConflictingTargets => "conflicting-targets",
            LintRule::Ambiguous => "ambiguous",
            LintRule::OverlappingValidity => "overlapping-validity",
            LintRule::Script => "script",
            LintRule::GenericWord => "generic-word",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: LintRule,
    pub file: String,
    pub line: usize,
    pub message: String,
    /// The row it clashes with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<EntryRef>,
}

/// Findings for lines that could not be read (lenient parsing).
pub fn parse_findings(problems: &[GlossaryError]) -> Vec<Finding> {
    problems
        .iter()
        .map(|p| match p {
            GlossaryError::Malformed { file, line, reason } => Finding {
                rule: if reason.starts_with("unknown status") {
                    LintRule::UnknownStatus
                } else {
                    LintRule::Malformed
                },
                file: file.clone(),
                line: *line,
                message: reason.clone(),
                other: None,
            },
            other => Finding {
                rule: LintRule::Malformed,
                file: String::new(),
                line: 0,
                message: other.to_string(),
                other: None,
            },
        })
        .collect()
}

/// The findings about the readable rows of `glossary`, in file order.
pub fn lint(glossary: &Glossary) -> Vec<Finding> {
    let mut lint = Lint {
        glossary,
        out: Vec::new(),
        reported: HashSet::new(),
    };
    lint.shared_forms();
    lint.overlapping_validity();
    lint.script();
    lint.generic_words();
    let mut out = lint.out;
    out.sort_by(|a, b| (&a.file, a.line, a.rule).cmp(&(&b.file, b.line, b.rule)));
    out
}

/// The findings gathered so far.
struct Lint<'a> {
    glossary: &'a Glossary,
    out: Vec<Finding>,
    /// Pairs already reported under a rule (larger row first).
    reported: HashSet<(LintRule, usize, usize)>,
}

impl Lint<'_> {
    /// A finding about `row`, clashing with `other`.
    fn push(&mut self, rule: LintRule, row: usize, other: Option<usize>, message: String) {
        let at = self.glossary.entry_ref(row);
        self.out.push(Finding {
            rule,
            file: at.file.clone(),
            line: at.line,
            message,
            other: other.map(|o| self.glossary.entry_ref(o).clone()),
        });
    }

    /// A finding about the later of two rows, once per pair and rule.
    fn report_pair(&mut self, rule: LintRule, a: usize, b: usize, message: String) {
        let (a, b) = if a < b { (b, a) } else { (a, b) };
        if self.reported.insert((rule, a, b)) {
            self.push(rule, a, Some(b), message);
        }
    }

    /// `duplicate`, `conflicting-targets` and `ambiguous`: rows worth
    /// comparing share a normalized form on one side and a period. Forms
    /// are visited in sorted order: a pair sharing two forms is reported
    /// once, with the same form on every run.
    fn shared_forms(&mut self) {
        let rows = self.glossary.entries();
        let mut by_form: [BTreeMap<String, Vec<usize>>; 2] = Default::default();
        for (i, e) in rows.iter().enumerate() {
            for lang in Lang::ALL {
                let mut forms: Vec<String> = e.written_forms(lang).map(normalize).collect();
                forms.sort();
                forms.dedup();
                for form in forms {
                    by_form[lang as usize].entry(form).or_default().push(i);
                }
            }
        }
        for lang in Lang::ALL {
            for (form, ids) in &by_form[lang as usize] {
                for (k, &a) in ids.iter().enumerate() {
                    for &b in &ids[k + 1..] {
                        if rows[a].overlaps(&rows[b]) {
                            self.compare(lang, form, a, b);
                        }
                    }
                }
            }
        }
    }

    /// Two rows sharing `form` on the `lang` side at the same time.
    fn compare(&mut self, lang: Lang, form: &str, a: usize, b: usize) {
        let glossary = self.glossary;
        let (ea, eb) = (&glossary.entries()[a], &glossary.entries()[b]);
        let other = lang.other();
        let terms_equal = |l: Lang| normalize(ea.term(l)) == normalize(eb.term(l));
        if lang == Lang::Ru && terms_equal(Lang::Ru) && terms_equal(Lang::En) {
            let message = format!(
                "{} / {} is already on {} for the same period",
                ea.ru,
                ea.en,
                glossary.entry_ref(b.min(a))
            );
            self.report_pair(LintRule::Duplicate, a, b, message);
        } else if ea.concept == eb.concept {
            let both_preferred = ea.status == Status::Preferred && eb.status == Status::Preferred;
            if both_preferred
                && terms_equal(lang)
                && normalize(ea.term(lang)) == form
                && !terms_equal(other)
            {
                let message = format!(
                    "{} has two preferred {} targets at the same time: {} and {}; make one admitted or give them dates",
                    ea.term(lang),
                    other.code(),
                    eb.term(other),
                    ea.term(other)
                );
                self.report_pair(LintRule::ConflictingTargets, a, b, message);
            }
        } else if glossary.side_is_good(a, lang)
            && glossary.side_is_good(b, lang)
            && ea.pos == eb.pos
        {
            let message = format!(
                "`{form}` names two concepts: {} and {}; recognition cannot tell them apart",
                eb.concept, ea.concept
            );
            self.report_pair(LintRule::Ambiguous, a, b, message);
        }
    }

    /// `overlapping-validity`: dated preferred names of one concept must
    /// not share days (rows of the same concept only: linear in the rows,
    /// not quadratic).
    fn overlapping_validity(&mut self) {
        let rows = self.glossary.entries();
        for (i, a) in rows.iter().enumerate() {
            for &j in self
                .glossary
                .concept_rows(&a.concept)
                .iter()
                .filter(|&&j| j > i)
            {
                let b = &rows[j];
                if a.status == Status::Preferred
                    && b.status == Status::Preferred
                    && a.is_dated()
                    && b.is_dated()
                    && a.overlaps(b)
                {
                    let message = format!(
                        "{} / {} ({}) overlaps {} / {} ({}) of the same concept `{}`",
                        b.ru,
                        b.en,
                        b.validity(),
                        a.ru,
                        a.en,
                        a.validity(),
                        a.concept
                    );
                    self.push(LintRule::OverlappingValidity, j, Some(i), message);
                }
            }
        }
    }

    /// `script`: a Russian form without Cyrillic, an English form with it,
    /// unless the same form stands on both sides.
    fn script(&mut self) {
        for (i, e) in self.glossary.entries().iter().enumerate() {
            let en_forms: Vec<String> = e.written_forms(Lang::En).map(normalize).collect();
            let ru_forms: Vec<String> = e.written_forms(Lang::Ru).map(normalize).collect();
            for form in e.written_forms(Lang::Ru) {
                let latin_only =
                    form.chars().any(|c| c.is_ascii_alphabetic()) && !has_cyrillic(form);
                if latin_only && !en_forms.contains(&normalize(form)) {
                    let message = format!(
                        "Russian form `{form}` has no Cyrillic letter: is it on the wrong side?"
                    );
                    self.push(LintRule::Script, i, None, message);
                }
            }
            for form in e.written_forms(Lang::En) {
                if has_cyrillic(form) && !ru_forms.contains(&normalize(form)) {
                    let message = format!("English form `{form}` has Cyrillic letters: is it on the wrong side, or a look-alike letter?");
                    self.push(LintRule::Script, i, None, message);
                }
            }
        }
    }
}

/// Whether a term in `lang` is written as a proper name: a capital first
/// and a `propn` row, or, in Russian, which capitalizes nothing else, a
/// capital on more than one word (`Президент Республики Казахстан`, not
/// `аким области`; English capitalizes titles: `Prosecutor General`).
fn proper_name(term: &str, pos: &str, lang: Lang) -> bool {
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let words: Vec<&str> = term.split_whitespace().collect();
    let capitals = words.iter().filter(|w| capital(w)).count();
    words.first().is_some_and(|w| capital(w))
        && (pos == "propn" || (lang == Lang::Ru && capitals > 1))
}

impl Lint<'_> {
    /// `generic-word`: see the module documentation.
    fn generic_words(&mut self) {
        for (i, e) in self.glossary.entries().iter().enumerate() {
            if !e.context.trim().is_empty() {
                continue;
            }
            for lang in Lang::ALL {
                let other = lang.other();
                if !proper_name(e.term(other), &e.pos, other) {
                    continue;
                }
                for form in e.written_forms(lang) {
                    let one_word = crate::text::words(form).len() == 1;
                    let lower = form.chars().all(|c| !c.is_uppercase());
                    if one_word && lower {
                        let message = format!(
                            "`{form}` is a generic word mapped to the proper name {}: it fires in any text; \
                             give the row a context (phrases of the segment, or `check`)",
                            e.term(other)
                        );
                        self.push(LintRule::GenericWord, i, None, message);
                    }
                }
            }
        }
    }
}

fn has_cyrillic(text: &str) -> bool {
    text.chars().any(is_cyrillic_letter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, Status};

    fn row(
        concept: &str,
        ru: &str,
        en: &str,
        status: Status,
        dates: (&str, &str),
        pos: &str,
    ) -> Entry {
        let mut e = Entry::new(concept, ru, en);
        e.status = status;
        e.valid_from = (!dates.0.is_empty()).then(|| dates.0.parse().unwrap());
        e.valid_to = (!dates.1.is_empty()).then(|| dates.1.parse().unwrap());
        e.pos = pos.into();
        e
    }

    fn rules(rows: Vec<Entry>) -> Vec<(LintRule, usize, Option<usize>)> {
        let g = Glossary::new(rows.into_iter().enumerate().map(|(i, e)| {
            (
                e,
                EntryRef {
                    file: "g.tsv".into(),
                    line: i + 2,
                },
            )
        }));
        lint(&g)
            .into_iter()
            .map(|f| (f.rule, f.line, f.other.map(|o| o.line)))
            .collect()
    }

    use Status::*;

    #[test]
    fn rule_table() {
        let none = ("", "");
        type Want = Vec<(LintRule, usize, Option<usize>)>;
        let cases: Vec<(&str, Vec<Entry>, Want)> = vec![
            (
                "renamings with separate periods are clean",
                vec![
                    row(
                        "c",
                        "Астана",
                        "Astana",
                        Preferred,
                        ("", "2019-03-23"),
                        "propn",
                    ),
                    row(
                        "c",
                        "Нур-Султан",
                        "Nur-Sultan",
                        Preferred,
                        ("2019-03-23", "2022-09-17"),
                        "propn",
                    ),
                    row(
                        "c",
                        "Астана",
                        "Astana",
                        Preferred,
                        ("2022-09-17", ""),
                        "propn",
                    ),
                ],
                vec![],
            ),
            (
                "the same pair twice is a duplicate",
                vec![
                    row("c", "аким", "akim", Preferred, none, "noun"),
                    row("c", "Аким", "akim", Admitted, none, "noun"),
                ],
                vec![(LintRule::Duplicate, 3, Some(2))],
            ),
            (
                "two preferred targets for one term",
                vec![
                    row("c", "аким", "akim", Preferred, none, "noun"),
                    row("c", "аким", "governor", Preferred, none, "noun"),
                ],
                vec![(LintRule::ConflictingTargets, 3, Some(2))],
            ),
            (
                "a preferred and an admitted target are fine",
                vec![
                    row("c", "аким", "akim", Preferred, none, "noun"),
                    row("c", "аким", "governor", Admitted, none, "noun"),
                ],
                vec![],
            ),
            (
                "overlapping dated names",
                vec![
                    row(
                        "c",
                        "Астана",
                        "Astana",
                        Preferred,
                        ("", "2019-04-01"),
                        "propn",
                    ),
                    row(
                        "c",
                        "Нур-Султан",
                        "Nur-Sultan",
                        Preferred,
                        ("2019-03-23", ""),
                        "propn",
                    ),
                ],
                vec![(LintRule::OverlappingValidity, 3, Some(2))],
            ),
            (
                "one form, two concepts, same part of speech",
                vec![
                    row(
                        "city-balkhash",
                        "Балхаш",
                        "Balkhash",
                        Preferred,
                        none,
                        "propn",
                    ),
                    row(
                        "lake-balkhash",
                        "Балхаш",
                        "Lake Balkhash",
                        Preferred,
                        none,
                        "propn",
                    ),
                ],
                vec![(LintRule::Ambiguous, 3, Some(2))],
            ),
            (
                "homographs of different parts of speech are fine",
                vec![
                    row(
                        "adj",
                        "казахстанский",
                        "Kazakhstani",
                        Preferred,
                        none,
                        "adj",
                    ),
                    row(
                        "noun",
                        "казахстанец",
                        "Kazakhstani",
                        Preferred,
                        none,
                        "noun",
                    ),
                ],
                vec![],
            ),
            (
                "a forbidden form of another concept is no ambiguity",
                vec![
                    row(
                        "body-mazhilis",
                        "Мажилис",
                        "Mazhilis",
                        Preferred,
                        none,
                        "propn",
                    ),
                    row(
                        "body-mazhilis",
                        "Мажилис",
                        "Mejlis",
                        Forbidden,
                        none,
                        "propn",
                    ),
                    row("body-mejlis", "Меджлис", "Mejlis", Preferred, none, "propn"),
                ],
                vec![],
            ),
            (
                "scripts on the wrong side",
                vec![
                    row("a", "Astana", "Astana", Preferred, none, "propn"),
                    row("b", "Tengiz", "Tengiz field", Preferred, none, "propn"),
                    row("c", "Тараз", "Тaraz", Preferred, none, "propn"),
                ],
                vec![(LintRule::Script, 3, None), (LintRule::Script, 4, None)],
            ),
        ];
        for (rule, rows, want) in cases {
            assert_eq!(rules(rows), want, "{rule}");
        }
    }

    #[test]
    fn generic_words_need_a_context() {
        let mut president = row(
            "office-president",
            "Президент Республики Казахстан",
            "President of Kazakhstan",
            Preferred,
            ("", ""),
            "phrase",
        );
        president.en_variants = vec!["president".into()];
        let akim = row("term-akim", "аким", "akim", Preferred, ("", ""), "noun");
        let mut city = row("city-x", "Мары", "mary", Preferred, ("", ""), "propn");
        city.ru_variants = vec!["мары".into()];
        assert_eq!(
            rules(vec![president.clone(), akim, city]),
            [
                (LintRule::GenericWord, 2, None),
                (LintRule::GenericWord, 4, None)
            ],
            "a lower-case word mapped to a proper name; `мары` maps to `mary`, no proper name"
        );
        president.context = "Kazakhstan|Tokayev".into();
        assert_eq!(rules(vec![president]), []);
    }
}
