//! `check`: QA of a translation against the glossary, pair by pair, like a
//! linter (the rules of Xbench and memoQ's QA, restricted to terms and
//! numbers).
//!
//! Rules:
//! - `missing-term`: a source term whose concept does not appear in the
//!   target at all (inflected target forms count: `Токаеву` is present in
//!   `Tokayev's`, `Tokayev` in `Токаеву`);
//! - `forbidden-term`, `deprecated-term`: a target term with that status;
//! - `out-of-date`: a target term not valid on the pair's date (`Astana`
//!   in a 2020 text), with the name valid then;
//! - `source-forbidden`, `source-deprecated`, `source-out-of-date`: the
//!   same about the source text, so that a wrong name is not passed on;
//! - `number-mismatch`: a number of one side that the other side lacks,
//!   comparing values (`1,5 млн` ≡ `1.5 million`, `10 000` ≡ `10,000`,
//!   `тыс.` ≡ `thousand`, `5%` ≡ `5 процентов` ≡ `5 percent`);
//! - `unreadable`: a record of a file of pairs that cannot be read (an
//!   empty target, a missing column); the check goes on with the next.

use serde::Serialize;

use super::context::Purpose;
use super::recognize::FlagRule;
use super::{Glossary, TermHit};
use crate::text::{analyze, read_number, Analyzed, CharOffsets, Lang, Token};
use crate::unit::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckRule {
    MissingTerm,
    ForbiddenTerm,
    DeprecatedTerm,
    OutOfDate,
    SourceForbidden,
    SourceDeprecated,
    SourceOutOfDate,
    NumberMismatch,
    Unreadable,
}

impl CheckRule {
    pub fn name(self) -> &'static str {
        match self {
            CheckRule::MissingTerm => "missing-term",
            CheckRule::ForbiddenTerm => "forbidden-term",
            CheckRule::DeprecatedTerm => "deprecated-term",
            CheckRule::OutOfDate => "out-of-date",
            CheckRule::SourceForbidden => "source-forbidden",
            CheckRule::SourceDeprecated => "source-deprecated",
            CheckRule::SourceOutOfDate => "source-out-of-date",
            CheckRule::NumberMismatch => "number-mismatch",
            CheckRule::Unreadable => "unreadable",
        }
    }
}

/// Which text of the pair a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Source,
    Target,
}

/// One problem in one pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// 1-based number of the pair.
    pub pair: usize,
    pub rule: CheckRule,
    pub side: Side,
    /// Character range in that side's text.
    pub start: usize,
    pub end: usize,
    /// The text at the range.
    pub text: String,
    pub message: String,
}

/// The problem of a pair that could not be read (`reason` names the file
/// and line): it is reported, and the check goes on.
pub fn unreadable(pair: usize, reason: String) -> Problem {
    Problem {
        pair,
        rule: CheckRule::Unreadable,
        side: Side::Target,
        start: 0,
        end: 0,
        text: String::new(),
        message: reason,
    }
}

/// Checks one pair: `source` in `lang`, `target` in the other language, on
/// `date`. `pair` is the number reported.
pub fn check_pair(
    glossary: &Glossary,
    pair: usize,
    source: &str,
    target: &str,
    lang: Lang,
    date: Date,
) -> Vec<Problem> {
    let src = analyze(source, lang);
    let tgt = analyze(target, lang.other());
    let src_hits = glossary.recognize_for(&src, date, Purpose::Check);
    let tgt_hits = glossary.recognize_for(&tgt, date, Purpose::Check);
    let mut out = Vec::new();
    let problem = |rule, side, hit: &TermHit, message: String| Problem {
        pair,
        rule,
        side,
        start: hit.start,
        end: hit.end,
        text: hit.text.clone(),
        message,
    };

    for hit in &src_hits {
        for flag in &hit.flags {
            let rule = match flag.rule {
                FlagRule::Forbidden => CheckRule::SourceForbidden,
                FlagRule::Deprecated => CheckRule::SourceDeprecated,
                FlagRule::OutOfDate => CheckRule::SourceOutOfDate,
                // A surname several persons share: any of them will do.
                FlagRule::Ambiguous => continue,
            };
            out.push(problem(rule, Side::Source, hit, flag.message.clone()));
        }
        let names = |h: &TermHit| -> Vec<String> {
            if h.candidates.is_empty() {
                vec![h.concept.clone()]
            } else {
                h.candidates.clone()
            }
        };
        let wanted_concepts = names(hit);
        let present = tgt_hits
            .iter()
            .any(|t| names(t).iter().any(|c| wanted_concepts.contains(c)));
        if !present {
            let wanted: Vec<&str> = hit.targets.iter().map(|t| t.term.as_str()).collect();
            out.push(problem(
                CheckRule::MissingTerm,
                Side::Source,
                hit,
                format!(
                    "{} ({}) has no translation in the target: expected {}",
                    hit.text,
                    hit.concept,
                    wanted.join(" or ")
                ),
            ));
        }
    }
    for hit in &tgt_hits {
        for flag in &hit.flags {
            let rule = match flag.rule {
                FlagRule::Forbidden => CheckRule::ForbiddenTerm,
                FlagRule::Deprecated => CheckRule::DeprecatedTerm,
                FlagRule::OutOfDate => CheckRule::OutOfDate,
                FlagRule::Ambiguous => continue,
            };
            out.push(problem(rule, Side::Target, hit, flag.message.clone()));
        }
    }
    out.extend(number_problems(pair, &src, &tgt));
    out
}

/// A number as written, with its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// The value, multipliers applied (`1,5 млн` → 1 500 000).
    pub value: f64,
    /// Character range in the text (the digits and any multiplier word).
    pub start: usize,
    pub end: usize,
    pub text: String,
}

const RU_MULTIPLIERS: &[(&str, f64)] = &[
    ("тыс", 1e3),
    ("тысяча", 1e3),
    ("тысячи", 1e3),
    ("тысяч", 1e3),
    ("тысячу", 1e3),
    ("тысячами", 1e3),
    ("млн", 1e6),
    ("миллион", 1e6),
    ("миллиона", 1e6),
    ("миллионов", 1e6),
    ("миллионами", 1e6),
    ("млрд", 1e9),
    ("миллиард", 1e9),
    ("миллиарда", 1e9),
    ("миллиардов", 1e9),
    ("трлн", 1e12),
    ("триллион", 1e12),
    ("триллиона", 1e12),
    ("триллионов", 1e12),
];

const EN_MULTIPLIERS: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("thousands", 1e3),
    ("k", 1e3),
    ("million", 1e6),
    ("millions", 1e6),
    ("mln", 1e6),
    ("m", 1e6),
    ("billion", 1e9),
    ("billions", 1e9),
    ("bn", 1e9),
    ("bln", 1e9),
    ("trillion", 1e12),
    ("trillions", 1e12),
    ("tn", 1e12),
];

/// The numbers of an analyzed text. Space-separated groups of three
/// digits join (`10 000`, `1 500 000`); a range `2019-2021` is two numbers;
/// a multiplier word right after a number multiplies it; ordinals
/// (`5-й`, `5th`) count as their number.
pub fn numbers(analyzed: &Analyzed) -> Vec<Number> {
    let text = analyzed.text.as_str();
    let tokens = &analyzed.tokens;
    let lang = analyzed.lang;
    let multipliers = match lang {
        Lang::Ru => RU_MULTIPLIERS,
        Lang::En => EN_MULTIPLIERS,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some(digits) = numeric_part(&tokens[i]) else {
            i += 1;
            continue;
        };
        let start = tokens[i].start;
        let mut end = tokens[i].end;
        let mut written = digits.to_string();
        // Thousands groups separated by (non-breaking) spaces.
        while tokens[i].number
            && !written.contains(['.', ','])
            && i + 1 < tokens.len()
            && tokens[i + 1].number
            && tokens[i + 1].norm.len() == 3
            && tokens[i + 1].norm.chars().all(|c| c.is_ascii_digit())
            && text[end..tokens[i + 1].start]
                .chars()
                .all(char::is_whitespace)
            && text[end..tokens[i + 1].start].chars().count() == 1
        {
            i += 1;
            written.push_str(&tokens[i].norm);
            end = tokens[i].end;
        }
        let parts: Vec<&str> = if written.contains('-') {
            written.split('-').collect()
        } else {
            vec![written.as_str()]
        };
        let mut factor = 1.0;
        if let Some(next) = tokens.get(i + 1) {
            let gap = &text[end..next.start];
            if gap.chars().all(char::is_whitespace) {
                if let Some((_, f)) = multipliers.iter().find(|(w, _)| *w == next.norm) {
                    factor = *f;
                    end = next.end;
                    i += 1;
                }
            }
        }
        for part in parts {
            if let Some(value) = parse_value(part, lang) {
                out.push(Number {
                    value: value * factor,
                    start: char_offset(text, start),
                    end: char_offset(text, end),
                    text: text[start..end].to_string(),
                });
            }
        }
        i += 1;
    }
    out
}

/// The digits of a number token, or of an ordinal (`5-й`, `5th`).
fn numeric_part(token: &Token) -> Option<&str> {
    if token.number {
        return Some(&token.norm);
    }
    let digits_end = token
        .norm
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit()))
        .map(|(i, _)| i)?;
    if digits_end == 0 {
        return None;
    }
    let rest = &token.norm[digits_end..];
    let ordinal = ["st", "nd", "rd", "th", "s"].contains(&rest)
        || (rest.starts_with('-')
            && rest[1..].chars().all(|c| ('а'..='я').contains(&c))
            && rest.len() > 1);
    ordinal.then(|| &token.norm[..digits_end])
}

/// The value of a written number in `lang`'s convention
/// ([`read_number`]); a date or version is none.
fn parse_value(written: &str, lang: Lang) -> Option<f64> {
    read_number(written, lang)?.value()
}

fn char_offset(text: &str, byte: usize) -> usize {
    CharOffsets::new(text).at(byte)
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Numbers of one side that the other side lacks (as multisets of values).
fn number_problems(pair: usize, src: &Analyzed, tgt: &Analyzed) -> Vec<Problem> {
    let source = numbers(src);
    let target = numbers(tgt);
    let mut out = Vec::new();
    let unmatched = |ours: &[Number], theirs: &[Number]| -> Vec<Number> {
        let mut used = vec![false; theirs.len()];
        ours.iter()
            .filter(|n| {
                match theirs
                    .iter()
                    .enumerate()
                    .find(|(k, t)| !used[*k] && same(t.value, n.value))
                {
                    Some((k, _)) => {
                        used[k] = true;
                        false
                    }
                    None => true,
                }
            })
            .cloned()
            .collect()
    };
    for (side, missing, other) in [
        (Side::Source, unmatched(&source, &target), "target"),
        (Side::Target, unmatched(&target, &source), "source"),
    ] {
        for n in missing {
            out.push(Problem {
                pair,
                rule: CheckRule::NumberMismatch,
                side,
                start: n.start,
                end: n.end,
                text: n.text.clone(),
                message: format!("{} ({}) is not in the {other}", n.text, show(n.value)),
            });
        }
    }
    out
}

fn show(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, lang: Lang) -> Vec<f64> {
        numbers(&analyze(text, lang))
            .into_iter()
            .map(|n| n.value)
            .collect()
    }

    #[test]
    fn number_values_table() {
        let cases: &[(&str, Lang, &str, &[f64])] = &[
            (
                "russian decimal comma and million",
                Lang::Ru,
                "1,5 млн тенге",
                &[1.5e6],
            ),
            (
                "english decimal point and million",
                Lang::En,
                "1.5 million tenge",
                &[1.5e6],
            ),
            (
                "russian space-grouped thousands",
                Lang::Ru,
                "10 000 человек",
                &[1e4],
            ),
            (
                "russian nbsp-grouped millions",
                Lang::Ru,
                "1\u{a0}500\u{a0}000 тенге",
                &[1.5e6],
            ),
            (
                "english comma-grouped thousands",
                Lang::En,
                "10,000 people",
                &[1e4],
            ),
            (
                "russian abbreviation with a full stop",
                Lang::Ru,
                "50 тыс. жителей",
                &[5e4],
            ),
            (
                "english thousand",
                Lang::En,
                "50 thousand residents",
                &[5e4],
            ),
            (
                "billion abbreviations",
                Lang::En,
                "$2 bn and 3 billion",
                &[2e9, 3e9],
            ),
            (
                "percent sign and word",
                Lang::Ru,
                "5% и 7 процентов",
                &[5.0, 7.0],
            ),
            (
                "range is two numbers",
                Lang::Ru,
                "в 2019–2021 годах",
                &[2019.0, 2021.0],
            ),
            ("ordinals", Lang::En, "the 5th congress", &[5.0]),
            ("russian ordinal", Lang::Ru, "5-й съезд", &[5.0]),
            (
                "a year and a day",
                Lang::Ru,
                "5 июня 2022 года",
                &[5.0, 2022.0],
            ),
            (
                "groups of three join",
                Lang::Ru,
                "12 345 678 тенге",
                &[12345678.0],
            ),
            (
                "numbers apart stay apart",
                Lang::Ru,
                "пункты 5 и 600",
                &[5.0, 600.0],
            ),
            ("alphanumeric is no number", Lang::En, "COVID-19", &[]),
        ];
        for (rule, lang, text, want) in cases {
            assert_eq!(values(text, *lang), *want, "{rule}: {text}");
        }
    }

    fn rules(source: &str, target: &str) -> Vec<(CheckRule, Side, String)> {
        let g = Glossary::default();
        check_pair(
            &g,
            1,
            source,
            target,
            Lang::Ru,
            "2020-05-01".parse().unwrap(),
        )
        .into_iter()
        .map(|p| (p.rule, p.side, p.text))
        .collect()
    }

    #[test]
    fn number_rules_table() {
        use CheckRule::NumberMismatch as N;
        type Want = Vec<(CheckRule, Side, String)>;
        let cases: Vec<(&str, &str, &str, Want)> = vec![
            (
                "equal millions",
                "Бюджет вырос на 1,5 млн тенге.",
                "The budget grew by 1.5 million tenge.",
                vec![],
            ),
            (
                "grouped thousands",
                "Пришли 10 000 человек.",
                "10,000 people came.",
                vec![],
            ),
            (
                "thousand abbreviation",
                "Около 50 тыс. жителей.",
                "About 50 thousand residents.",
                vec![],
            ),
            (
                "percent forms",
                "Инфляция 8,4% и 7 процентов.",
                "Inflation of 8.4 percent and 7%.",
                vec![],
            ),
            (
                "millions vs thousands",
                "Собрали 1,5 млн тенге.",
                "They raised 1.5 thousand tenge.",
                vec![
                    (N, Side::Source, "1,5 млн".into()),
                    (N, Side::Target, "1.5 thousand".into()),
                ],
            ),
            (
                "a dropped year",
                "В 2019 году выборы прошли 9 июня.",
                "The election was held on June 9.",
                vec![(N, Side::Source, "2019".into())],
            ),
            (
                "decimal read in each convention",
                "Рост составил 1,500.",
                "Growth was 1,500.",
                vec![
                    (N, Side::Source, "1,500".into()),
                    (N, Side::Target, "1,500".into()),
                ],
            ),
        ];
        for (rule, source, target, want) in cases {
            assert_eq!(rules(source, target), want, "{rule}");
        }
    }
}
