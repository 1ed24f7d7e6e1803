//! `glossary harvest`: new glossary entries proposed from the memory, for
//! an editor to review and import.
//!
//! Candidates are read from both sides of every unit the filter takes:
//!
//! - **names**: capitalized words, and runs of two or three of them
//!   (`Владимир Путин`, `Theresa May`), that the memory gives evidence for
//!   being names: a word the memory also holds in lower case (`Сторонники`,
//!   `The`, `President`) is not a name by itself, and a run that starts a
//!   sentence drops its first word unless that word is a name;
//! - **terms**: two consecutive lower-case content words (`базовая
//!   ставка`, `base rate`), by their Snowball stems.
//!
//! Russian inflects, so a name's forms are grouped by paradigm: each form
//! is given to the base whose generated forms ([`crate::glossary::forms`])
//! cover the most occurrences in the memory (`Путина`, `Путину`, `Путин`
//! → `Путин`); terms are grouped by their stems. A Russian proposal is
//! shown in its base form; when the memory holds only oblique forms, the
//! base whose romanization spells the English partner is taken
//! (`Косанова` beside `Kosanov` → `Косанов`).
//!
//! Pairs are found by co-occurrence, never by position: for every pair of
//! a Russian and an English candidate, the number of units holding both
//! (`count`) against the units holding each gives the Dice coefficient;
//! names add the similarity of their transliteration skeletons
//! ([`crate::align::name_similarity`]). Pairs are then linked one to one,
//! best first (competitive linking), so that `Путин` takes `Putin` and
//! leaves `Vladimir Putin` to `Владимир Путин`. A source term whose units
//! show another target where the linked one is absent, and no other
//! source term explains it, lists it among its `targets` with the dates
//! each was seen (a renamed city: `Киев` → `Kiev` until 2019, `Kyiv`
//! after). Pairs the glossary already holds on both sides are not
//! proposed (a side whose words all belong to a glossary form counts as
//! held: `Касым-Жомарт` of `Касым-Жомарт Токаев`); one side known names
//! the concept it belongs to.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use serde::Serialize;

use crate::align::{name_similarity, skeleton};
use crate::glossary::forms::forms;
use crate::glossary::names::romanize;
use crate::glossary::Glossary;
use crate::memory::{MemoryError, Snapshot};
use crate::text::{analyze, inline, is_cyrillic_letter, Analyzed, Lang};
use crate::unit::{Date, Unit, UnitFilter, UnitId};

/// Units holding a pair at least this often, unless `--min-count` says
/// otherwise.
pub const DEFAULT_MIN_COUNT: u32 = 3;
/// Units read between two progress reports.
pub const PROGRESS_STEP: u64 = 1_000;
/// Longest run of capitalized words taken as one name.
const MAX_NAME_WORDS: usize = 3;
/// Transliteration similarity from which a pair of names counts as
/// spelled alike.
const SIMILAR_NAMES: f64 = 0.86;
/// Dice coefficient a pair of names not spelled alike needs (`Китай` /
/// `China`).
const DICE_UNLIKE_NAMES: f64 = 0.6;
/// Dice coefficient a pair of names spelled alike needs.
const DICE_LIKE_NAMES: f64 = 0.2;
/// Dice coefficient a pair of terms needs.
const DICE_TERMS: f64 = 0.45;
/// A word is no name when it is seen in lower case more than this share
/// of its capitalized occurrences.
const LOWER_CASE_SHARE: f64 = 0.25;
/// Another target is listed when the linked one stands in at most this
/// share as many units as it while it is used.
const OTHER_TARGET_SHARE: f64 = 0.2;
/// A base the memory holds is taken over a generated one covering up to
/// this many times fewer occurrences.
const ATTESTED_BASE_SHARE: f64 = 0.8;
/// Examples kept per proposal.
const EXAMPLES: usize = 2;
/// Forms listed per side of a proposal.
const FORMS_SHOWN: usize = 6;
/// Shortest word of a term, in letters.
const MIN_TERM_WORD_CHARS: usize = 3;

/// Russian function and very common words, never part of a term.
const RU_STOP: &[&str] = &[
    "а",
    "без",
    "более",
    "бы",
    "был",
    "была",
    "были",
    "было",
    "быть",
    "в",
    "вам",
    "вас",
    "весь",
    "во",
    "вот",
    "все",
    "всего",
    "всех",
    "вы",
    "где",
    "год",
    "года",
    "году",
    "годы",
    "да",
    "даже",
    "для",
    "до",
    "его",
    "ее",
    "если",
    "есть",
    "еще",
    "же",
    "за",
    "здесь",
    "и",
    "из",
    "или",
    "им",
    "их",
    "к",
    "как",
    "ко",
    "когда",
    "кто",
    "ли",
    "либо",
    "между",
    "меня",
    "мне",
    "может",
    "мы",
    "на",
    "над",
    "надо",
    "наш",
    "не",
    "него",
    "нее",
    "нет",
    "ни",
    "них",
    "но",
    "ну",
    "о",
    "об",
    "однако",
    "он",
    "она",
    "они",
    "оно",
    "от",
    "очень",
    "по",
    "под",
    "после",
    "при",
    "про",
    "раз",
    "с",
    "со",
    "так",
    "также",
    "такой",
    "там",
    "те",
    "тем",
    "то",
    "того",
    "тоже",
    "той",
    "только",
    "том",
    "ты",
    "у",
    "уже",
    "хотя",
    "чем",
    "через",
    "что",
    "чтобы",
    "чья",
    "эта",
    "эти",
    "это",
    "этого",
    "этой",
    "этом",
    "этот",
    "я",
    "который",
    "которые",
    "которых",
    "которая",
    "которой",
    "котором",
    "которое",
    "свой",
    "своей",
    "своих",
    "свои",
    "своего",
    "сейчас",
    "сегодня",
    "ранее",
    "ещё",
    "будет",
    "будут",
    "этих",
    "тех",
    "всё",
    "своем",
    "свою",
    "сих",
    "пор",
    "время",
    "лет",
    "прошлом",
    "прошлого",
    "этом",
    "течение",
    "около",
    "числе",
    "также",
    "является",
    "являются",
];

/// English function and very common words, never part of a term.
const EN_STOP: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has",
    "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "last", "may",
    "me", "more", "most", "my", "new", "no", "not", "of", "on", "one", "or", "other", "our", "out",
    "over", "said", "she", "so", "some", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "up", "us", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "will", "with", "would", "year", "years", "you", "your",
    "just", "very", "now", "time", "being", "such", "only", "many", "much", "year's", "says",
    "told", "well", "first", "two", "three", "like", "people", "still", "should", "because",
];

/// Which candidates a harvest looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Capitalized words and runs of them.
    Name,
    /// Two consecutive lower-case content words.
    Term,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Name, Kind::Term];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Name => "name",
            Kind::Term => "term",
        }
    }
}

/// How to harvest (a checked configuration).
#[derive(Debug, Clone)]
pub struct HarvestOptions {
    /// Units a pair must share at least.
    pub min_count: u32,
    /// Proposals kept at most, best first (none: all).
    pub limit: Option<usize>,
    /// The side whose terms are proposed, each with its targets.
    pub from: Lang,
    /// Which candidates: names, terms or both.
    pub kinds: Vec<Kind>,
    pub filter: UnitFilter,
}

impl Default for HarvestOptions {
    fn default() -> Self {
        HarvestOptions {
            min_count: DEFAULT_MIN_COUNT,
            limit: None,
            from: Lang::Ru,
            kinds: Kind::ALL.to_vec(),
            filter: UnitFilter::default(),
        }
    }
}

/// What a harvest found.
#[derive(Debug, Clone, Serialize)]
pub struct Harvest {
    /// Units read (those the filter takes).
    pub units: u64,
    /// The side whose terms are proposed.
    pub from: Lang,
    pub min_count: u32,
    /// Pairs left out because the glossary holds both sides (a side that
    /// is only words of a glossary form counts as held).
    pub known: u64,
    /// Best first.
    pub proposals: Vec<Proposal>,
}

/// A proposed glossary entry with the evidence for it.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    /// 1-based place in the ranking.
    pub rank: usize,
    pub kind: Kind,
    /// The concept id proposed: the known concept of one side, else
    /// `harvest-` and the English term.
    pub concept: String,
    /// The Russian term in its base form.
    pub ru: String,
    pub en: String,
    /// Units holding both.
    pub count: u32,
    /// Units holding the Russian term, the English term.
    pub ru_count: u32,
    pub en_count: u32,
    /// 2 × count / (ru_count + en_count).
    pub dice: f64,
    /// Similarity of the two spellings' transliteration skeletons, 0–1
    /// (names only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// What the ranking sorts by: count × confidence.
    pub score: f64,
    /// First and last date of the units holding both (undated units
    /// aside).
    pub first_seen: Option<Date>,
    pub last_seen: Option<Date>,
    /// The forms the memory holds, most frequent first, with their unit
    /// counts.
    pub ru_forms: Vec<FormCount>,
    pub en_forms: Vec<FormCount>,
    /// The target terms seen over time, the linked one first; two or more
    /// when the memory shows a change (a renamed place).
    pub targets: Vec<TargetSeen>,
    /// The concept of a side the glossary already holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known: Option<KnownSide>,
    /// Up to two units holding both, most recent first.
    pub examples: Vec<Example>,
}

/// A written form and the units holding it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormCount {
    pub form: String,
    pub count: u32,
}

/// A target term and when the memory shows it beside the source term.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetSeen {
    pub term: String,
    /// Units holding the source term and this target.
    pub count: u32,
    pub first_seen: Option<Date>,
    pub last_seen: Option<Date>,
}

/// A side of a proposal that the glossary already holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KnownSide {
    pub lang: Lang,
    pub concept: String,
}

/// A unit holding both sides of a proposal.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub id: UnitId,
    pub ru: String,
    pub en: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
}

/// Ids for values, in the order first seen.
#[derive(Debug)]
struct Interner<T> {
    ids: HashMap<T, u32>,
    values: Vec<T>,
}

impl<T> Default for Interner<T> {
    fn default() -> Self {
        Interner {
            ids: HashMap::new(),
            values: Vec::new(),
        }
    }
}

impl<T: Hash + Eq + Clone> Interner<T> {
    fn id(&mut self, value: &T) -> u32 {
        if let Some(&id) = self.ids.get(value) {
            return id;
        }
        let id = self.values.len() as u32;
        self.ids.insert(value.clone(), id);
        self.values.push(value.clone());
        id
    }

    fn len(&self) -> usize {
        self.values.len()
    }
}

/// What the memory says about one normalized word of one language.
#[derive(Debug, Default, Clone)]
struct WordStats {
    /// Capitalized occurrences, and those of them that start a sentence.
    capitalized: u32,
    initial: u32,
    /// Lower-case occurrences.
    lower: u32,
    /// The word as first written capitalized.
    surface: Option<String>,
}

/// The words and candidates of one language.
#[derive(Debug, Default)]
struct Side {
    words: Interner<String>,
    stats: Vec<WordStats>,
    /// Names: runs of word ids (one to three words).
    names: Interner<Vec<u32>>,
    /// Terms: pairs of stems.
    stems: Interner<String>,
    terms: Interner<[u32; 2]>,
    /// Each written pair of words (by word ids): its term and occurrences.
    term_forms: HashMap<[u32; 2], (u32, u32)>,
}

/// One unit as the harvest keeps it: where to read it again, its dates
/// and its candidates per kind and language.
struct Record<A> {
    addr: A,
    first: Option<Date>,
    last: Option<Date>,
    /// `[kind][lang]` → candidate ids.
    keys: [[Vec<u32>; 2]; 2],
}

/// Harvests proposals from `snapshot`; `progress` is called with the units
/// read so far every [`PROGRESS_STEP`] units.
pub fn harvest(
    snapshot: &Snapshot,
    glossary: &Glossary,
    opts: &HarvestOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<Harvest, MemoryError> {
    let mut sides = [Side::default(), Side::default()];
    let mut records = Vec::new();
    let mut read = 0u64;
    let mut kept = 0u64;
    snapshot.for_each_unit(|addr, unit| {
        read += 1;
        if read.is_multiple_of(PROGRESS_STEP) {
            progress(read);
        }
        if let Some(record) = scan(&mut sides, addr, &unit, opts) {
            kept += 1;
            records.push(record);
        }
        Ok(())
    })?;
    progress(read);
    let mut found = Found::new(sides, records, opts);
    let mut harvest = found.propose(glossary, opts);
    harvest.units = kept;
    for proposal in &mut harvest.proposals {
        let mut examples = Vec::new();
        for &i in &found.examples[proposal.rank - 1] {
            let unit = snapshot.unit(found.records[i].addr)?;
            examples.push(example(unit, &opts.filter));
        }
        proposal.examples = examples;
    }
    Ok(harvest)
}

fn example(unit: Unit, filter: &UnitFilter) -> Example {
    let unit = match filter.best_place(&unit) {
        Some(i) => unit.at(i),
        None => unit,
    };
    let (article, date) = (unit.meta.article.clone(), unit.meta.date);
    Example {
        id: unit.id,
        ru: inline::show(&unit.ru).into_owned(),
        en: inline::show(&unit.en).into_owned(),
        article,
        date,
    }
}

/// Reads the candidates of `unit` into `sides`; none when the filter
/// leaves the unit out.
fn scan<A>(
    sides: &mut [Side; 2],
    addr: A,
    unit: &Unit,
    opts: &HarvestOptions,
) -> Option<Record<A>> {
    if !opts.filter.accepts_origin(unit) {
        return None;
    }
    let mut dates = Vec::new();
    let mut taken = false;
    for place in unit.places() {
        if opts.filter.accepts_place(&place) {
            taken = true;
            dates.extend(place.date);
        }
    }
    if !taken {
        return None;
    }
    let mut record = Record {
        addr,
        first: dates.iter().min().copied(),
        last: dates.iter().max().copied(),
        keys: Default::default(),
    };
    for lang in Lang::ALL {
        let text = unit.plain(lang);
        let analyzed = analyze(&text, lang);
        let side = &mut sides[lang as usize];
        let [names, terms] = &mut record.keys;
        side.read(
            &analyzed,
            &mut names[lang as usize],
            &mut terms[lang as usize],
        );
    }
    Some(record)
}

/// Whether a written word starts with a capital letter of `lang`'s script
/// and is not all capitals (an abbreviation).
fn is_capitalized(raw: &str, lang: Lang) -> bool {
    let mut letters = raw.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return false;
    };
    let script = match lang {
        Lang::Ru => is_cyrillic_letter(first),
        Lang::En => first.is_ascii_alphabetic(),
    };
    let mut rest = letters.peekable();
    script && first.is_uppercase() && rest.peek().is_some() && !rest.all(char::is_uppercase)
}

/// Whether a word is written in letters (and inner hyphens or
/// apostrophes) only.
fn is_wordlike(norm: &str) -> bool {
    norm.chars()
        .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
}

/// A possessive's name (`putin's` → `putin`).
fn without_possessive(norm: &str) -> &str {
    norm.strip_suffix("'s")
        .or_else(|| norm.strip_suffix('\''))
        .unwrap_or(norm)
}

impl Side {
    fn word(&mut self, norm: &str) -> u32 {
        let id = self.words.id(&norm.to_string());
        if self.stats.len() < self.words.len() {
            self.stats.push(WordStats::default());
        }
        id
    }

    /// Reads the words of one side of a unit: counts their cases and adds
    /// the unit's name and term candidates.
    fn read(&mut self, analyzed: &Analyzed, names: &mut Vec<u32>, terms: &mut Vec<u32>) {
        let text = analyzed.text.as_str();
        let lang = analyzed.lang;
        let stop = match lang {
            Lang::Ru => RU_STOP,
            Lang::En => EN_STOP,
        };
        // Per token: its word id when it is a capitalized word, and whether
        // it starts a sentence.
        let mut capital: Vec<Option<u32>> = Vec::with_capacity(analyzed.tokens.len());
        let mut lower: Vec<Option<u32>> = Vec::with_capacity(analyzed.tokens.len());
        for (i, token) in analyzed.tokens.iter().enumerate() {
            let raw = &text[token.start..token.end];
            let before = match i.checked_sub(1) {
                Some(p) => &text[analyzed.tokens[p].end..token.start],
                None => &text[..token.start],
            };
            let starts =
                i == 0 || before.contains(['.', '!', '?', ':', '«', '"', '“', '„', '(', '—', '–']);
            if token.number || !is_wordlike(&token.norm) {
                capital.push(None);
                lower.push(None);
                continue;
            }
            let norm = match lang {
                Lang::En => without_possessive(&token.norm),
                Lang::Ru => token.norm.as_str(),
            };
            let id = self.word(norm);
            let stats = &mut self.stats[id as usize];
            let capitalized = is_capitalized(raw, lang);
            if capitalized {
                stats.capitalized += 1;
                stats.initial += u32::from(starts);
                if stats.surface.is_none() {
                    let shown = match lang {
                        Lang::En => raw
                            .strip_suffix("'s")
                            .or_else(|| raw.strip_suffix("’s"))
                            .unwrap_or(raw),
                        Lang::Ru => raw,
                    };
                    stats.surface = Some(shown.to_string());
                }
                capital.push(Some(id));
            } else {
                if raw.chars().next().is_some_and(char::is_lowercase) {
                    stats.lower += 1;
                }
                capital.push(None);
            }
            // A term's word is in lower case, or capitalized only as a
            // sentence's first word (`Базовая ставка выросла`).
            let lower_case = raw.chars().all(|c| !c.is_uppercase())
                || (capitalized && starts && raw.chars().skip(1).all(|c| !c.is_uppercase()));
            let content = lower_case
                && token.norm.chars().count() >= MIN_TERM_WORD_CHARS
                && !stop.contains(&token.norm.as_str());
            lower.push(content.then_some(id));
        }
        // Names: each capitalized word, and each run of two or three inside
        // a run of capitalized words joined by spaces only.
        let joined = |i: usize| {
            text[analyzed.tokens[i - 1].end..analyzed.tokens[i].start]
                .chars()
                .all(char::is_whitespace)
        };
        let mut i = 0;
        while i < capital.len() {
            if capital[i].is_none() {
                i += 1;
                continue;
            }
            let start = i;
            while i + 1 < capital.len() && capital[i + 1].is_some() && joined(i + 1) {
                i += 1;
            }
            // Whether a run's first word is a name, when it starts a
            // sentence, is decided later on the memory's evidence
            // (`Found::group_keys`).
            let run: Vec<u32> = capital[start..=i].iter().flatten().copied().collect();
            for len in 1..=MAX_NAME_WORDS.min(run.len()) {
                for window in run.windows(len) {
                    names.push(self.names.id(&window.to_vec()));
                }
            }
            i += 1;
        }
        // Terms: two consecutive content words.
        for k in 1..lower.len() {
            let (Some(a), Some(b)) = (lower[k - 1], lower[k]) else {
                continue;
            };
            if !joined(k) {
                continue;
            }
            let sa = self.stems.id(&analyzed.tokens[k - 1].stem);
            let sb = self.stems.id(&analyzed.tokens[k].stem);
            let term = self.terms.id(&[sa, sb]);
            terms.push(term);
            self.term_forms.entry([a, b]).or_insert((term, 0)).1 += 1;
        }
        names.sort_unstable();
        names.dedup();
        terms.sort_unstable();
        terms.dedup();
    }
}

/// The candidates after grouping, with their unit counts and pair counts.
struct Found<A> {
    sides: [Side; 2],
    records: Vec<Record<A>>,
    /// Per Russian word id, the word id of its base.
    bases: Vec<u32>,
    /// Russian base words (by word id) and the capitalized forms grouped
    /// under them.
    members: HashMap<u32, Vec<u32>>,
    /// `[kind][lang]`: per raw candidate id, its grouped key (an index in
    /// `keys`), or none when it is no candidate.
    group: [[Vec<Option<u32>>; 2]; 2],
    /// `[kind][lang]`: the grouped keys, each a run of base word ids
    /// (names) or the raw term id (terms).
    keys: [[Interner<Vec<u32>>; 2]; 2],
    /// `[kind][lang]`: units holding each key.
    counts: [[Vec<u32>; 2]; 2],
    /// Per kind: units holding both keys (Russian, English).
    pairs: [HashMap<(u32, u32), u32>; 2],
    /// Per language, per raw term id: its most frequent written pair of
    /// words (Russian: with a nominative-looking first word if any).
    term_shown: [HashMap<u32, [u32; 2]>; 2],
    /// Per proposal (rank − 1): the records of its examples.
    examples: Vec<Vec<usize>>,
}

impl<A> Found<A> {
    fn new(sides: [Side; 2], records: Vec<Record<A>>, opts: &HarvestOptions) -> Found<A> {
        let mut found = Found {
            sides,
            records,
            bases: Vec::new(),
            members: HashMap::new(),
            group: Default::default(),
            keys: Default::default(),
            counts: Default::default(),
            pairs: Default::default(),
            term_shown: Default::default(),
            examples: Vec::new(),
        };
        found.bases = found.russian_bases();
        let ru = &found.sides[Lang::Ru as usize];
        for (w, &b) in found.bases.iter().enumerate() {
            if ru.stats[w].capitalized > 0 {
                found.members.entry(b).or_default().push(w as u32);
            }
        }
        for kind in Kind::ALL {
            if opts.kinds.contains(&kind) {
                for lang in Lang::ALL {
                    found.group_keys(kind, lang);
                }
            }
        }
        for lang in Lang::ALL {
            found.term_shown[lang as usize] = term_shown(&found.sides[lang as usize], lang);
        }
        found.count(opts.min_count);
        found
    }

    /// Per Russian word id, the word id of its base: the base whose forms
    /// cover the most capitalized occurrences (ties: a base the memory
    /// holds, then the shorter). New base words are added to the side.
    fn russian_bases(&mut self) -> Vec<u32> {
        let side = &mut self.sides[Lang::Ru as usize];
        let capitalized: Vec<u32> = (0..side.stats.len() as u32)
            .filter(|&w| side.stats[w as usize].capitalized > 0)
            .collect();
        let mut candidates: HashMap<u32, Vec<String>> = HashMap::new();
        let mut support: HashMap<String, u64> = HashMap::new();
        // A common word is no base of a name (`Мэри` is not `мэр`).
        let common = |b: &str| {
            side.words.ids.get(b).is_some_and(|&id| {
                let s = &side.stats[id as usize];
                f64::from(s.lower) > LOWER_CASE_SHARE * f64::from(s.capitalized)
            })
        };
        for &w in &capitalized {
            let word = side.words.values[w as usize].clone();
            let count = u64::from(side.stats[w as usize].capitalized);
            let mut bases = base_candidates(&word);
            bases.retain(|b| *b == word || (nominative_ending(b) && !common(b)));
            for b in &bases {
                *support.entry(b.clone()).or_default() += count;
            }
            candidates.insert(w, bases);
        }
        let mut choice: HashMap<String, String> = HashMap::new();
        for &w in &capitalized {
            let word = &side.words.values[w as usize];
            let observed = |b: &str| {
                side.words
                    .ids
                    .get(b)
                    .is_some_and(|&id| side.stats[id as usize].capitalized > 0)
            };
            let support_of = |s: &String| support.get(s).copied().unwrap_or(0);
            let most = candidates[&w].iter().map(support_of).max().unwrap_or(0);
            // A base the memory holds wins over one it lacks unless that one
            // covers clearly more (the paradigms differ in a form or two:
            // `Польшей` is generated from `Польш`, not from `Польша`).
            let best = candidates[&w]
                .iter()
                .max_by(|a, b| {
                    let key = |s: &String| {
                        let attested = observed(s)
                            && support_of(s) as f64 >= ATTESTED_BASE_SHARE * most as f64;
                        (
                            attested,
                            support_of(s),
                            std::cmp::Reverse(s.chars().count()),
                        )
                    };
                    key(a).cmp(&key(b)).then_with(|| b.cmp(a))
                })
                .cloned()
                .unwrap_or_else(|| word.clone());
            choice.insert(word.clone(), best);
        }
        let mut bases: Vec<u32> = (0..side.stats.len() as u32).collect();
        for &w in &capitalized {
            let mut base = side.words.values[w as usize].clone();
            // Follow a chain of choices (a base that itself chose another).
            for _ in 0..3 {
                match choice.get(&base) {
                    Some(next) if *next != base => base = next.clone(),
                    _ => break,
                }
            }
            let id = side.word(&base);
            if bases.len() <= id as usize {
                bases.resize(id as usize + 1, id);
            }
            bases[w as usize] = id;
        }
        let len = side.stats.len() as u32;
        bases.extend(bases.len() as u32..len);
        bases
    }

    /// Groups the raw candidates of `kind` in `lang` into keys: names by
    /// base words (Russian), runs holding a word without evidence of a
    /// name left out; terms as they are.
    fn group_keys(&mut self, kind: Kind, lang: Lang) {
        let (k, l) = (kind as usize, lang as usize);
        let side = &self.sides[l];
        let mut keys = Interner::default();
        let group = match kind {
            Kind::Term => (0..side.terms.len() as u32)
                .map(|raw| Some(keys.id(&vec![raw])))
                .collect(),
            Kind::Name => {
                let base_of = |w: u32| match lang {
                    Lang::Ru => self.bases[w as usize],
                    Lang::En => w,
                };
                let name_word = self.name_words(lang);
                side.names
                    .values
                    .iter()
                    .map(|run| {
                        // Every word must be a name, except the first of a
                        // run of several when it mostly stands inside
                        // sentences (`Государственная Дума`), so that a
                        // sentence's first word (`Сторонники Косанова`)
                        // joins no name without evidence.
                        let ok = run.iter().enumerate().all(|(i, &w)| {
                            name_word.contains(&base_of(w))
                                || (i == 0 && run.len() > 1 && !mostly_initial(side, w))
                        });
                        ok.then(|| keys.id(&run.iter().map(|&w| base_of(w)).collect()))
                    })
                    .collect()
            }
        };
        self.group[k][l] = group;
        self.keys[k][l] = keys;
    }

    /// The words of `lang` (Russian: base words) that the memory shows to
    /// be names: capitalized mostly, and, when also seen in lower case,
    /// not only where sentences start.
    fn name_words(&self, lang: Lang) -> HashSet<u32> {
        let side = &self.sides[lang as usize];
        let mut totals: HashMap<u32, [u64; 3]> = HashMap::new();
        for (w, s) in side.stats.iter().enumerate() {
            let base = match lang {
                Lang::Ru => self.bases[w],
                Lang::En => w as u32,
            };
            let t = totals.entry(base).or_default();
            t[0] += u64::from(s.capitalized);
            t[1] += u64::from(s.initial);
            t[2] += u64::from(s.lower);
        }
        totals
            .into_iter()
            .filter(|(_, [capitalized, initial, lower])| {
                // Seen in lower case: a name only if mostly capitalized
                // inside sentences too; never seen so: a name even if it
                // only starts sentences (a headline's subject).
                (capitalized > initial || *lower == 0)
                    && (*lower as f64) <= LOWER_CASE_SHARE * *capitalized as f64
            })
            .map(|(w, _)| w)
            .collect()
    }

    /// Unit counts of every key and pair counts of the keys of both
    /// languages that reach `min_count` alone.
    fn count(&mut self, min_count: u32) {
        for k in 0..2 {
            for l in 0..2 {
                self.counts[k][l] = vec![0; self.keys[k][l].len()];
            }
        }
        for record in &mut self.records {
            for ((keys, groups), counts) in record
                .keys
                .iter_mut()
                .flatten()
                .zip(self.group.iter().flatten())
                .zip(self.counts.iter_mut().flatten())
            {
                let grouped: Vec<u32> = keys
                    .iter()
                    .filter_map(|&raw| groups.get(raw as usize).copied().flatten())
                    .collect();
                *keys = grouped;
                keys.sort_unstable();
                keys.dedup();
                for &key in keys.iter() {
                    counts[key as usize] += 1;
                }
            }
        }
        for record in &mut self.records {
            for ((sides, counts), pairs) in record
                .keys
                .iter_mut()
                .zip(&self.counts)
                .zip(self.pairs.iter_mut())
            {
                for (keys, counts) in sides.iter_mut().zip(counts) {
                    keys.retain(|&key| counts[key as usize] >= min_count);
                }
                let [ru, en] = &*sides;
                for &r in ru {
                    for &e in en {
                        *pairs.entry((r, e)).or_default() += 1;
                    }
                }
            }
        }
    }

    /// Links the pairs one to one, best first, and builds the proposals.
    fn propose(&mut self, glossary: &Glossary, opts: &HarvestOptions) -> Harvest {
        let mut scored: Vec<Scored> = Vec::new();
        for kind in Kind::ALL {
            if !opts.kinds.contains(&kind) {
                continue;
            }
            let k = kind as usize;
            for (&(r, e), &count) in &self.pairs[k] {
                if count < opts.min_count {
                    continue;
                }
                let (nr, ne) = (self.counts[k][0][r as usize], self.counts[k][1][e as usize]);
                let dice = 2.0 * f64::from(count) / f64::from(nr + ne);
                let (confidence, similarity) = match kind {
                    Kind::Name => {
                        let ru = self.display(kind, Lang::Ru, r, None);
                        let en = self.display(kind, Lang::En, e, None);
                        let s = name_similarity(&skeleton(&romanize(&ru)), &skeleton(&en));
                        let like = s >= SIMILAR_NAMES;
                        if (like && dice < DICE_LIKE_NAMES) || (!like && dice < DICE_UNLIKE_NAMES) {
                            continue;
                        }
                        let c = if like {
                            0.5 * dice + 0.5 * s
                        } else {
                            0.8 * dice
                        };
                        (c, Some(s))
                    }
                    Kind::Term => {
                        if dice < DICE_TERMS {
                            continue;
                        }
                        (0.7 * dice, None)
                    }
                };
                scored.push(Scored {
                    kind,
                    r,
                    e,
                    count,
                    dice,
                    similarity,
                    confidence,
                });
            }
        }
        // Competitive linking: the most confident pair first, each key once.
        scored.sort_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then(b.count.cmp(&a.count))
                .then((a.kind, a.r, a.e).cmp(&(b.kind, b.r, b.e)))
        });
        let mut used: HashSet<(Kind, Lang, u32)> = HashSet::new();
        let mut linked = Vec::new();
        for s in scored {
            if used.contains(&(s.kind, Lang::Ru, s.r)) || used.contains(&(s.kind, Lang::En, s.e)) {
                continue;
            }
            used.insert((s.kind, Lang::Ru, s.r));
            used.insert((s.kind, Lang::En, s.e));
            linked.push(s);
        }
        linked.sort_by(|a, b| {
            b.score()
                .total_cmp(&a.score())
                .then((a.kind, a.r, a.e).cmp(&(b.kind, b.r, b.e)))
        });
        let today = jiff::Zoned::now().date();
        let fragments = [
            glossary_stems(glossary, Lang::Ru),
            glossary_stems(glossary, Lang::En),
        ];
        let mut known_pairs = 0;
        let mut proposals = Vec::new();
        let mut concepts: HashSet<String> = HashSet::new();
        let mut chosen: Vec<&Scored> = Vec::new();
        for s in &linked {
            if opts.limit.is_some_and(|n| proposals.len() >= n) {
                break;
            }
            let en = self.display(s.kind, Lang::En, s.e, None);
            let ru = self.display(s.kind, Lang::Ru, s.r, Some(&en));
            let known_ru = known_concept(glossary, &ru, Lang::Ru, today);
            let known_en = known_concept(glossary, &en, Lang::En, today);
            let covered = |text: &str, known: &Option<String>, lang: Lang| {
                known.is_some() || within(&fragments[lang as usize], text, lang)
            };
            if covered(&ru, &known_ru, Lang::Ru) && covered(&en, &known_en, Lang::En) {
                known_pairs += 1;
                continue;
            }
            let known = known_ru
                .map(|concept| KnownSide {
                    lang: Lang::Ru,
                    concept,
                })
                .or(known_en.map(|concept| KnownSide {
                    lang: Lang::En,
                    concept,
                }));
            let concept = match &known {
                Some(k) => k.concept.clone(),
                None => unique_concept(&mut concepts, &en),
            };
            let k = s.kind as usize;
            proposals.push(Proposal {
                rank: proposals.len() + 1,
                kind: s.kind,
                concept,
                ru,
                en,
                count: s.count,
                ru_count: self.counts[k][0][s.r as usize],
                en_count: self.counts[k][1][s.e as usize],
                dice: round3(s.dice),
                similarity: s.similarity.map(round3),
                score: round3(s.score()),
                first_seen: None,
                last_seen: None,
                ru_forms: self.forms_of(s.kind, Lang::Ru, s.r),
                en_forms: self.forms_of(s.kind, Lang::En, s.e),
                targets: Vec::new(),
                known,
                examples: Vec::new(),
            });
            chosen.push(s);
        }
        self.over_time(&mut proposals, &chosen, &linked, opts);
        Harvest {
            units: 0,
            from: opts.from,
            min_count: opts.min_count,
            known: known_pairs,
            proposals,
        }
    }

    /// Dates, examples and the targets over time of each proposal, from
    /// the units holding its source term.
    fn over_time(
        &mut self,
        proposals: &mut [Proposal],
        chosen: &[&Scored],
        linked: &[Scored],
        opts: &HarvestOptions,
    ) {
        let src = opts.from as usize;
        let tgt = 1 - src;
        let key_of = |s: &Scored, l: usize| if l == 0 { s.r } else { s.e };
        // Source key → proposal index, per kind.
        let mut by_source: HashMap<(Kind, u32), usize> = HashMap::new();
        for (i, s) in chosen.iter().enumerate() {
            by_source.insert((s.kind, key_of(s, src)), i);
        }
        // Target keys any linked pair explains, by source key.
        let mut partner: HashMap<(Kind, u32), u32> = HashMap::new();
        for s in linked {
            partner.insert((s.kind, key_of(s, src)), key_of(s, tgt));
        }
        let mut main: Vec<Seen> = vec![Seen::default(); chosen.len()];
        let mut main_dates: Vec<Vec<Date>> = vec![Vec::new(); chosen.len()];
        let mut others: HashMap<(usize, u32), Seen> = HashMap::new();
        let mut examples: Vec<Vec<(Option<Date>, usize)>> = vec![Vec::new(); chosen.len()];
        for (ri, record) in self.records.iter().enumerate() {
            for kind in Kind::ALL {
                let k = kind as usize;
                let sources = &record.keys[k][src];
                let targets = &record.keys[k][tgt];
                for &s in sources {
                    let Some(&p) = by_source.get(&(kind, s)) else {
                        continue;
                    };
                    let wanted = key_of(chosen[p], tgt);
                    if targets.contains(&wanted) {
                        main[p].add(record);
                        main_dates[p].extend(record.last);
                        examples[p].push((record.last, ri));
                        continue;
                    }
                    let explained: HashSet<u32> = sources
                        .iter()
                        .filter(|&&o| o != s)
                        .filter_map(|&o| partner.get(&(kind, o)).copied())
                        .collect();
                    for &t in targets {
                        if !explained.contains(&t) {
                            others.entry((p, t)).or_default().add(record);
                        }
                    }
                }
            }
        }
        self.examples = vec![Vec::new(); proposals.len()];
        for (p, s) in chosen.iter().enumerate() {
            let proposal = &mut proposals[p];
            let tgt_lang = Lang::ALL[tgt];
            let mut targets =
                vec![main[p].target(self.display(s.kind, tgt_lang, key_of(s, tgt), None))];
            // Another target is a change over time when, while it was
            // used, the linked target hardly was.
            let changed = |seen: &Seen| {
                let (Some(first), Some(last)) = (seen.first, seen.last) else {
                    return false;
                };
                let meanwhile = main_dates[p]
                    .iter()
                    .filter(|d| (first..=last).contains(d))
                    .count();
                seen.count >= opts.min_count
                    && meanwhile as f64 <= OTHER_TARGET_SHARE * f64::from(seen.count)
            };
            let mut alternatives: Vec<(u32, &Seen)> = others
                .iter()
                .filter(|((q, _), seen)| *q == p && changed(seen))
                .map(|((_, t), seen)| (*t, seen))
                .collect();
            alternatives.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
            for (t, seen) in alternatives.into_iter().take(2) {
                targets.push(seen.target(self.display(s.kind, tgt_lang, t, None)));
            }
            if tgt_lang == Lang::Ru {
                // A Russian target is shown in its base form.
                targets[0].term = proposal.ru.clone();
            }
            proposal.first_seen = main[p].first;
            proposal.last_seen = main[p].last;
            proposal.targets = targets;
            let ex = &mut examples[p];
            ex.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            self.examples[p] = ex.iter().take(EXAMPLES).map(|&(_, r)| r).collect();
        }
    }

    /// How the key `key` of `kind` in `lang` is written: names by their
    /// words' spellings (Russian in base form, chosen by the English
    /// partner's spelling when the memory lacks it), terms by their most
    /// frequent written form (Russian: one whose first word looks like a
    /// nominative adjective, when there is one).
    fn display(&self, kind: Kind, lang: Lang, key: u32, partner: Option<&str>) -> String {
        let side = &self.sides[lang as usize];
        let run = &self.keys[kind as usize][lang as usize].values[key as usize];
        match kind {
            Kind::Name => {
                let partner_words: Vec<&str> =
                    partner.map(|p| p.split(' ').collect()).unwrap_or_default();
                let words: Vec<String> = run
                    .iter()
                    .enumerate()
                    .map(|(i, &w)| {
                        let shown = surface(side, w);
                        match (lang, partner_words.get(i)) {
                            (Lang::Ru, Some(en)) if partner_words.len() == run.len() => {
                                spelled_like(&shown, en)
                            }
                            _ => shown,
                        }
                    })
                    .collect();
                words.join(" ")
            }
            Kind::Term => run
                .first()
                .and_then(|raw| self.term_shown[lang as usize].get(raw))
                .map(|pair| pair_text(side, pair))
                .unwrap_or_default(),
        }
    }

    /// The forms of key `key` the memory holds, most frequent first.
    fn forms_of(&self, kind: Kind, lang: Lang, key: u32) -> Vec<FormCount> {
        let side = &self.sides[lang as usize];
        let run = &self.keys[kind as usize][lang as usize].values[key as usize];
        let mut out: Vec<FormCount> = match (kind, lang, run.as_slice()) {
            (Kind::Name, Lang::Ru, [base]) => self
                .members
                .get(base)
                .into_iter()
                .flatten()
                .filter(|&&w| side.stats[w as usize].capitalized > 0)
                .map(|&w| FormCount {
                    form: surface(side, w),
                    count: side.stats[w as usize].capitalized,
                })
                .collect(),
            (Kind::Name, _, words) => {
                let shown: Vec<String> = words.iter().map(|&w| surface(side, w)).collect();
                let count = words
                    .iter()
                    .map(|&w| side.stats[w as usize].capitalized)
                    .min()
                    .unwrap_or(0);
                vec![FormCount {
                    form: shown.join(" "),
                    count,
                }]
            }
            (Kind::Term, _, [raw]) => side
                .term_forms
                .iter()
                .filter(|(_, (term, _))| term == raw)
                .map(|(pair, &(_, count))| FormCount {
                    form: pair_text(side, pair),
                    count,
                })
                .collect(),
            _ => Vec::new(),
        };
        out.sort_by(|a, b| b.count.cmp(&a.count).then(a.form.cmp(&b.form)));
        out.truncate(FORMS_SHOWN);
        out
    }
}

/// A pair of keys with its figures.
#[derive(Debug, Clone)]
struct Scored {
    kind: Kind,
    r: u32,
    e: u32,
    count: u32,
    dice: f64,
    similarity: Option<f64>,
    confidence: f64,
}

impl Scored {
    /// What the ranking sorts by: the units it would help in, weighed by
    /// how sure the pairing is.
    fn score(&self) -> f64 {
        f64::from(self.count) * self.confidence
    }
}

/// Units and dates of one target.
#[derive(Debug, Clone, Default)]
struct Seen {
    count: u32,
    first: Option<Date>,
    last: Option<Date>,
}

impl Seen {
    fn add<A>(&mut self, record: &Record<A>) {
        self.count += 1;
        if let Some(first) = record.first {
            self.first = Some(self.first.map_or(first, |f| f.min(first)));
        }
        if let Some(last) = record.last {
            self.last = Some(self.last.map_or(last, |l| l.max(last)));
        }
    }

    fn target(&self, term: String) -> TargetSeen {
        TargetSeen {
            term,
            count: self.count,
            first_seen: self.first,
            last_seen: self.last,
        }
    }
}

/// A written pair of words.
fn pair_text(side: &Side, pair: &[u32; 2]) -> String {
    format!(
        "{} {}",
        side.words.values[pair[0] as usize], side.words.values[pair[1] as usize]
    )
}

/// Per raw term id, the written pair of words to show: a Russian one
/// whose first word has a nominative adjective ending if any, else the
/// most frequent (ties: the first in word order).
fn term_shown(side: &Side, lang: Lang) -> HashMap<u32, [u32; 2]> {
    let mut best: HashMap<u32, ((u8, u32), [u32; 2])> = HashMap::new();
    for (pair, &(term, count)) in &side.term_forms {
        let first = &side.words.values[pair[0] as usize];
        // `-ой` is also the genitive, dative and instrumental feminine.
        let nominative = match lang {
            Lang::Ru if first.ends_with("ой") => 1,
            Lang::Ru if ADJECTIVE_NOMINATIVE.iter().any(|e| first.ends_with(e)) => 2,
            _ => 0,
        };
        let key = (nominative, count);
        let better = best
            .get(&term)
            .is_none_or(|(k, p)| key > *k || (key == *k && pair < p));
        if better {
            best.insert(term, (key, *pair));
        }
    }
    best.into_iter()
        .map(|(term, (_, pair))| (term, pair))
        .collect()
}

/// The nominative endings of Russian adjectives.
const ADJECTIVE_NOMINATIVE: &[&str] = &["ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие"];

/// Whether a word starts a sentence in most of its capitalized uses.
fn mostly_initial(side: &Side, w: u32) -> bool {
    let s = &side.stats[w as usize];
    2 * s.initial >= s.capitalized
}

/// The word as first written capitalized, else title-cased.
fn surface(side: &Side, w: u32) -> String {
    if let Some(s) = &side.stats[w as usize].surface {
        return s.clone();
    }
    title_case(&side.words.values[w as usize])
}

/// `нур-султан` → `Нур-Султан`.
fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c == '-';
    }
    out
}

/// The Russian word `ru` in the base form that the English `en` spells,
/// when `ru` itself does not and one of its bases does (`Косанова` beside
/// `Kosanov` → `Косанов`); else `ru`.
fn spelled_like(ru: &str, en: &str) -> String {
    let target = skeleton(en);
    if skeleton(&romanize(ru)) == target {
        return ru.to_string();
    }
    let lower = ru.to_lowercase();
    // Only a base ending in a consonant: the nominative of a surname or a
    // town (`Косанов`, `Талгар`); a vowel would trade one case for another
    // (`Украина` is not `Украине` for `Ukraine`).
    let consonant = |b: &str| b.chars().last().is_some_and(|c| RU_CONSONANTS.contains(c));
    base_candidates(&lower)
        .into_iter()
        .skip(1)
        .find(|b| consonant(b) && skeleton(&romanize(b)) == target)
        .map(|b| title_case(&b))
        .unwrap_or_else(|| ru.to_string())
}

const RU_CONSONANTS: &str = "бвгджзклмнпрстфхцчшщ";

/// Whether a word ends as the nominative of a declined name does: a
/// consonant, `-й`, `-ь`, `-а`, `-я` (`Токаев`, `Андрей`, `Астана`,
/// `Мария`). The paradigms also generate bases in `-е`, `-и`, `-о`, which
/// would take `Мэри` for a form of `Мэре`; names ending so do not decline.
fn nominative_ending(word: &str) -> bool {
    word.chars()
        .last()
        .is_some_and(|c| RU_CONSONANTS.contains(c) || "йьая".contains(c))
}

/// Endings replaced to go from a form back to a possible base.
const BASE_ENDINGS: &[&str] = &["", "а", "я", "й", "ь", "о", "е"];
/// Every ending the paradigms of `forms` add (longest first is not
/// needed: each is tried).
const FORM_ENDINGS: &[&str] = &[
    "а", "у", "ом", "ем", "ым", "е", "ы", "и", "ов", "ев", "ей", "ам", "ами", "ах", "ых", "ыми",
    "я", "ю", "ям", "ями", "ях", "ью", "ой", "ою", "ею", "им", "его", "ого", "ому", "ему", "ую",
    "юю", "ая", "яя", "ое", "ее", "ые", "ие", "их", "ими", "ь", "й",
];

/// The possible bases of a normalized Russian word: itself, and each
/// word whose generated forms ([`forms`]) include it.
fn base_candidates(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let chars: Vec<char> = word.chars().collect();
    for cut in 1..=3usize.min(chars.len().saturating_sub(2)) {
        let ending: String = chars[chars.len() - cut..].iter().collect();
        if !FORM_ENDINGS.contains(&ending.as_str()) {
            continue;
        }
        let stem: String = chars[..chars.len() - cut].iter().collect();
        for add in BASE_ENDINGS {
            let base = format!("{stem}{add}");
            if base != word
                && !out.contains(&base)
                && forms(&base, Lang::Ru).iter().any(|f| f == word)
            {
                out.push(base);
            }
        }
    }
    out
}

/// The concept of the glossary entry whose form `term` is, whole.
fn known_concept(glossary: &Glossary, term: &str, lang: Lang, date: Date) -> Option<String> {
    let len = term.chars().count();
    glossary
        .recognize(term, lang, date)
        .into_iter()
        .find(|hit| hit.start == 0 && hit.end == len)
        .map(|hit| hit.concept)
}

/// The Snowball stems of the words of every glossary form in `lang`.
fn glossary_stems(glossary: &Glossary, lang: Lang) -> HashSet<String> {
    glossary
        .entries()
        .iter()
        .flat_map(|e| e.written_forms(lang))
        .flat_map(|form| analyze(form, lang).tokens)
        .map(|t| t.stem)
        .collect()
}

/// Whether every word of `text` is (by stem) a word of a glossary form:
/// a part of a known name (`Касым-Жомарт` of `Касым-Жомарт Токаев`,
/// `Национальный` of `Национальный банк`) is no new entry.
fn within(stems: &HashSet<String>, text: &str, lang: Lang) -> bool {
    let tokens = analyze(text, lang).tokens;
    !tokens.is_empty() && tokens.iter().all(|t| stems.contains(&t.stem))
}

/// `harvest-` and the English term as an id (`harvest-vladimir-putin`),
/// made unique among `taken`.
fn unique_concept(taken: &mut HashSet<String>, en: &str) -> String {
    let mut slug = String::new();
    for c in en.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let base = format!("harvest-{slug}");
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_of_russian_forms() {
        // (rule, form, a base it must offer)
        let cases = [
            ("genitive of a surname", "косанова", "косанов"),
            ("instrumental of a surname", "жумабековым", "жумабеков"),
            ("locative of a town", "талгаре", "талгар"),
            ("locative in -а", "астане", "астана"),
            ("dative in -я", "марии", "мария"),
        ];
        for (rule, form, base) in cases {
            let got = base_candidates(form);
            assert_eq!(got[0], form, "{rule}: the form itself first");
            assert!(got.iter().any(|b| b == base), "{rule}: {form} → {got:?}");
        }
    }

    #[test]
    fn base_spelled_like_the_english_partner() {
        // (rule, Russian as written, English partner, expected)
        let cases = [
            ("oblique surname", "Косанова", "Kosanov", "Косанов"),
            ("oblique town", "Талгаре", "Talgar", "Талгар"),
            ("already spelled so", "Мэри", "Mary", "Мэри"),
            (
                "no consonant base for a vowel case",
                "Украина",
                "Ukraine",
                "Украина",
            ),
            ("not transliterated: left alone", "Китай", "China", "Китай"),
        ];
        for (rule, ru, en, expected) in cases {
            assert_eq!(spelled_like(ru, en), expected, "{rule}");
        }
    }

    #[test]
    fn parts_of_glossary_forms_count_as_held() {
        let entry = crate::glossary::Entry::new(
            "person-tokayev",
            "Касым-Жомарт Токаев",
            "Kassym-Jomart Tokayev",
        );
        let at = crate::glossary::EntryRef {
            file: "people.tsv".into(),
            line: 2,
        };
        let glossary = Glossary::new([(entry, at)]);
        let ru = glossary_stems(&glossary, Lang::Ru);
        let en = glossary_stems(&glossary, Lang::En);
        assert!(within(&ru, "Касым-Жомарт", Lang::Ru));
        assert!(within(&en, "Kassym-Jomart", Lang::En));
        assert!(!within(&ru, "Касым-Жомарт Кемелевич", Lang::Ru));
        assert!(!within(&en, "", Lang::En));
    }

    #[test]
    fn nominative_endings_and_capitals() {
        assert!(nominative_ending("токаев") && nominative_ending("астана"));
        assert!(!nominative_ending("мэре") && !nominative_ending("сочи"));
        assert!(is_capitalized("Путин", Lang::Ru) && !is_capitalized("ООН", Lang::Ru));
        assert!(!is_capitalized("Putin", Lang::Ru) && is_capitalized("Putin's", Lang::En));
        assert_eq!(without_possessive("putin's"), "putin");
        assert_eq!(title_case("нур-султан"), "Нур-Султан");
    }
}
