//! Suggestions: for each segment of a text, the best matches of a memory
//! by the score of SPEC §4, through the exact candidate filter or, with
//! `exhaustive`, by scoring every unit.

use std::cell::OnceCell;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::glossary::names::NameGuess;
use crate::glossary::TermHit;
use crate::memory::{MemoryError, Snapshot};
use crate::repair::{Repair, Repairer, Unrepaired};
use crate::score::{self, Edit, EXACT_MATCH};
use crate::text::{analyze, segment, words, Analyzed, CharOffsets, Lang};
use crate::unit::{segment_hash, SentenceOf, Unit, UnitFilter, UnitId};

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
    /// The unit's source segment (same language as the query), without its
    /// inline codes: the text the diff's offsets refer to.
    pub source: String,
    /// The translation to take: the unit's other side, adapted if possible,
    /// with its inline codes in place (shown as `{1}`, `{/1}`, `{2/}`).
    #[serde(serialize_with = "crate::text::inline::serialize_shown")]
    pub target: String,
    /// Word diff from the unit's source to the query (character offsets).
    pub diff: Vec<Edit>,
    /// Whether names, terms, numbers or dates of the query were put into
    /// the target in place of the unit's ([`crate::repair`]); the score
    /// stays the match's fuzzy score.
    pub repaired: bool,
    /// Whether every difference between the query and the unit's source
    /// was repaired (or adapted): the target needs no editing for them.
    pub complete: bool,
    /// The replacements made in the target, each with its source and
    /// target spans.
    pub repairs: Vec<Repair>,
    /// The names, terms, numbers and dates of the differences left as the
    /// memory has them, with the reason.
    pub unrepaired: Vec<Unrepaired>,
    /// The unit: for a sentence entry's match, the aligned sentences at
    /// their paragraph unit's place, their id the hash of their sides.
    pub unit: Unit,
    /// A match of a sentence entry: which paragraph unit and which of its
    /// sentences ([`crate::paragraph`]); the target is the aligned
    /// sentences.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence_of: Option<SentenceOf>,
}

/// A paragraph match ([`paragraphs`]): a unit whose sentences this
/// segment and the next ones hold in order, scored against the segments
/// joined.
#[derive(Debug, Clone, Serialize)]
pub struct ParagraphMatch {
    /// How many segments, from this one, the unit's sentences span.
    pub segments: usize,
    /// Those segments joined by a space: the query the match was scored
    /// with, which the diff's query offsets refer to.
    pub text: String,
    #[serde(flatten)]
    pub found: Match,
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
    /// Units whose sentences this segment and the next ones hold in
    /// order ([`paragraphs`]), best first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paragraph_matches: Vec<ParagraphMatch>,
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

/// The longest segment scored, in characters. Scoring costs time in
/// proportion to the segment's words times each candidate's (and, with
/// `exhaustive`, times every unit): a 100,000-character "sentence" took
/// 80 s. The longest segment of the 64,000 real pairs of the project's
/// corpora has 3,066 characters (a paragraph-level pair) and a news
/// sentence rarely has 500, so 4,000 refuses only text whose sentence ends
/// are missing (a table, a list, a file without full stops), and bounds
/// the cost of one segment to a twenty-fifth of that case.
pub const MAX_SEGMENT_CHARS: usize = 4_000;

/// A segment longer than [`MAX_SEGMENT_CHARS`]: refused before any is scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "segment {segment} (characters {start}–{end} of the text) is {chars} characters long; \
     a segment is scored up to {MAX_SEGMENT_CHARS} characters (the longest sentence of the \
     project's corpora has 3,066): is the text missing its full stops, or is it a table? \
     Split it into sentences"
)]
pub struct SegmentTooLong {
    /// 1-based segment number in the text.
    pub segment: usize,
    pub start: usize,
    pub end: usize,
    pub chars: usize,
}

/// Why suggestions could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SuggestError {
    #[error(transparent)]
    Memory(#[from] MemoryError),
    #[error(transparent)]
    TooLong(#[from] SegmentTooLong),
}

/// One segment of a [`Segmented`] text, not analyzed yet.
#[derive(Debug, Clone, Copy)]
struct Piece<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    paragraph: usize,
}

/// The segments of a text, analyzed only when asked for, a range at a
/// time: a long text is never held analyzed whole, and its suggestions
/// can be written out as they are found ([`crate::operations::suggest_stream`]).
#[derive(Debug, Clone)]
pub struct Segmented<'a> {
    lang: Lang,
    pieces: Vec<Piece<'a>>,
}

impl<'a> Segmented<'a> {
    /// `text` (in `lang`) split into sentences.
    pub fn text(text: &'a str, lang: Lang) -> Self {
        let mut chars = CharOffsets::new(text);
        let pieces = segment(text, lang)
            .into_iter()
            .map(|s| Piece {
                text: &text[s.start..s.end],
                start: chars.at(s.start),
                end: chars.at(s.end),
                paragraph: s.paragraph,
            })
            .collect();
        Segmented { lang, pieces }
    }

    /// A text already split into `segments`: each string is one segment,
    /// its neighbours the adjacent strings; character ranges are those of
    /// the segments joined by line breaks.
    pub fn segments(segments: &'a [String], lang: Lang) -> Self {
        let mut start = 0;
        let pieces = segments
            .iter()
            .map(|s| {
                let end = start + s.chars().count();
                let piece = Piece {
                    text: s,
                    start,
                    end,
                    paragraph: 0,
                };
                start = end + 1;
                piece
            })
            .collect();
        Segmented { lang, pieces }
    }

    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The first segment longer than [`MAX_SEGMENT_CHARS`], as an error.
    pub fn check_lengths(&self) -> Result<(), SegmentTooLong> {
        match self
            .pieces
            .iter()
            .position(|p| p.end - p.start > MAX_SEGMENT_CHARS)
        {
            Some(i) => Err(too_long(i + 1, self.pieces[i].start, self.pieces[i].end)),
            None => Ok(()),
        }
    }

    /// The queries of the segments in `range` (clamped to the text).
    pub fn queries(&self, range: std::ops::Range<usize>) -> Vec<Query> {
        let end = range.end.min(self.pieces.len());
        let empty = segment_hash("");
        let hash = |i: Option<usize>| {
            i.and_then(|i| self.pieces.get(i))
                .map_or(empty, |p| segment_hash(p.text))
        };
        (range.start.min(end)..end)
            .map(|i| {
                let p = self.pieces[i];
                Query {
                    analyzed: analyze(p.text, self.lang),
                    prev: hash(i.checked_sub(1)),
                    next: hash(Some(i + 1)),
                    start: p.start,
                    end: p.end,
                    paragraph: p.paragraph,
                }
            })
            .collect()
    }
}

fn too_long(segment: usize, start: usize, end: usize) -> SegmentTooLong {
    SegmentTooLong {
        segment,
        start,
        end,
        chars: end - start,
    }
}

/// Splits `text` (in `lang`) into the queries of [`suggest`].
pub fn queries(text: &str, lang: Lang) -> Vec<Query> {
    let segmented = Segmented::text(text, lang);
    segmented.queries(0..segmented.len())
}

/// The queries of [`suggest`] for a text already split into `segments`
/// (see [`Segmented::segments`]).
pub fn segment_queries(segments: &[String], lang: Lang) -> Vec<Query> {
    let segmented = Segmented::segments(segments, lang);
    segmented.queries(0..segmented.len())
}

/// A unit's sides, each analyzed once when first needed, for scoring
/// against many queries (the target only when adaptation needs it).
struct AnalyzedUnit<'a> {
    unit: &'a Unit,
    /// By the side's language, without inline codes.
    sides: [OnceCell<Analyzed>; 2],
    /// By the side's language, with its inline codes, when it has any.
    targets: [OnceCell<Analyzed>; 2],
}

impl<'a> AnalyzedUnit<'a> {
    fn new(unit: &'a Unit) -> Self {
        AnalyzedUnit {
            unit,
            sides: [OnceCell::new(), OnceCell::new()],
            targets: [OnceCell::new(), OnceCell::new()],
        }
    }

    /// The unit's side in `lang` as a source, analyzed: without its
    /// inline codes (the score and the diff do not see them).
    fn side(&self, lang: Lang) -> &Analyzed {
        self.sides[lang as usize].get_or_init(|| analyze(&self.unit.plain(lang), lang))
    }

    /// The unit's side in `lang` as a target, analyzed: with its inline
    /// codes in place, so that an adapted target keeps them.
    fn target(&self, lang: Lang) -> &Analyzed {
        if self.unit.meta.inline.side(lang).is_empty() {
            return self.side(lang);
        }
        self.targets[lang as usize].get_or_init(|| analyze(self.unit.side(lang), lang))
    }

    /// Scores the unit against `query`; `None` below `min_score` or
    /// filtered out.
    fn score(&self, query: &Query, opts: &SuggestOptions) -> Option<Match> {
        let unit = self.unit;
        let lang = query.analyzed.lang;
        let (place, context) = best_place(unit, query, &opts.filter)?;
        let candidate = self.side(lang);
        let scored = score::score_with(
            &query.analyzed,
            candidate,
            || self.target(lang.other()),
            context,
        );
        if scored.score < opts.min_score {
            return None;
        }
        // Number adaptation replaced every difference: complete.
        let adapted = scored.adapted.is_some();
        Some(Match {
            score: scored.score,
            fuzzy: scored.fuzzy,
            adapted,
            source: candidate.text.clone(),
            target: scored
                .adapted
                .unwrap_or_else(|| unit.side(lang.other()).to_string()),
            diff: scored.diff.edits,
            repaired: false,
            complete: adapted,
            repairs: Vec::new(),
            unrepaired: Vec::new(),
            unit: unit.at(place),
            sentence_of: None,
        })
    }
}

/// The place of `unit` a match shows ([`Unit::places`]) and whether it is
/// in the query's context: of the places the filter takes, one whose
/// neighbours are the query's, else the most recent
/// ([`UnitFilter::best_place`]). `None` when the filter takes none.
fn best_place(unit: &Unit, query: &Query, filter: &UnitFilter) -> Option<(usize, bool)> {
    let lang = query.analyzed.lang;
    let neighbours = (Some(query.prev), Some(query.next));
    if filter.accepts_origin(unit) {
        let in_context = unit
            .places()
            .position(|p| filter.accepts_place(&p) && p.context.neighbours(lang) == neighbours);
        if let Some(place) = in_context {
            return Some((place, true));
        }
    }
    filter.best_place(unit).map(|place| (place, false))
}

/// Repairs the matches of `query` ([`crate::repair`]): each match below
/// 100 that number adaptation did not complete gets the query's names,
/// terms, numbers and dates in its target where that is safe. Scores and
/// order do not change.
pub fn repair_matches(repairer: &Repairer<'_>, query: &Query, matches: &mut [Match]) {
    let lang = query.analyzed.lang;
    let mut items = None;
    for m in matches {
        if m.fuzzy >= EXACT_MATCH || m.adapted {
            continue;
        }
        let items = items.get_or_insert_with(|| repairer.query_items(&query.analyzed));
        if !items.touch(&m.diff) {
            continue;
        }
        let source = analyze(&m.source, lang);
        let target = analyze(&m.target, lang.other());
        let Some(outcome) = repairer.repair(&query.analyzed, items, &source, &target, &m.diff)
        else {
            continue;
        };
        m.repaired = !outcome.repairs.is_empty();
        m.complete = outcome.complete;
        m.target = outcome.target;
        m.repairs = outcome.repairs;
        m.unrepaired = outcome.unrepaired;
    }
}

/// The order of SPEC §4: score, then most recent date (undated last), then
/// id; then a unit before a sentence entry of the same pair, and sentence
/// entries by their paragraph unit and bead, an entry before a key.
pub fn rank(a: &Match, b: &Match) -> Ordering {
    let entry = |m: &Match| {
        m.sentence_of
            .as_ref()
            .map(|of| (of.unit, of.bead, of.key.map(|lang| lang as u8)))
    };
    b.score
        .cmp(&a.score)
        .then_with(|| b.unit.meta.date.cmp(&a.unit.meta.date))
        .then_with(|| a.unit.id.cmp(&b.unit.id))
        .then_with(|| entry(a).cmp(&entry(b)))
}

/// The score of the first of [`best`]`(matches, 1)`, without copying or
/// sorting the list: the highest score of a match that is not a sentence
/// key (the order of [`rank`] starts with the score).
pub fn best_score(matches: &[Match]) -> Option<u8> {
    matches
        .iter()
        .filter(|m| !m.sentence_of.as_ref().is_some_and(SentenceOf::is_key))
        .map(|m| m.score)
        .max()
}

/// The best `limit` of `matches` in [`rank`] order, each pair once, and
/// no sentence key ([`SentenceOf::key`]: for paragraph matching only): a
/// sentence entry whose sentences are a pair the memory holds as a unit
/// (or that another entry holds) has the same id, and only the first in
/// rank order is kept.
pub fn best(mut matches: Vec<Match>, limit: usize) -> Vec<Match> {
    matches.retain(|m| !m.sentence_of.as_ref().is_some_and(SentenceOf::is_key));
    matches.sort_by(rank);
    let mut seen = std::collections::HashSet::new();
    matches.retain(|m| seen.insert(m.unit.id));
    matches.truncate(limit);
    matches
}

/// The best matches for each query. A query longer than
/// [`MAX_SEGMENT_CHARS`] is refused before any is scored (its number in
/// the error counts from the first of `queries`).
pub fn suggest(
    snapshot: &Snapshot,
    queries: &[Query],
    opts: &SuggestOptions,
) -> Result<Vec<Vec<Match>>, SuggestError> {
    Ok(scored(snapshot, queries, opts)?
        .into_iter()
        .map(|matches| best(matches, opts.limit))
        .collect())
}

/// Every match of each query at `min_score` or above, in [`rank`] order,
/// before [`best`] lists each pair once and applies the limit: what
/// [`paragraphs`] reads. The same lists through the candidate filter and
/// with `exhaustive`.
pub fn scored(
    snapshot: &Snapshot,
    queries: &[Query],
    opts: &SuggestOptions,
) -> Result<Vec<Vec<Match>>, SuggestError> {
    if let Some(i) = queries
        .iter()
        .position(|q| q.end - q.start > MAX_SEGMENT_CHARS)
    {
        return Err(too_long(i + 1, queries[i].start, queries[i].end).into());
    }
    let mut found = if opts.exhaustive {
        suggest_exhaustive(snapshot, queries, opts)?
    } else {
        queries
            .par_iter()
            .map(|query| {
                let candidates = snapshot.candidates(&query.analyzed, opts.min_score)?;
                let mut matches = Vec::new();
                for addr in candidates.docs {
                    let (unit, sentence_of) = snapshot.entry(addr)?;
                    let unit = AnalyzedUnit::new(&unit);
                    matches.extend(score_entry(&unit, sentence_of.as_ref(), query, opts));
                }
                Ok(matches)
            })
            .collect::<Result<Vec<Vec<Match>>, MemoryError>>()?
    };
    for matches in &mut found {
        matches.sort_by(rank);
    }
    Ok(found)
}

/// The paragraph matches of `queries` (consecutive segments of a text),
/// listed under the segment each starts at, best first, up to the limit;
/// `scored` is what [`scored`] gives for them. A *run* is a longest
/// stretch of two or more consecutive segments whose lists hold sentence
/// entries of one unit whose sentences on the query's side follow each
/// other, in order; the unit
/// is scored against the run's segments joined by a space
/// (`docs/score.md`, "Paragraph matches"). Read off the whole lists, so
/// the candidate filter and `exhaustive` give the same.
pub fn paragraphs(
    snapshot: &Snapshot,
    queries: &[Query],
    scored: &[Vec<Match>],
    opts: &SuggestOptions,
) -> Result<Vec<Vec<ParagraphMatch>>, MemoryError> {
    // Per segment, the entries its list holds: their unit and their
    // sentences on the query's side.
    let entries: Vec<HashSet<(UnitId, u32, u32)>> = scored
        .iter()
        .zip(queries)
        .map(|(matches, query)| {
            matches
                .iter()
                .filter_map(|m| {
                    let of = m.sentence_of.as_ref()?;
                    let (sentences, _) = of.side(query.analyzed.lang);
                    Some((of.unit, sentences.start, sentences.end))
                })
                .collect()
        })
        .collect();
    let mut units: HashMap<UnitId, Option<Unit>> = HashMap::new();
    let mut found = vec![Vec::new(); queries.len()];
    for (i, here) in entries.iter().enumerate() {
        // A run starts at an entry whose sentences no entry of the
        // previous segment's list ends at.
        let before = i.checked_sub(1).map(|b| &entries[b]);
        let mut starts: Vec<(UnitId, u32, u32)> = here
            .iter()
            .filter(|&&(unit, start, _)| {
                before.is_none_or(|before| {
                    !before.iter().any(|&(u, _, end)| u == unit && end == start)
                })
            })
            .copied()
            .collect();
        starts.sort_unstable();
        for (id, _, end) in starts {
            // The run: the next segments each hold the entry whose
            // sentences follow (the first such, in sentence order).
            let (mut len, mut end) = (1, end);
            while let Some(next) = entries.get(i + len).and_then(|next| {
                next.iter()
                    .filter(|&&(u, start, _)| u == id && start == end)
                    .map(|&(_, _, next_end)| next_end)
                    .min()
            }) {
                len += 1;
                end = next;
            }
            if len < 2 {
                continue;
            }
            let query = joined(&queries[i..i + len]);
            if query.end - query.start > MAX_SEGMENT_CHARS {
                continue;
            }
            // The unit, read once per call.
            if let std::collections::hash_map::Entry::Vacant(slot) = units.entry(id) {
                slot.insert(snapshot.unit_by_id(id)?);
            }
            let Some(unit) = units.get(&id).and_then(Option::as_ref) else {
                continue;
            };
            if let Some(m) = AnalyzedUnit::new(unit).score(&query, opts) {
                found[i].push(ParagraphMatch {
                    segments: len,
                    text: query.analyzed.text,
                    found: m,
                });
            }
        }
    }
    for matches in &mut found {
        matches.sort_by(|a, b| rank(&a.found, &b.found).then(a.segments.cmp(&b.segments)));
        matches.dedup_by(|a, b| a.found.unit.id == b.found.unit.id && a.segments == b.segments);
        matches.truncate(opts.limit);
    }
    Ok(found)
}

/// A run of segments drafted as one from a paragraph match ([`joins`]).
#[derive(Debug, Clone)]
pub struct Join {
    /// The first segment (0-based, as in the queries).
    pub start: usize,
    /// The paragraph match, its `segments` from `start` on.
    pub found: ParagraphMatch,
}

/// The runs of segments to draft as one, from a paragraph match (memoQ's
/// "TM-driven segmentation": segments are joined when the memory holds a
/// better match for them together than for each alone). From the first
/// segment on, at each segment not yet joined, its best paragraph match
/// ([`paragraphs`]) when its score is higher than the mean of the best
/// scores of the segments it spans, weighted by their words (`best[i]`,
/// a segment without a match counting 0): the draft that leaves fewer
/// words to edit, as an analysis weighs them. At a tie the segments keep
/// their own drafts. `skip(i)` rules segment `i` out of every run.
pub fn joins(
    queries: &[Query],
    best: &[Option<u8>],
    paragraphs: &[Vec<ParagraphMatch>],
    skip: impl Fn(usize) -> bool,
) -> Vec<Join> {
    let words: Vec<u64> = queries
        .iter()
        .map(|q| words(&q.analyzed.text).len() as u64)
        .collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < queries.len() {
        let run = paragraphs.get(i).and_then(|ps| {
            ps.first().filter(|p| {
                let span = i..(i + p.segments).min(queries.len());
                let (mut weighted, mut total) = (0, 0);
                for k in span.clone() {
                    weighted += words[k] * u64::from(best.get(k).copied().flatten().unwrap_or(0));
                    total += words[k];
                }
                !span.clone().any(&skip)
                    && p.segments > 1
                    && u64::from(p.found.score) * total > weighted
            })
        });
        match run {
            Some(p) => {
                found.push(Join {
                    start: i,
                    found: p.clone(),
                });
                i += p.segments;
            }
            None => i += 1,
        }
    }
    found
}

/// `queries` (consecutive segments) as one query: their texts joined by a
/// space, the first one's previous neighbour and the last one's next.
pub fn joined(queries: &[Query]) -> Query {
    let (Some(first), Some(last)) = (queries.first(), queries.last()) else {
        return Query::single("", Lang::Ru);
    };
    let text: Vec<&str> = queries.iter().map(|q| q.analyzed.text.as_str()).collect();
    Query {
        analyzed: analyze(&text.join(" "), first.analyzed.lang),
        prev: first.prev,
        next: last.next,
        start: first.start,
        end: last.end,
        paragraph: first.paragraph,
    }
}

/// The match of a unit, or of a sentence entry or key (`sentence_of`),
/// for `query`; none for a key of the other language (its side in the
/// query's language is empty: it is never a candidate either).
fn score_entry(
    unit: &AnalyzedUnit<'_>,
    sentence_of: Option<&SentenceOf>,
    query: &Query,
    opts: &SuggestOptions,
) -> Option<Match> {
    if sentence_of
        .and_then(|of| of.key)
        .is_some_and(|lang| lang != query.analyzed.lang)
    {
        return None;
    }
    let mut found = unit.score(query, opts)?;
    found.sentence_of = sentence_of.cloned();
    Some(found)
}

/// The oracle: every unit, sentence entry and sentence key scored against
/// every query.
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
    snapshot.for_each_sentence(|_, entry| {
        let analyzed = AnalyzedUnit::new(&entry.sentence);
        for (query, found) in queries.iter().zip(found.iter_mut()) {
            found.extend(score_entry(&analyzed, Some(&entry.of), query, opts));
        }
        Ok(())
    })?;
    Ok(found)
}
