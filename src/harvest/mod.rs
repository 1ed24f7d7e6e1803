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

mod found;
mod side;
mod spelling;
mod stop;

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

use spelling::*;
use stop::*;

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

#[cfg(test)]
mod tests {
    use super::side::{is_capitalized, without_possessive};
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
