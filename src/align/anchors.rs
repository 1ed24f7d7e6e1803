//! Anchor evidence: things a sentence and its translation share whatever
//! the words around them, such as numbers, dates, names and quotations.
//!
//! An [`Anchors`] finder lists, for one sentence, [`Anchor`]s: a kind and a
//! key. A Russian and an English sentence that hold the same key (for
//! [`AnchorKind::Name`], keys similar enough by transliteration) are likely
//! translations of each other. The aligner resolves keys across the whole
//! article first ([`AnchorTable`]): only keys found on both sides count,
//! and a key found in many sentences counts less than a rare one.
//!
//! Built in, all run by [`Builtin`]: [`Numbers`], [`Dates`] (months and
//! weekdays), [`Names`] (capitalized words, and long lower-case words as
//! cognates) and [`Quotes`].
//!
//! Other evidence plugs in through the same trait. This is the hook for
//! the glossary: a term recognizer emits [`AnchorKind::Term`] with the
//! entry's id as the key on both sides (`Нур-Султане` and `Nur-Sultan` →
//! the same key) and goes into [`AlignOptions::anchors`]; no change to the
//! aligner is needed. [`MemoryAnchors`](super::MemoryAnchors) plugs in the
//! same way with the units a memory already holds for a sentence.
//!
//! [`AlignOptions::anchors`]: super::AlignOptions::anchors

use std::collections::HashMap;

use super::translit::{name_similarity, skeleton, transliterate};
use crate::text::{fold_char, words, Fold, Lang, Word};

/// What an anchor is; each kind has its own weight in the aligner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AnchorKind {
    /// A number, canonical: `1.5` for `1,5` and `1.5`, `10000` for
    /// `10 000` and `10,000`.
    Number,
    /// A month or weekday, as `m3` (March, марта) or `d1` (Monday).
    Date,
    /// A capitalized word, as a transliteration skeleton; matched across
    /// languages by similarity, not equality.
    Name,
    /// A long lower-case word, as a transliteration skeleton, matched like
    /// names: international words (`парламент`/`parliament`,
    /// `экономики`/`economy`).
    Cognate,
    /// A quotation (direct speech, a title in quotes).
    Quote,
    /// A glossary term, keyed by its entry.
    Term,
    /// A pair the memory already holds.
    Memory,
}

impl AnchorKind {
    /// Whether keys of this kind pair by similarity (names, cognates)
    /// rather than equality.
    pub fn is_fuzzy(self) -> bool {
        matches!(self, AnchorKind::Name | AnchorKind::Cognate)
    }
}

/// One piece of evidence found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Anchor {
    pub kind: AnchorKind,
    pub key: String,
}

impl Anchor {
    pub fn new(kind: AnchorKind, key: impl Into<String>) -> Anchor {
        Anchor {
            kind,
            key: key.into(),
        }
    }
}

/// A finder of anchors. Implementations must be cheap: the aligner calls
/// them once per sentence of both sides.
pub trait Anchors {
    /// Appends the anchors of `sentence`, written in `lang`, to `out`.
    fn find(&self, sentence: &str, lang: Lang, out: &mut Vec<Anchor>);
}

/// Numbers, canonical across the two languages' conventions:
/// - Russian: `,` is the decimal separator, a space (or NBSP, thin space)
///   groups thousands (`10 000`, `1 500 000`);
/// - English: `,` groups thousands when three digits follow (`10,000`),
///   `.` is the decimal separator;
/// - dates and ranges split into their numbers (`14.02.2021` → 14, 2,
///   2021; `2019–2021` → 2019, 2021), leading zeros and a decimal part of
///   zeros dropped (`05` → 5, `1.50` → 1.5), ordinals lose their suffix
///   (`19th`, `19-го` → 19).
#[derive(Debug, Clone, Copy, Default)]
pub struct Numbers;

impl Anchors for Numbers {
    fn find(&self, sentence: &str, lang: Lang, out: &mut Vec<Anchor>) {
        numbers_in(sentence, &words(sentence), lang, out);
    }
}

fn numbers_in(sentence: &str, ws: &[Word], lang: Lang, out: &mut Vec<Anchor>) {
    let mut i = 0;
    while i < ws.len() {
        let word = &ws[i];
        i += 1;
        if !word.norm.starts_with(|c: char| c.is_ascii_digit()) {
            if let Some(n) = number_word(&word.norm, lang) {
                out.push(Anchor::new(AnchorKind::Number, n.to_string()));
            }
            continue;
        }
        let mut raw = word.norm.clone();
        // Russian thousands groups: `10 000`, `1 500 000`.
        if lang == Lang::Ru && is_group_head(&raw) {
            while let Some(next) = ws.get(i) {
                let gap = &sentence[ws[i - 1].end..next.start];
                if is_group(&next.norm) && !gap.is_empty() && gap.chars().all(is_space) {
                    raw.push_str(&next.norm);
                    i += 1;
                } else {
                    break;
                }
            }
        }
        for part in raw.split('-') {
            canonical_numbers(part, lang, &mut |n| {
                out.push(Anchor::new(AnchorKind::Number, n));
            });
        }
    }
}

/// Numbers written out, two to fifty and a hundred, in their Russian
/// case forms (`пяти`, `двумя`). One is left out: `один` and `one` are
/// pronouns as often as numbers; so is `семью` (family).
const RUSSIAN_NUMBER_WORDS: &[(&str, u32)] = &[
    ("два", 2),
    ("две", 2),
    ("двух", 2),
    ("двум", 2),
    ("двумя", 2),
    ("двое", 2),
    ("двоих", 2),
    ("три", 3),
    ("трех", 3),
    ("трем", 3),
    ("тремя", 3),
    ("трое", 3),
    ("троих", 3),
    ("четыре", 4),
    ("четырех", 4),
    ("четырем", 4),
    ("четырьмя", 4),
    ("четверо", 4),
    ("пять", 5),
    ("пяти", 5),
    ("пятью", 5),
    ("пятеро", 5),
    ("шесть", 6),
    ("шести", 6),
    ("шестью", 6),
    ("семь", 7),
    ("семи", 7),
    ("восемь", 8),
    ("восьми", 8),
    ("восемью", 8),
    ("девять", 9),
    ("девяти", 9),
    ("девятью", 9),
    ("десять", 10),
    ("десяти", 10),
    ("десятью", 10),
    ("одиннадцать", 11),
    ("одиннадцати", 11),
    ("двенадцать", 12),
    ("двенадцати", 12),
    ("пятнадцать", 15),
    ("пятнадцати", 15),
    ("двадцать", 20),
    ("двадцати", 20),
    ("тридцать", 30),
    ("тридцати", 30),
    ("сорок", 40),
    ("сорока", 40),
    ("пятьдесят", 50),
    ("пятидесяти", 50),
    ("сто", 100),
    ("ста", 100),
];

const ENGLISH_NUMBER_WORDS: &[(&str, u32)] = &[
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("hundred", 100),
];

/// The value of a number written out (`пяти` → 5, `twenty` → 20).
fn number_word(norm: &str, lang: Lang) -> Option<u32> {
    let table = match lang {
        Lang::Ru => RUSSIAN_NUMBER_WORDS,
        Lang::En => ENGLISH_NUMBER_WORDS,
    };
    table.iter().find(|(w, _)| *w == norm).map(|(_, n)| *n)
}

fn is_space(c: char) -> bool {
    fold_char(c) == Fold::Space
}

/// One to three digits and nothing else: may start a spaced number.
fn is_group_head(norm: &str) -> bool {
    (1..=3).contains(&norm.len()) && norm.bytes().all(|b| b.is_ascii_digit())
}

/// Exactly three digits: a thousands group.
fn is_group(norm: &str) -> bool {
    norm.len() == 3 && norm.bytes().all(|b| b.is_ascii_digit())
}

/// The canonical numbers of one number word without hyphens.
fn canonical_numbers(part: &str, lang: Lang, emit: &mut dyn FnMut(String)) {
    // The leading number of `19th`, `3d`, `1990s`.
    let end = part
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(part.len());
    let number = part[..end].trim_end_matches(['.', ',']);
    if number.is_empty() {
        return;
    }
    let separators: Vec<char> = number.chars().filter(|c| !c.is_ascii_digit()).collect();
    let groups: Vec<&str> = number.split(['.', ',']).collect();
    let thousands = |sep: char| {
        separators.iter().all(|&s| s == sep)
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3)
    };
    match separators.len() {
        0 => emit(integer(number)),
        1 if lang == Lang::En && separators[0] == ',' && thousands(',') => {
            emit(integer(&groups.concat()))
        }
        1 => emit(decimal(groups[0], groups[1])),
        _ if thousands(',') || thousands('.') || (lang == Lang::Ru && thousands('.')) => {
            emit(integer(&groups.concat()))
        }
        // `10,000.5`
        _ if lang == Lang::En
            && separators[..separators.len() - 1].iter().all(|&s| s == ',')
            && separators.last() == Some(&'.') =>
        {
            let (whole, fraction) = groups.split_at(groups.len() - 1);
            emit(decimal(&whole.concat(), fraction[0]))
        }
        // A date or a version: each group is a number.
        _ => {
            for g in groups {
                if !g.is_empty() {
                    emit(integer(g));
                }
            }
        }
    }
}

fn integer(digits: &str) -> String {
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

fn decimal(whole: &str, fraction: &str) -> String {
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        integer(whole)
    } else {
        format!("{}.{fraction}", integer(whole))
    }
}

/// Months and weekdays, as `m1`…`m12` and `d1`…`d7`. Russian forms are
/// matched by their stem (`марта`, `мае`); English names only when
/// capitalized (`March`, not `march`; `May`, not `may`), abbreviations
/// too (`Jan.`, `Sept.`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Dates;

/// Stems of the months; May has its forms instead ([`MAY_FORMS`]): the
/// stem `ма` alone would catch too much.
const RUSSIAN_MONTHS: [&str; 12] = [
    "январ",
    "феврал",
    "март",
    "апрел",
    "",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
];
/// The forms of `май`.
const MAY_FORMS: [&str; 5] = ["май", "мая", "мае", "маю", "маем"];
const RUSSIAN_WEEKDAYS: [&str; 7] = [
    "понедельник",
    "вторник",
    "сред",
    "четверг",
    "пятниц",
    "суббот",
    "воскресень",
];
const ENGLISH_MONTHS: [&[&str]; 12] = [
    &["january", "jan"],
    &["february", "feb"],
    &["march", "mar"],
    &["april", "apr"],
    &["may"],
    &["june", "jun"],
    &["july", "jul"],
    &["august", "aug"],
    &["september", "sep", "sept"],
    &["october", "oct"],
    &["november", "nov"],
    &["december", "dec"],
];
const ENGLISH_WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl Anchors for Dates {
    fn find(&self, sentence: &str, lang: Lang, out: &mut Vec<Anchor>) {
        dates_in(sentence, &words(sentence), lang, out);
    }
}

fn dates_in(sentence: &str, ws: &[Word], lang: Lang, out: &mut Vec<Anchor>) {
    for word in ws {
        let w = word.norm.as_str();
        let found = match lang {
            Lang::Ru => russian_date(w),
            Lang::En => {
                let capitalized = sentence[word.start..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
                if capitalized {
                    english_date(w)
                } else {
                    None
                }
            }
        };
        if let Some(key) = found {
            out.push(Anchor::new(AnchorKind::Date, key));
        }
    }
}

fn russian_date(w: &str) -> Option<String> {
    if MAY_FORMS.contains(&w) {
        return Some("m5".into());
    }
    if let Some(m) = RUSSIAN_MONTHS
        .iter()
        .position(|stem| !stem.is_empty() && w.starts_with(stem))
    {
        return Some(format!("m{}", m + 1));
    }
    // `сред` (Wednesday) must be the whole weekday (`среда`, `среду`),
    // not `среди`, `средства`.
    let weekday = RUSSIAN_WEEKDAYS.iter().position(|stem| {
        if *stem == "сред" {
            matches!(w, "среда" | "среду" | "среды" | "среде" | "средам")
        } else {
            w.starts_with(stem)
        }
    })?;
    Some(format!("d{}", weekday + 1))
}

fn english_date(w: &str) -> Option<String> {
    if let Some(m) = ENGLISH_MONTHS.iter().position(|forms| forms.contains(&w)) {
        return Some(format!("m{}", m + 1));
    }
    let d = ENGLISH_WEEKDAYS.iter().position(|day| *day == w)?;
    Some(format!("d{}", d + 1))
}

/// Capitalized words (and, in Russian text, words in Latin script), keyed
/// by the skeleton of their transliteration: `Токаеву` → `tokaevu`,
/// `Tokayev` → `tokaev`. The aligner pairs them by
/// [`name_similarity`](super::translit::name_similarity), which forgives a
/// Russian case ending. A sentence's first word counts too: a false name
/// (`Однако`) finds no partner and is dropped.
#[derive(Debug, Clone, Copy, Default)]
pub struct Names;

/// Skeletons shorter than this are not names worth pairing (`В`, `On`).
const MIN_NAME_CHARS: usize = 3;
/// Lower-case words shorter than this (in letters) are not compared as
/// cognates: short words pair by chance.
const MIN_COGNATE_CHARS: usize = 6;

impl Anchors for Names {
    fn find(&self, sentence: &str, lang: Lang, out: &mut Vec<Anchor>) {
        names_in(sentence, &words(sentence), lang, out);
    }
}

fn names_in(sentence: &str, ws: &[Word], lang: Lang, out: &mut Vec<Anchor>) {
    for word in ws {
        let raw = &sentence[word.start..word.end];
        let Some(first) = raw.chars().next() else {
            continue;
        };
        let latin_in_russian = lang == Lang::Ru && first.is_ascii_alphabetic();
        if !(first.is_uppercase() || latin_in_russian) {
            if first.is_alphabetic() && raw.chars().count() >= MIN_COGNATE_CHARS {
                out.push(Anchor::new(
                    AnchorKind::Cognate,
                    skeleton(&transliterate(raw)),
                ));
            }
            continue;
        }
        // A hyphenated name is two anchors (`Нур-Султан`, `Nur-Sultan`
        // pair whole; `Кызыл-Ординской` pairs by its parts).
        for part in raw.split(|c: char| fold_char(c) == Fold::Char('-')) {
            let key = skeleton(&transliterate(part));
            if key.len() >= MIN_NAME_CHARS {
                out.push(Anchor::new(AnchorKind::Name, key));
            }
        }
    }
}

/// Quotations: a sentence with quotation marks (« », „ “, “ ”, ") holds
/// direct speech or a title, and so does its translation, mostly.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quotes;

impl Anchors for Quotes {
    fn find(&self, sentence: &str, _lang: Lang, out: &mut Vec<Anchor>) {
        quotes_in(sentence, out);
    }
}

fn quotes_in(sentence: &str, out: &mut Vec<Anchor>) {
    let quoted = sentence
        .chars()
        .any(|c| matches!(c, '«' | '»' | '„' | '“' | '”' | '"'));
    if quoted {
        out.push(Anchor::new(AnchorKind::Quote, "q"));
    }
}

/// All the built-in finders ([`Numbers`], [`Dates`], [`Names`],
/// [`Quotes`]) in one, splitting the sentence into words once.
#[derive(Debug, Clone, Copy, Default)]
pub struct Builtin;

impl Anchors for Builtin {
    fn find(&self, sentence: &str, lang: Lang, out: &mut Vec<Anchor>) {
        let ws = words(sentence);
        numbers_in(sentence, &ws, lang, out);
        dates_in(sentence, &ws, lang, out);
        names_in(sentence, &ws, lang, out);
        quotes_in(sentence, out);
    }
}

/// Weight of one occurrence of each kind, before rarity (see
/// [`AnchorTable`]). The defaults are tuned on the development documents
/// (see `align::eval`): numbers and names are the strongest; a quotation
/// mark says little; a pair already in the memory says most.
#[derive(Debug, Clone, PartialEq)]
pub struct KindWeights {
    pub number: f64,
    pub date: f64,
    pub name: f64,
    pub cognate: f64,
    pub quote: f64,
    pub term: f64,
    pub memory: f64,
}

impl Default for KindWeights {
    fn default() -> Self {
        KindWeights {
            number: 1.0,
            date: 0.8,
            name: 1.0,
            cognate: 0.5,
            quote: 0.8,
            term: 1.0,
            memory: 3.0,
        }
    }
}

impl KindWeights {
    pub fn of(&self, kind: AnchorKind) -> f64 {
        match kind {
            AnchorKind::Number => self.number,
            AnchorKind::Date => self.date,
            AnchorKind::Name => self.name,
            AnchorKind::Cognate => self.cognate,
            AnchorKind::Quote => self.quote,
            AnchorKind::Term => self.term,
            AnchorKind::Memory => self.memory,
        }
    }
}

/// Lowest [`name_similarity`] at which two names pair.
pub const NAME_SIMILARITY: f64 = 0.9;

/// The anchors of every sentence of an article, resolved across the two
/// sides to small ids with a weight. A key found on one side only is
/// dropped. Weight = kind weight / √(the number of sentences on the side
/// where the key is commoner): a name in every sentence hardly helps to
/// tell sentences apart.
#[derive(Debug, Clone, Default)]
pub struct AnchorTable {
    /// Per Russian sentence: sorted anchor ids (repeated for repeated anchors).
    pub ru: Vec<Vec<u32>>,
    /// Per English sentence.
    pub en: Vec<Vec<u32>>,
    /// Weight of each id.
    pub weights: Vec<f64>,
}

impl AnchorTable {
    /// Resolves the anchors found in each sentence of both sides.
    pub fn resolve(
        ru: Vec<Vec<Anchor>>,
        en: Vec<Vec<Anchor>>,
        kind_weights: &KindWeights,
    ) -> AnchorTable {
        // An id for every English key; Russian keys take the id of the
        // English key they match, or none.
        let mut ids: HashMap<(AnchorKind, String), u32> = HashMap::new();
        let en_ids: Vec<Vec<u32>> = en
            .iter()
            .map(|s| {
                s.iter()
                    .map(|a| {
                        let fresh = ids.len() as u32;
                        *ids.entry((a.kind, a.key.clone())).or_insert(fresh)
                    })
                    .collect()
            })
            .collect();
        let next = ids.len() as u32;
        // Russian names and cognates: to the most similar English one, if
        // similar enough. Skeletons of one name start with the same two
        // letters (the skeleton folds the spellings that differ there),
        // which saves most of the comparisons.
        let mut english_names: HashMap<&[u8], Vec<(&str, u32)>> = HashMap::new();
        for ((kind, key), &id) in &ids {
            if let (true, Some(start)) = (kind.is_fuzzy(), key.as_bytes().get(..2)) {
                english_names
                    .entry(start)
                    .or_default()
                    .push((key.as_str(), id));
            }
        }
        let mut name_of: HashMap<&str, Option<u32>> = HashMap::new();
        for a in ru.iter().flatten() {
            if a.kind.is_fuzzy() && !name_of.contains_key(a.key.as_str()) {
                let same_start = a
                    .key
                    .as_bytes()
                    .get(..2)
                    .and_then(|start| english_names.get(start))
                    .map_or(&[][..], Vec::as_slice);
                let best = same_start
                    .iter()
                    .map(|&(en, id)| (name_similarity(&a.key, en), id))
                    .filter(|&(s, _)| s >= NAME_SIMILARITY)
                    .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)))
                    .map(|(_, id)| id);
                name_of.insert(a.key.as_str(), best);
            }
        }
        let mut ru_ids: Vec<Vec<u32>> = Vec::with_capacity(ru.len());
        for s in &ru {
            let mut v = Vec::with_capacity(s.len());
            for a in s {
                let id = if a.kind.is_fuzzy() {
                    name_of.get(a.key.as_str()).copied().flatten()
                } else {
                    ids.get(&(a.kind, a.key.clone())).copied()
                };
                // A key unknown on the English side is no evidence.
                if let Some(id) = id {
                    v.push(id);
                }
            }
            ru_ids.push(v);
        }
        // Keep the ids present on both sides, renumbered densely.
        let mut on_ru = vec![0u32; next as usize];
        let mut on_en = vec![0u32; next as usize];
        for (side, counts) in [(&ru_ids, &mut on_ru), (&en_ids, &mut on_en)] {
            for s in side.iter() {
                let mut seen: Vec<u32> = s.clone();
                seen.sort_unstable();
                seen.dedup();
                for id in seen {
                    counts[id as usize] += 1;
                }
            }
        }
        let mut kinds: Vec<Option<AnchorKind>> = vec![None; next as usize];
        for (key, &id) in &ids {
            kinds[id as usize] = Some(key.0);
        }
        let mut dense = vec![u32::MAX; next as usize];
        let mut weights = Vec::new();
        for id in 0..next as usize {
            if on_ru[id] > 0 && on_en[id] > 0 {
                dense[id] = weights.len() as u32;
                let spread = f64::from(on_ru[id].max(on_en[id]));
                let kind = kinds[id].map_or(1.0, |k| kind_weights.of(k));
                weights.push(kind / spread.sqrt());
            }
        }
        let remap = |side: Vec<Vec<u32>>| -> Vec<Vec<u32>> {
            side.into_iter()
                .map(|s| {
                    let mut v: Vec<u32> = s
                        .into_iter()
                        .map(|id| dense[id as usize])
                        .filter(|&id| id != u32::MAX)
                        .collect();
                    v.sort_unstable();
                    v
                })
                .collect()
        };
        AnchorTable {
            ru: remap(ru_ids),
            en: remap(en_ids),
            weights,
        }
    }

    /// Weighted evidence between a group of Russian sentences and a group
    /// of English ones: (matched, unmatched). Each id counts
    /// `min(ru count, en count)` times as matched and the rest as unmatched.
    pub fn evidence(&self, ru: &[Vec<u32>], en: &[Vec<u32>]) -> (f64, f64) {
        // One sentence a side (most beads): its sorted ids as they are.
        fn merged(side: &[Vec<u32>]) -> std::borrow::Cow<'_, [u32]> {
            match side {
                [] => std::borrow::Cow::Borrowed(&[]),
                [one] => std::borrow::Cow::Borrowed(one.as_slice()),
                many => {
                    let mut v: Vec<u32> = many.iter().flatten().copied().collect();
                    v.sort_unstable();
                    std::borrow::Cow::Owned(v)
                }
            }
        }
        let (r, e) = (merged(ru), merged(en));
        let (mut matched, mut unmatched) = (0.0, 0.0);
        let (mut i, mut j) = (0, 0);
        while i < r.len() || j < e.len() {
            match (r.get(i), e.get(j)) {
                (Some(a), Some(b)) if a == b => {
                    matched += self.weights[*a as usize];
                    i += 1;
                    j += 1;
                }
                (Some(a), Some(b)) if a < b => {
                    unmatched += self.weights[*a as usize];
                    i += 1;
                }
                (Some(_), Some(b)) | (None, Some(b)) => {
                    unmatched += self.weights[*b as usize];
                    j += 1;
                }
                (Some(a), None) => {
                    unmatched += self.weights[*a as usize];
                    i += 1;
                }
                (None, None) => break,
            }
        }
        (matched, unmatched)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(finder: &dyn Anchors, text: &str, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        finder.find(text, lang, &mut out);
        out.into_iter().map(|a| a.key).collect()
    }

    #[test]
    fn numbers_table() {
        let cases: &[(&str, &str, Lang, &[&str])] = &[
            ("russian decimal comma", "рост на 1,5%", Lang::Ru, &["1.5"]),
            ("english decimal point", "grew 1.5%", Lang::En, &["1.5"]),
            (
                "russian spaced thousands",
                "10 000 человек",
                Lang::Ru,
                &["10000"],
            ),
            (
                "nbsp thousands",
                "1\u{a0}500\u{a0}000 тенге",
                Lang::Ru,
                &["1500000"],
            ),
            (
                "english comma thousands",
                "10,000 people",
                Lang::En,
                &["10000"],
            ),
            (
                "english millions",
                "1,500,000 tenge",
                Lang::En,
                &["1500000"],
            ),
            (
                "english thousands and decimal",
                "10,000.50 tenge",
                Lang::En,
                &["10000.5"],
            ),
            (
                "russian date",
                "от 14.02.2021 г.",
                Lang::Ru,
                &["14", "2", "2021"],
            ),
            (
                "english slashes",
                "on 14/02/2021",
                Lang::En,
                &["14", "2", "2021"],
            ),
            ("range", "в 2019–2021 годах", Lang::Ru, &["2019", "2021"]),
            ("ordinal", "the 19th century", Lang::En, &["19"]),
            ("russian ordinal", "19-го века", Lang::Ru, &["19"]),
            ("decade", "the 1990s", Lang::En, &["1990"]),
            (
                "two numbers not joined",
                "в 2019 году 300 человек",
                Lang::Ru,
                &["2019", "300"],
            ),
            (
                "year then group not joined",
                "в 2019 100 человек",
                Lang::Ru,
                &["2019", "100"],
            ),
            (
                "english comma list",
                "1, 2 and 3",
                Lang::En,
                &["1", "2", "3"],
            ),
            ("zero", "0,0%", Lang::Ru, &["0"]),
            ("leading zero", "в 05:30", Lang::Ru, &["5", "30"]),
        ];
        for (rule, text, lang, want) in cases {
            assert_eq!(keys(&Numbers, text, *lang), *want, "{rule}: {text}");
        }
    }

    #[test]
    fn dates_table() {
        let cases: &[(&str, &str, Lang, &[&str])] = &[
            ("russian month genitive", "15 марта", Lang::Ru, &["m3"]),
            ("russian may", "в мае и июне", Lang::Ru, &["m5", "m6"]),
            ("not may", "маяк и материк", Lang::Ru, &[]),
            ("english month", "on March 15", Lang::En, &["m3"]),
            ("english verb", "they march and may go", Lang::En, &[]),
            ("abbreviation", "Sept. 5", Lang::En, &["m9"]),
            ("weekday", "в среду и в пятницу", Lang::Ru, &["d3", "d5"]),
            ("not wednesday", "среди средств", Lang::Ru, &[]),
            ("english weekday", "on Friday", Lang::En, &["d5"]),
        ];
        for (rule, text, lang, want) in cases {
            assert_eq!(keys(&Dates, text, *lang), *want, "{rule}: {text}");
        }
    }

    #[test]
    fn names_pair_across_scripts() {
        let mut ru = Vec::new();
        Names.find(
            "Встреча Токаева с Мирзиёевым прошла в Ташкенте.",
            Lang::Ru,
            &mut ru,
        );
        let mut en = Vec::new();
        Names.find("Tokayev met Mirziyoyev in Tashkent.", Lang::En, &mut en);
        let table = AnchorTable::resolve(vec![ru], vec![en], &KindWeights::default());
        // Three names pair (the sentence-initial `Встреча` finds no partner).
        assert_eq!(table.weights.len(), 3, "{table:?}");
        let (matched, unmatched) = table.evidence(&table.ru, &table.en);
        assert!(
            (matched - 3.0).abs() < 1e-9 && unmatched == 0.0,
            "{matched} {unmatched}"
        );
    }

    #[test]
    fn one_sided_keys_are_dropped_and_common_keys_weigh_less() {
        let n = |k: &str| Anchor::new(AnchorKind::Number, k);
        let ru = vec![
            vec![n("5"), n("7")],
            vec![n("5")],
            vec![n("5")],
            vec![n("5")],
        ];
        let en = vec![vec![n("5"), n("8")], vec![n("5")]];
        let table = AnchorTable::resolve(ru, en, &KindWeights::default());
        // Only `5` is on both sides; it is in 4 Russian sentences: weight 1/2.
        assert_eq!(table.weights, vec![0.5]);
        assert_eq!(table.ru[0], vec![0]);
        assert_eq!(table.en[0], vec![0]);
        let (m, u) = table.evidence(&table.ru[0..2], &table.en[0..1]);
        assert!((m - 0.5).abs() < 1e-9 && (u - 0.5).abs() < 1e-9, "{m} {u}");
    }

    #[test]
    fn quotes_found() {
        assert_eq!(keys(&Quotes, "«Мы готовы», — сказал он.", Lang::Ru), ["q"]);
        assert!(keys(&Quotes, "He said nothing.", Lang::En).is_empty());
    }
}
