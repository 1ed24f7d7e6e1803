//! Suggestions: for each segment of a text, the best matches of a memory
//! by the score of SPEC §4, through the exact candidate filter or, with
//! `exhaustive`, by scoring every unit.

use std::cell::OnceCell;
use std::cmp::Ordering;

use rayon::prelude::*;
use serde::Serialize;

use crate::glossary::names::NameGuess;
use crate::glossary::TermHit;
use crate::memory::{MemoryError, Snapshot};
use crate::score::{self, Edit};
use crate::text::{analyze, segment, Analyzed, CharOffsets, Lang};
use crate::unit::{segment_hash, Unit, UnitFilter};

/// The default of `--limit`.
pub const DEFAULT_LIMIT: usize = 3;
/// The default of `--min-score`.
pub const DEFAULT_MIN_SCORE: u8 = 60;

/// How to suggest (a checked configuration: see `cli`).
#[derive(Debug, Clone)]
pub struct SuggestOptions {
    pub limit: usize,
    pub min_score: u8,
    pub exhaustive: bool,
    pub filter: UnitFilter,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions {
            limit: DEFAULT_LIMIT,
            min_score: DEFAULT_MIN_SCORE,
            exhaustive: false,
            filter: UnitFilter::default(),
        }
    }
}

/// One segment of the text to translate, with its document neighbours.
#[derive(Debug, Clone)]
pub struct Query {
    pub analyzed: Analyzed,
    /// Hashes of the previous and next segments ([`segment_hash`]; the
    /// empty segment at the start and end of the text).
    pub prev: u64,
    pub next: u64,
    /// Character range of the segment in the whole text.
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
}

/// A match of a memory unit for a segment.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    pub score: u8,
    pub fuzzy: u8,
    /// Whether the target's numbers were replaced by the query's.
    pub adapted: bool,
    /// The unit's source segment (same language as the query).
    pub source: String,
    /// The translation to take: the unit's other side, adapted if possible.
    pub target: String,
    /// Word diff from the unit's source to the query (character offsets).
    pub diff: Vec<Edit>,
    pub unit: Unit,
}

/// The suggestions for one segment.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentSuggestions {
    /// 1-based segment number in the text.
    pub segment: usize,
    pub paragraph: usize,
    /// Character range in the whole text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub lang: Lang,
    pub matches: Vec<Match>,
    /// Glossary terms of the segment (character spans in `text`) with
    /// their target terms on the text's date.
    pub terms: Vec<TermHit>,
    /// Capitalized names the glossary does not know, with a proposed,
    /// unverified spelling.
    pub names: Vec<NameGuess>,
}

impl Query {
    /// `text` as one segment with no neighbours (the start and end of a
    /// document on either side).
    pub fn single(text: &str, lang: Lang) -> Query {
        let empty = segment_hash("");
        Query {
            analyzed: analyze(text, lang),
            prev: empty,
            next: empty,
            start: 0,
            end: text.chars().count(),
            paragraph: 0,
        }
    }
}

/// Splits `text` (in `lang`) into the queries of [`suggest`].
pub fn queries(text: &str, lang: Lang) -> Vec<Query> {
    let segments = segment(text, lang);
    let hashes: Vec<u64> = segments
        .iter()
        .map(|s| segment_hash(&text[s.start..s.end]))
        .collect();
    let empty = segment_hash("");
    let mut chars = CharOffsets::new(text);
    segments
        .iter()
        .enumerate()
        .map(|(i, s)| Query {
            analyzed: analyze(&text[s.start..s.end], lang),
            prev: if i == 0 { empty } else { hashes[i - 1] },
            next: hashes.get(i + 1).copied().unwrap_or(empty),
            start: chars.at(s.start),
            end: chars.at(s.end),
            paragraph: s.paragraph,
        })
        .collect()
}

/// The queries of [`suggest`] for a text already split into `segments`:
/// each string is one segment, its neighbours the adjacent strings;
/// character ranges are those of the segments joined by line breaks.
pub fn segment_queries(segments: &[String], lang: Lang) -> Vec<Query> {
    let hashes: Vec<u64> = segments.iter().map(|s| segment_hash(s)).collect();
    let empty = segment_hash("");
    let mut start = 0;
    segments
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let end = start + s.chars().count();
            let query = Query {
                analyzed: analyze(s, lang),
                prev: if i == 0 { empty } else { hashes[i - 1] },
                next: hashes.get(i + 1).copied().unwrap_or(empty),
                start,
                end,
                paragraph: 0,
            };
            start = end + 1;
            query
        })
        .collect()
}

/// A unit's sides, each analyzed once when first needed, for scoring
/// against many queries (the target only when adaptation needs it).
struct AnalyzedUnit<'a> {
    unit: &'a Unit,
    /// By the side's language.
    sides: [OnceCell<Analyzed>; 2],
}

impl<'a> AnalyzedUnit<'a> {
    fn new(unit: &'a Unit) -> Self {
        AnalyzedUnit {
            unit,
            sides: [OnceCell::new(), OnceCell::new()],
        }
    }

    /// The unit's side in `lang`, analyzed.
    fn side(&self, lang: Lang) -> &Analyzed {
        self.sides[lang as usize].get_or_init(|| analyze(self.unit.side(lang), lang))
    }

    /// Scores the unit against `query`; `None` below `min_score` or
    /// filtered out.
    fn score(&self, query: &Query, opts: &SuggestOptions) -> Option<Match> {
        let unit = self.unit;
        if !opts.filter.accepts(unit) {
            return None;
        }
        let lang = query.analyzed.lang;
        let context = unit.meta.context.neighbours(lang) == (Some(query.prev), Some(query.next));
        let scored = score::score_with(
            &query.analyzed,
            self.side(lang),
            || self.side(lang.other()),
            context,
        );
        if scored.score < opts.min_score {
            return None;
        }
        Some(Match {
            score: scored.score,
            fuzzy: scored.fuzzy,
            adapted: scored.adapted.is_some(),
            source: unit.side(lang).to_string(),
            target: scored
                .adapted
                .unwrap_or_else(|| unit.side(lang.other()).to_string()),
            diff: scored.diff.edits,
            unit: unit.clone(),
        })
    }
}

/// The order of SPEC §4: score, then most recent date (undated last), then id.
pub fn rank(a: &Match, b: &Match) -> Ordering {
    b.score
        .cmp(&a.score)
        .then_with(|| b.unit.meta.date.cmp(&a.unit.meta.date))
        .then_with(|| a.unit.id.cmp(&b.unit.id))
}

fn best(mut matches: Vec<Match>, limit: usize) -> Vec<Match> {
    matches.sort_by(rank);
    matches.truncate(limit);
    matches
}

/// The best matches for each query.
pub fn suggest(
    snapshot: &Snapshot,
    queries: &[Query],
    opts: &SuggestOptions,
) -> Result<Vec<Vec<Match>>, MemoryError> {
    if opts.exhaustive {
        return suggest_exhaustive(snapshot, queries, opts);
    }
    queries
        .par_iter()
        .map(|query| {
            let candidates = snapshot.candidates(&query.analyzed, opts.min_score)?;
            let mut matches = Vec::new();
            for addr in candidates.docs {
                let unit = snapshot.unit(addr)?;
                matches.extend(AnalyzedUnit::new(&unit).score(query, opts));
            }
            Ok(best(matches, opts.limit))
        })
        .collect()
}

/// The oracle: every unit scored against every query.
fn suggest_exhaustive(
    snapshot: &Snapshot,
    queries: &[Query],
    opts: &SuggestOptions,
) -> Result<Vec<Vec<Match>>, MemoryError> {
    let mut found: Vec<Vec<Match>> = vec![Vec::new(); queries.len()];
    snapshot.for_each_unit(|_, unit| {
        let analyzed = AnalyzedUnit::new(&unit);
        for (query, found) in queries.iter().zip(found.iter_mut()) {
            found.extend(analyzed.score(query, opts));
        }
        Ok(())
    })?;
    Ok(found
        .into_iter()
        .map(|matches| best(matches, opts.limit))
        .collect())
}
