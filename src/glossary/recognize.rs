//! Term recognition: which glossary terms a text contains, where, and which
//! target term applies on the text's date.
//!
//! Every written form of an entry (term and variants, each side) becomes a
//! *pattern*: its words, each with the set of its inflected forms
//! ([`super::forms`]) and, in Russian, the Snowball stems of those forms.
//! A text word matches a pattern word at one of three levels:
//! exact (same normalized word) > form (one of its generated forms) > stem
//! (Russian only: same stem as one of its forms, stems of 4+ letters). A
//! multi-word pattern needs consecutive words with nothing but spaces,
//! quotes or `/` between them. Case follows memoQ's "permissive" rule for
//! names: a word written with a capital in a proper-noun entry needs a
//! capital in the text (except the first word of a multi-word name, which
//! running text may lower-case), and an abbreviation written in capitals
//! needs capitals; everything else is case-insensitive, as are ё and
//! quotes (through `text::analyze`).
//!
//! Among overlapping candidates the longest wins (in words, then in
//! characters), then the better-matched (more exact words), then the
//! leftmost; accepted hits never overlap, and a word is never matched
//! inside a longer word because matching is word by word.
//!
//! A pattern fires only for rows whose `context` the segment satisfies
//! ([`super::context`]). Where nothing matched, a person's surname alone
//! finds the person ([`super::surnames`]); initials before a one-word
//! person hit join it if they fit the first name. An English adjective
//! row does not claim a plural or possessive (`Kazakhs` is the noun's).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::context::Purpose;
use super::entry::Status;
use super::surnames::{first_initials, initials_before};
use super::table::{Owner, Table};
use super::{EntryRef, Glossary};
use crate::text::{analyze, fold_char, normalize, Analyzed, CharOffsets, Fold, Lang, Token};
use crate::unit::Date;

/// One term found in a text.
#[derive(Debug, Clone, Serialize)]
pub struct TermHit {
    /// Character range of the hit in the text.
    pub start: usize,
    pub end: usize,
    /// The hit as written in the text.
    pub text: String,
    pub concept: String,
    /// The glossary form that matched (term or variant).
    pub term: String,
    pub variant: bool,
    /// The status of the matched form on its side.
    pub status: Status,
    /// Whether the matched row is valid on the text's date.
    pub valid: bool,
    /// The row that matched best.
    pub entry: EntryRef,
    /// The target terms that apply on the date, best first.
    pub targets: Vec<Target>,
    /// What is wrong with the term as used: forbidden, deprecated, out of date.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<Flag>,
    /// Other concepts the same words name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    /// Every person a surname alone may name (it names more than one; the
    /// hit also carries an `ambiguous` flag); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    /// Indices of the matched rows (of `concept`) in the glossary.
    #[serde(skip)]
    pub rows: Vec<usize>,
}

/// A target term offered for a hit.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub term: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    pub status: Status,
    /// `always`, `from …`, `until …`, `… – …`.
    pub validity: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub entry: EntryRef,
    #[serde(skip)]
    pub row: usize,
}

/// A problem with a term as used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub rule: FlagRule,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlagRule {
    Forbidden,
    Deprecated,
    OutOfDate,
    /// A surname alone that several persons of the glossary share.
    Ambiguous,
}

impl FlagRule {
    pub fn name(self) -> &'static str {
        match self {
            FlagRule::Forbidden => "forbidden",
            FlagRule::Deprecated => "deprecated",
            FlagRule::OutOfDate => "out-of-date",
            FlagRule::Ambiguous => "ambiguous",
        }
    }
}

/// The last word of a name (`Amirzhan Kosanov → Kosanov`).
fn surname(name: &str) -> String {
    name.split_whitespace().last().unwrap_or(name).to_string()
}

/// A candidate match before overlaps are resolved.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    first: usize,
    len: usize,
    chars: usize,
    quality: usize,
    pattern: u32,
}

/// Whether the text between two words lets them form one term: spaces,
/// quotes, slashes and invisible characters only.
fn joinable(gap: &str) -> bool {
    gap.chars().all(|c| match fold_char(c) {
        Fold::Space | Fold::Remove => true,
        Fold::Char(c) => matches!(c, '"' | '\'' | '/'),
    })
}

/// How well text word `token` (written `raw`) matches each pattern word it
/// matches at all: 3 exact, 2 inflected form, 1 same stem.
fn levels(table: &Table, token: &Token, raw: &str) -> HashMap<u32, usize> {
    let mut found: HashMap<u32, usize> = HashMap::new();
    for id in table.words_with(&token.stem, true) {
        found.insert(id, 1);
    }
    for id in table.words_with(&token.norm, false) {
        found.insert(id, 2);
    }
    found.retain(|&id, level| match table.word(id) {
        Some((word, _)) if word.case.allows(raw) => {
            if word.norm == token.norm {
                *level = 3;
            }
            true
        }
        _ => false,
    });
    found
}

/// The non-overlapping matches in `analyzed` of the patterns of `table`
/// that `allowed` lets fire: (first token, token count, pattern).
pub(super) fn find(
    table: &Table,
    analyzed: &Analyzed,
    allowed: &dyn Fn(u32) -> bool,
) -> Vec<(usize, usize, u32)> {
    let tokens = &analyzed.tokens;
    let text = analyzed.text.as_str();
    let levels: Vec<HashMap<u32, usize>> = tokens
        .iter()
        .map(|t| levels(table, t, &text[t.start..t.end]))
        .collect();
    let mut candidates = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        for &first in levels[i].keys() {
            let starts = table
                .word(first)
                .map(|(_, starts)| starts)
                .unwrap_or_default();
            for id in starts {
                let Some(words) = table.pattern_words(id) else {
                    continue;
                };
                let len = words.len();
                if len == 0 || i + len > tokens.len() {
                    continue;
                }
                let mut quality = 0;
                for (j, word) in words.iter().enumerate() {
                    let t = &tokens[i + j];
                    if j > 0 && !joinable(&text[tokens[i + j - 1].end..t.start]) {
                        quality = 0;
                        break;
                    }
                    match levels[i + j].get(word) {
                        Some(level) => quality += level,
                        None => {
                            quality = 0;
                            break;
                        }
                    }
                }
                if quality > 0 && allowed(id) {
                    let chars = text[token.start..tokens[i + len - 1].end].chars().count();
                    candidates.push(Candidate {
                        first: i,
                        len,
                        chars,
                        quality,
                        pattern: id,
                    });
                }
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.len
            .cmp(&a.len)
            .then(b.chars.cmp(&a.chars))
            .then(b.quality.cmp(&a.quality))
            .then(a.first.cmp(&b.first))
            .then(a.pattern.cmp(&b.pattern))
    });
    let mut taken = vec![false; tokens.len()];
    let mut accepted = Vec::new();
    for c in candidates {
        if taken[c.first..c.first + c.len].iter().any(|&t| t) {
            continue;
        }
        taken[c.first..c.first + c.len].fill(true);
        accepted.push((c.first, c.len, c.pattern));
    }
    accepted.sort_unstable();
    accepted
}

impl Glossary {
    /// The glossary terms in `text` (in `lang`) with the target terms that
    /// apply on `date`, in text order, never overlapping.
    pub fn recognize(&self, text: &str, lang: Lang, date: Date) -> Vec<TermHit> {
        self.recognize_analyzed(&analyze(text, lang), date)
    }

    /// [`Glossary::recognize`] on an analyzed text: the terms offered to a
    /// translator (entries kept for `check` only are left out).
    pub fn recognize_analyzed(&self, analyzed: &Analyzed, date: Date) -> Vec<TermHit> {
        self.recognize_for(analyzed, date, Purpose::Offer)
    }

    /// The terms of an analyzed text for `purpose`: each entry fires only
    /// where its `context` allows ([`super::context`]), and a person's
    /// surname alone finds the person ([`super::surnames`]).
    pub fn recognize_for(&self, analyzed: &Analyzed, date: Date, purpose: Purpose) -> Vec<TermHit> {
        let lang = analyzed.lang;
        let text = analyzed.text.as_str();
        let fires = |row: usize| {
            self.contexts
                .get(row)
                .is_none_or(|c| c.is_empty() || c.allows(analyzed, purpose))
        };
        let table = &self.tables[lang as usize];
        let owners_of = |id: u32| -> Vec<Owner> {
            let mut owners = table.owners(id).unwrap_or_default();
            owners.retain(|o| fires(o.row));
            owners
        };
        // (first token, token count, owners, derived from a full name)
        let mut spans: Vec<(usize, usize, Vec<Owner>, bool)> =
            find(table, analyzed, &|id| !owners_of(id).is_empty())
                .into_iter()
                .map(|(first, len, id)| (first, len, owners_of(id), false))
                .collect();
        let surnames = &self.surnames;
        let derived_table = &surnames.tables[lang as usize];
        let derived_owners = |id: u32| -> Vec<Owner> {
            let mut owners = derived_table.owners(id).unwrap_or_default();
            owners.retain_mut(|o| match surnames.rows.get(o.row) {
                Some(&row) => {
                    o.row = row;
                    o.variant = true;
                    fires(row)
                }
                None => false,
            });
            owners
        };
        let mut taken = vec![false; analyzed.tokens.len()];
        for (first, len, _, _) in &spans {
            taken[*first..first + len].fill(true);
        }
        for (first, len, id) in find(derived_table, analyzed, &|id| {
            !derived_owners(id).is_empty()
        }) {
            if !taken[first..first + len].iter().any(|&t| t) {
                spans.push((first, len, derived_owners(id), true));
            }
        }
        spans.sort_by_key(|(first, ..)| *first);
        let mut chars = CharOffsets::new(text);
        let mut hits = Vec::new();
        for (mut first, len, mut owners, derived) in spans {
            let last = first + len - 1;
            if len == 1 {
                let Some(at) = self.persons_by_initials(analyzed, first, &mut owners) else {
                    continue;
                };
                first = at;
            }
            let start = analyzed.tokens[first].start;
            let end = analyzed.tokens[last].end;
            if lang == Lang::En {
                // English adjectives do not inflect: `Kazakhs` is the noun's
                // plural, not a form of the adjective `Kazakh`.
                let surface = normalize(&text[start..end]);
                let adjective = |o: &Owner| self.entries[o.row].pos == "adj";
                if owners.iter().any(|o| !adjective(o)) {
                    owners.retain(|o| !adjective(o) || normalize(&o.written) == surface);
                }
            }
            let mut hit = self.resolve(&owners, lang, date);
            if derived {
                self.mark_ambiguous(&mut hit, &owners, lang, date);
                // The surname alone stands for the surname alone:
                // `Косанова → Kosanov`, not the full name.
                for target in &mut hit.targets {
                    target.term = surname(&target.term);
                    for variant in &mut target.variants {
                        *variant = surname(variant);
                    }
                    let mut seen = HashSet::new();
                    target
                        .variants
                        .retain(|v| *v != target.term && seen.insert(v.clone()));
                }
                let mut seen = HashSet::new();
                hit.targets.retain(|t| seen.insert(t.term.clone()));
            }
            hit.text = text[start..end].to_string();
            hit.start = chars.at(start);
            hit.end = chars.at(end);
            hits.push(hit);
        }
        hits
    }

    /// Initials before a one-word person hit at token `first`: keeps the
    /// owners whose person has a first name of that initial and gives the
    /// token where the hit starts (the first initial's, or `first`);
    /// `None` when the initials name none of them. Owners of other
    /// domains ignore initials.
    fn persons_by_initials(
        &self,
        analyzed: &Analyzed,
        first: usize,
        owners: &mut Vec<Owner>,
    ) -> Option<usize> {
        let lang = analyzed.lang;
        let Some((at, initials)) = initials_before(analyzed, first) else {
            return Some(first);
        };
        let is_person = |o: &Owner| self.entries[o.row].domain == "person";
        if !owners.iter().any(is_person) {
            return Some(first);
        }
        let initial = initials[0].to_uppercase().next().unwrap_or(initials[0]);
        owners.retain(|o| {
            is_person(o)
                && self
                    .concept_rows(&self.entries[o.row].concept)
                    .iter()
                    .any(|&r| first_initials(&self.entries[r], lang).contains(&initial))
        });
        (!owners.is_empty()).then_some(at)
    }

    /// A derived surname that several persons share: the hit says so (an
    /// `ambiguous` flag, every person in `candidates`, each one's targets).
    fn mark_ambiguous(&self, hit: &mut TermHit, owners: &[Owner], lang: Lang, date: Date) {
        let mut concepts: Vec<String> = owners
            .iter()
            .map(|o| self.entries[o.row].concept.clone())
            .collect();
        concepts.sort();
        concepts.dedup();
        if concepts.len() < 2 {
            return;
        }
        let names: Vec<String> = concepts
            .iter()
            .filter_map(|c| {
                let row = *self.concept_rows(c).first()?;
                let e = &self.entries[row];
                Some(format!("{} ({c})", e.term(lang)))
            })
            .collect();
        hit.flags.push(Flag {
            rule: FlagRule::Ambiguous,
            message: format!(
                "{} alone may name {}: name the person in full",
                hit.term,
                names.join(" or ")
            ),
        });
        for concept in concepts.iter().filter(|c| **c != hit.concept) {
            let rows: Vec<usize> = owners
                .iter()
                .filter(|o| self.entries[o.row].concept == *concept)
                .map(|o| o.row)
                .collect();
            hit.targets
                .extend(self.targets(&rows, concept, lang.other(), date));
        }
        hit.candidates = concepts;
    }

    /// Turns the owners of a matched pattern into a hit (without its span).
    fn resolve(&self, owners: &[Owner], lang: Lang, date: Date) -> TermHit {
        let other = lang.other();
        let rank = |o: &Owner| {
            let e = &self.entries[o.row];
            (!self.side_is_good(o.row, lang), e.status, o.variant, o.row)
        };
        let best = owners
            .iter()
            .min_by_key(|o| rank(o))
            .cloned()
            .unwrap_or(Owner {
                row: 0,
                variant: false,
                written: String::new(),
            });
        let entry = &self.entries[best.row];
        let concept = entry.concept.clone();
        let mut rows: Vec<usize> = owners
            .iter()
            .filter(|o| self.entries[o.row].concept == concept)
            .map(|o| o.row)
            .collect();
        rows.sort_unstable();
        rows.dedup();
        let mut also: Vec<String> = owners
            .iter()
            .map(|o| self.entries[o.row].concept.clone())
            .filter(|c| *c != concept)
            .collect();
        also.sort();
        also.dedup();

        let good_rows: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&r| self.side_is_good(r, lang))
            .collect();
        let status = self.side_status(best.row, lang);
        let considered = if good_rows.is_empty() {
            &rows
        } else {
            &good_rows
        };
        let valid = considered.iter().any(|&r| self.entries[r].valid_on(date));

        let targets = self.targets(&rows, &concept, other, date);
        let flags = self.flags(&best, status, valid, considered, lang, date);

        TermHit {
            start: 0,
            end: 0,
            text: String::new(),
            concept,
            term: best.written.clone(),
            variant: best.variant,
            status,
            valid,
            entry: self.refs[best.row].clone(),
            targets,
            flags,
            also,
            candidates: Vec::new(),
            rows,
        }
    }

    /// The target terms of a hit: the matched rows valid on the date with a
    /// usable other side; else the concept's names on that date; else what
    /// the matched rows say, whatever their status.
    fn targets(&self, rows: &[usize], concept: &str, other: Lang, date: Date) -> Vec<Target> {
        let mut targets: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&r| self.entries[r].valid_on(date) && self.side_is_good(r, other))
            .collect();
        if targets.is_empty() {
            targets = self.names_on(concept, date);
        }
        if targets.is_empty() {
            targets = rows.to_vec();
        }
        targets.sort_by_key(|&r| (self.side_status(r, other), r));
        let mut seen = HashSet::new();
        targets
            .into_iter()
            .filter(|&r| seen.insert(self.entries[r].term(other).to_string()))
            .map(|r| self.target(r, other))
            .collect()
    }

    /// The flags of a hit: a deprecated or forbidden term, a term out of
    /// its validity on the date.
    fn flags(
        &self,
        best: &Owner,
        status: Status,
        valid: bool,
        considered: &[usize],
        lang: Lang,
        date: Date,
    ) -> Vec<Flag> {
        let entry = &self.entries[best.row];
        let concept = &entry.concept;
        let mut flags = Vec::new();
        if !status.is_good() {
            let rule = if status == Status::Forbidden {
                FlagRule::Forbidden
            } else {
                FlagRule::Deprecated
            };
            let mut message = format!("{} is {status}", best.written);
            if !entry.note.is_empty() {
                message.push_str(&format!(" ({})", entry.note));
            }
            if let Some(name) = self.name_on(concept, date, lang) {
                message.push_str(&format!("; write {name}"));
            }
            flags.push(Flag { rule, message });
        }
        if !valid {
            let periods: Vec<String> = considered
                .iter()
                .map(|&r| self.entries[r].validity())
                .collect();
            let mut message = format!(
                "{} is not valid on {date} (valid {})",
                best.written,
                periods.join(", ")
            );
            if let Some(name) = self.name_on(concept, date, lang) {
                message.push_str(&format!("; on that date: {name}"));
            }
            flags.push(Flag {
                rule: FlagRule::OutOfDate,
                message,
            });
        }
        flags
    }

    fn target(&self, row: usize, lang: Lang) -> Target {
        let e = &self.entries[row];
        Target {
            term: e.term(lang).to_string(),
            variants: e.variants(lang).to_vec(),
            status: self.side_status(row, lang),
            validity: e.validity(),
            note: e.note.clone(),
            entry: self.refs[row].clone(),
            row,
        }
    }

    /// The rows of `concept` valid on `date` whose both sides are fit for
    /// copy, best status first.
    pub(super) fn names_on(&self, concept: &str, date: Date) -> Vec<usize> {
        let mut rows: Vec<usize> = self
            .by_concept
            .get(concept)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&r| {
                self.entries[r].valid_on(date)
                    && self.side_is_good(r, Lang::Ru)
                    && self.side_is_good(r, Lang::En)
            })
            .collect();
        rows.sort_by_key(|&r| (self.entries[r].status, r));
        rows
    }

    /// `Нур-Султан / Nur-Sultan`: the concept's best name on `date`, the
    /// side of `lang` first.
    fn name_on(&self, concept: &str, date: Date, lang: Lang) -> Option<String> {
        let row = *self.names_on(concept, date).first()?;
        let e = &self.entries[row];
        Some(format!("{} / {}", e.term(lang), e.term(lang.other())))
    }
}
