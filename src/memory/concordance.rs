//! Concordance: the units whose Russian or English side contains a word or
//! a phrase, inflected forms included (`выборы` finds `выборах`).
//!
//! # Retrieval
//!
//! A unit can contain the phrase only if its `*_terms` field holds the
//! index token ([`index_token`]) of every word of the phrase, so the
//! postings of the phrase's distinct tokens are intersected, rarest first,
//! the others skipped forward with `seek`. The candidates are put in the
//! order of suggestions (most recent date first, undated last, then id)
//! from the fast fields alone, and then checked on the real text in that
//! order until `limit` hits are found: the phrase's words must stand
//! consecutively in the unit (punctuation between them does not count),
//! each with the same Snowball stem as the phrase's word, or, for numbers,
//! the same normalized number (all numbers share one index token).
//!
//! Before a candidate is read from the store, its word signatures (the
//! `*_sig` fast field, [`crate::score::signature`]) must hold the phrase:
//! consecutive positions whose signatures agree with the phrase's words on
//! the stem bits (and, for a number, on the whole signature, which is a
//! function of the normalized number). Equal stems, or equal numbers, give
//! equal bits, so no hit is ever ruled out; and a number, whose index token
//! every number shares, no longer reads every unit with a number.
//!
//! With a limit, only the candidates up to the last hit shown are read
//! from the store, so a common word costs a pass over its postings and a
//! sort, never a read of every unit. When every candidate must be read
//! (no limit, or fewer candidates than the limit), they are read in
//! storage order, each compressed block of the store once, and the hits
//! put in order afterwards.

use std::collections::{HashMap, HashSet};

use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Term, TERMINATED};

use super::schema::{date_key, index_token};
use super::{Memory, MemoryError};
use crate::score::{signature, WordSig, NUMBER_CLASS, STEM_BITS};
use crate::text::{analyze, Analyzed, Lang, Token};
use crate::unit::{Unit, UnitFilter};

/// Candidates put in order at least at a time, for a limited search.
const MIN_ORDERED: usize = 64;

/// How to look for a phrase.
#[derive(Debug, Clone, Default)]
pub struct ConcordanceOptions {
    /// At most this many hits (`None`: all).
    pub limit: Option<usize>,
    pub filter: UnitFilter,
}

/// A unit that contains the phrase.
#[derive(Debug, Clone)]
pub struct ConcordanceHit {
    pub unit: Unit,
    /// The side that contains the phrase.
    pub lang: Lang,
    /// Byte ranges of each occurrence in `unit.side(lang)`, in order, not
    /// overlapping.
    pub spans: Vec<(usize, usize)>,
}

/// What a concordance search found.
#[derive(Debug, Clone, Default)]
pub struct Concordance {
    /// The hits, most recent first (undated last), then by id.
    pub hits: Vec<ConcordanceHit>,
    /// Units holding every word of the phrase somewhere (and within the
    /// date filter): an upper bound of the hits.
    pub candidates: u64,
    /// Candidates read and checked.
    pub checked: u64,
    /// The number of units that contain the phrase, when known: every
    /// candidate was checked, or the phrase is one word, which every
    /// candidate contains.
    pub total: Option<u64>,
}

impl Memory {
    /// The units whose `phrase.lang` side contains `phrase` (see the module
    /// documentation). A phrase without words finds nothing.
    pub fn concordance(
        &self,
        phrase: &Analyzed,
        opts: &ConcordanceOptions,
    ) -> Result<Concordance, MemoryError> {
        super::integrity::guard(&self.path, || self.read_concordance(phrase, opts))
    }

    fn read_concordance(
        &self,
        phrase: &Analyzed,
        opts: &ConcordanceOptions,
    ) -> Result<Concordance, MemoryError> {
        let mut found = Concordance::default();
        if phrase.tokens.is_empty() || opts.limit == Some(0) {
            return Ok(found);
        }
        let snapshot = self.snapshot();
        // A unit at several places shows the most recent one the filter
        // takes, which the fast fields (its first place) do not know: those
        // units (few) are read first and ordered by the place they show;
        // every other unit's only place is in the fast fields.
        let several = if snapshot.has_occurrences() {
            snapshot.units_at_several_places()?
        } else {
            HashMap::new()
        };
        let mut candidates = self.candidates(snapshot.searcher(), phrase, &opts.filter, false)?;
        // Sentence entries repeat their paragraph unit's words.
        candidates.retain(|c| !snapshot.is_sentence(c.1));
        found.candidates = candidates.len() as u64;
        let prefilter =
            std::cell::RefCell::new(Prefilter::new(snapshot.searcher(), phrase, &self.path)?);
        let check = |addr: DocAddress| -> Result<Option<ConcordanceHit>, MemoryError> {
            if !prefilter.borrow_mut().may_hold(addr) {
                return Ok(None);
            }
            let unit = snapshot.unit(addr)?;
            let Some(place) = opts.filter.best_place(&unit) else {
                return Ok(None);
            };
            let unit = unit.at(place);
            let spans = occurrences(phrase, &analyze(unit.side(phrase.lang), phrase.lang));
            Ok((!spans.is_empty()).then_some(ConcordanceHit {
                unit,
                lang: phrase.lang,
                spans,
            }))
        };
        let limit = opts.limit.unwrap_or(usize::MAX);
        if !several.is_empty() {
            // The units at several places, whatever their first place's
            // date: the candidates were taken by that date.
            let several_addrs: HashSet<DocAddress> = several.values().copied().collect();
            candidates.retain(|c| !several_addrs.contains(&c.1));
            let mut addrs: Vec<DocAddress> = several_addrs.into_iter().collect();
            addrs.sort_unstable();
            // They count as candidates, and as checked, when they are
            // hits: so a word's candidates stay exactly its units.
            for addr in addrs {
                found.hits.extend(check(addr)?);
            }
            found.candidates = (candidates.len() + found.hits.len()) as u64;
            found.checked = found.hits.len() as u64;
        }
        // The other candidates, checked apart: the hits above do not
        // count towards the limit of the front's selection.
        let mut rest = Concordance::default();
        if limit >= candidates.len() {
            check_all(&candidates, &check, &mut rest)?;
        } else {
            let ids = snapshot
                .searcher()
                .segment_readers()
                .iter()
                .map(|segment| segment.fast_fields().u64("id"))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| super::integrity::read_error(&self.path, e))?;
            check_front(&mut candidates, &ids, limit, &check, &mut rest)?;
        }
        found.checked += rest.checked;
        found.hits.append(&mut rest.hits);
        found.hits.sort_by_key(|hit| {
            let date = hit.unit.meta.date.map(date_key);
            (date_order(date), hit.unit.id.0)
        });
        found.total = total(phrase, &opts.filter, &found);
        found.hits.truncate(limit);
        Ok(found)
    }

    /// Every unit holding the index token of each word of `phrase` (and,
    /// unless `all_dates`, dated within the filter's range), in no
    /// particular order.
    fn candidates(
        &self,
        searcher: &tantivy::Searcher,
        phrase: &Analyzed,
        filter: &UnitFilter,
        all_dates: bool,
    ) -> Result<Vec<Candidate>, MemoryError> {
        let error = |e: tantivy::TantivyError| super::integrity::read_error(&self.path, e);
        let field = self.fields.side(phrase.lang).terms;
        let mut tokens: Vec<String> = phrase
            .tokens
            .iter()
            .map(|t| index_token(t).into_owned())
            .collect();
        tokens.sort();
        tokens.dedup();
        let since = filter.since.map(date_key);
        let until = filter.until.map(date_key);
        let in_range = |date: Option<i64>| {
            all_dates
                || (since.is_none() && until.is_none())
                || date
                    .is_some_and(|d| since.is_none_or(|s| d >= s) && until.is_none_or(|u| d <= u))
        };
        let mut candidates = Vec::new();
        'segments: for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let inverted = segment.inverted_index(field).map_err(error)?;
            let mut postings = Vec::with_capacity(tokens.len());
            for token in &tokens {
                let term = Term::from_field_text(field, token);
                match inverted
                    .read_postings(&term, IndexRecordOption::Basic)
                    .map_err(|e| error(e.into()))?
                {
                    Some(p) => postings.push(p),
                    None => continue 'segments,
                }
            }
            postings.sort_by_key(|p| p.doc_freq());
            let Some((first, rest)) = postings.split_first_mut() else {
                continue;
            };
            let dates = segment.fast_fields().i64("date").map_err(error)?;
            let mut doc = first.doc();
            while doc != TERMINATED {
                if rest.iter_mut().all(|p| holds(p, doc)) && !segment.is_deleted(doc) {
                    let date = dates.first(doc);
                    if in_range(date) {
                        candidates.push((date_order(date), DocAddress::new(ord as u32, doc)));
                    }
                }
                doc = first.advance();
            }
        }
        Ok(candidates)
    }
}

/// The signature test a candidate passes before it is read (see the
/// module documentation).
struct Prefilter {
    /// Per word of the phrase, the bits a unit's word must share with it
    /// and their value.
    words: Vec<(WordSig, WordSig)>,
    /// Per segment, the side's `*_sig` column.
    columns: Vec<tantivy::columnar::Column<u64>>,
    /// The candidate's signatures by position.
    unit: Vec<WordSig>,
}

impl Prefilter {
    fn new(
        searcher: &tantivy::Searcher,
        phrase: &Analyzed,
        path: &std::path::Path,
    ) -> Result<Prefilter, MemoryError> {
        let name = format!("{}_sig", phrase.lang.code());
        let columns = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.fast_fields().u64(&name))
            .collect::<Result<_, _>>()
            .map_err(|e| super::integrity::read_error(path, e))?;
        let words = phrase
            .tokens
            .iter()
            .map(|token| {
                let mask = if token.number {
                    WordSig::MAX
                } else {
                    STEM_BITS | NUMBER_CLASS
                };
                (mask, signature(token) & mask)
            })
            .collect();
        Ok(Prefilter {
            words,
            columns,
            unit: Vec::new(),
        })
    }

    /// Whether the unit at `addr` may hold the phrase: false only when its
    /// signatures prove it does not.
    fn may_hold(&mut self, addr: DocAddress) -> bool {
        let Some(column) = self.columns.get(addr.segment_ord as usize) else {
            return true;
        };
        self.unit.clear();
        for value in column.values_for_doc(addr.doc_id) {
            let position = (value >> 32) as usize;
            if position >= self.unit.len() {
                // No word has these bits set: a gap matches nothing.
                self.unit.resize(position + 1, WordSig::MAX);
            }
            self.unit[position] = value as WordSig;
        }
        let n = self.words.len();
        self.unit.len() >= n
            && self.unit.windows(n).any(|window| {
                window
                    .iter()
                    .zip(&self.words)
                    .all(|(sig, (mask, value))| sig & mask == *value)
            })
    }
}

/// A unit holding every word of the phrase, with its [`date_order`]: 12
/// bytes, for a number's candidates are every unit with a number. Its id,
/// the order between units of one date, is read only for the candidates
/// put in order.
type Candidate = (u32, DocAddress);

/// Where a date comes in the order of suggestions: most recent first,
/// undated last.
fn date_order(date: Option<i64>) -> u32 {
    match date {
        // Date keys are `YYYYMMDD`, far below `u32::MAX`.
        Some(date) => u32::MAX - 1 - u32::try_from(date.max(0)).unwrap_or(u32::MAX - 1),
        None => u32::MAX,
    }
}

/// Reads a candidate: the hit, if its text holds the phrase.
type Check<'a> = dyn Fn(DocAddress) -> Result<Option<ConcordanceHit>, MemoryError> + 'a;

/// Checks every candidate: in storage order, which reads each compressed
/// block of the store once, then puts the hits in order (by the date of
/// the place each shows).
fn check_all(
    candidates: &[Candidate],
    check: &Check<'_>,
    found: &mut Concordance,
) -> Result<(), MemoryError> {
    let mut order: Vec<DocAddress> = candidates.iter().map(|c| c.1).collect();
    order.sort_unstable();
    let mut hits = Vec::new();
    for addr in order {
        found.checked += 1;
        hits.extend(check(addr)?);
    }
    hits.sort_unstable_by_key(|hit| {
        let date = hit.unit.meta.date.map(date_key);
        (date_order(date), hit.unit.id.0)
    });
    found.hits = hits;
    Ok(())
}

/// Checks the front of the order until `limit` hits are found: selects
/// the first candidates by date (four times the limit, then, while the
/// hits fall short, at least twice as many, and as many as the hits so far
/// say the rest needs; with every candidate of the last date taken), sorts
/// just those by date and id, reads them.
fn check_front(
    candidates: &mut [Candidate],
    ids: &[tantivy::columnar::Column<u64>],
    limit: usize,
    check: &Check<'_>,
    found: &mut Concordance,
) -> Result<(), MemoryError> {
    let mut next = 0;
    let mut want = limit.saturating_mul(4).max(MIN_ORDERED);
    let mut front = Vec::new();
    while next < candidates.len() && found.hits.len() < limit {
        let rest = &mut candidates[next..];
        let mut take = want.min(rest.len());
        if take < rest.len() {
            rest.select_nth_unstable_by_key(take - 1, |c| c.0);
            // Units of the last date taken are ordered by id: take them all.
            let edge = rest[take - 1].0;
            let end = take;
            for i in end..rest.len() {
                if rest[i].0 == edge {
                    rest.swap(take, i);
                    take += 1;
                }
            }
        }
        front.clear();
        front.extend(rest[..take].iter().map(|&(date, addr)| {
            let id = ids
                .get(addr.segment_ord as usize)
                .and_then(|c| c.first(addr.doc_id))
                .unwrap_or(0);
            (date, id, addr)
        }));
        // Many units may share the last date (a bulk import): only the
        // first `want` are sorted and read; the others stay in the rest.
        let first = want.min(front.len());
        if first < front.len() {
            front.select_nth_unstable(first);
        }
        front[..first].sort_unstable();
        for (slot, &(date, _, addr)) in rest.iter_mut().zip(&front) {
            *slot = (date, addr);
        }
        for &(_, _, addr) in &front[..first] {
            if found.hits.len() >= limit {
                break;
            }
            found.checked += 1;
            found.hits.extend(check(addr)?);
        }
        next += first;
        // A number's candidates are every unit with a number, few of which
        // hold it: each selection is a pass over the rest, so take what the
        // hit rate so far says is needed, with a quarter more.
        let short = limit.saturating_sub(found.hits.len());
        let per_hit = next / found.hits.len().max(1);
        want = want
            .saturating_mul(2)
            .max(short.saturating_mul(per_hit).saturating_mul(5) / 4);
    }
    Ok(())
}

/// The number of units holding the phrase, when known: every candidate
/// was checked, or the phrase is one word (not a number), whose stem's
/// token every candidate holds.
fn total(phrase: &Analyzed, filter: &UnitFilter, found: &Concordance) -> Option<u64> {
    let one_word = phrase.tokens.len() == 1
        && !phrase.tokens[0].number
        && index_token(&phrase.tokens[0]) == phrase.tokens[0].stem.as_str();
    if found.checked == found.candidates {
        Some(found.hits.len() as u64)
    } else if one_word && filter.article.is_none() && filter.origin.is_none() {
        Some(found.candidates)
    } else {
        None
    }
}

/// Whether `postings`, read in increasing doc order, hold `doc`.
fn holds(postings: &mut tantivy::postings::SegmentPostings, doc: tantivy::DocId) -> bool {
    // `seek` may only move forward.
    if postings.doc() < doc {
        postings.seek(doc);
    }
    postings.doc() == doc
}

/// Whether word `t` of a text stands for word `p` of a phrase: the same
/// normalized number, or the same stem.
fn same_word(p: &Token, t: &Token) -> bool {
    if p.number || t.number {
        p.number && t.number && p.norm == t.norm
    } else {
        p.stem == t.stem
    }
}

/// Byte ranges in `text.text` where the words of `phrase` stand one after
/// the other; occurrences do not overlap.
pub fn occurrences(phrase: &Analyzed, text: &Analyzed) -> Vec<(usize, usize)> {
    let p = &phrase.tokens;
    let t = &text.tokens;
    let mut spans = Vec::new();
    if p.is_empty() || t.len() < p.len() {
        return spans;
    }
    let mut i = 0;
    while i + p.len() <= t.len() {
        if p.iter().zip(&t[i..]).all(|(p, t)| same_word(p, t)) {
            spans.push((t[i].start, t[i + p.len() - 1].end));
            i += p.len();
        } else {
            i += 1;
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(phrase: &str, text: &str, lang: Lang) -> Vec<String> {
        occurrences(&analyze(phrase, lang), &analyze(text, lang))
            .into_iter()
            .map(|(s, e)| text[s..e].to_string())
            .collect()
    }

    #[test]
    fn occurrences_table() {
        let cases: &[(&str, Lang, &str, &str, &[&str])] = &[
            (
                "an inflected form is found by its stem",
                Lang::Ru,
                "выборы",
                "На выборах в мажилис победила партия.",
                &["выборах"],
            ),
            (
                "every word of a phrase is inflected freely",
                Lang::Ru,
                "президентские выборы",
                "О президентских выборах сообщил ЦИК.",
                &["президентских выборах"],
            ),
            (
                "punctuation between the words does not count",
                Lang::Ru,
                "выборы президент",
                "Выборы, президент и парламент.",
                &["Выборы, президент"],
            ),
            (
                "the words must be adjacent",
                Lang::Ru,
                "президентские выборы",
                "Президентские и парламентские выборы.",
                &[],
            ),
            (
                "the order matters",
                Lang::En,
                "early elections",
                "Elections were early.",
                &[],
            ),
            (
                "every occurrence, none overlapping",
                Lang::En,
                "the vote",
                "The vote, then the votes.",
                &["The vote", "the votes"],
            ),
            (
                "numbers match by their normalized value",
                Lang::Ru,
                "9,5%",
                "Цены выросли на 9,5%, а не на 9,6%.",
                &["9,5"],
            ),
            (
                "a number never matches a word",
                Lang::En,
                "2019",
                "In twenty-nineteen.",
                &[],
            ),
            (
                "ё and case are folded",
                Lang::Ru,
                "Пётр",
                "петр и ПЁТР",
                &["петр", "ПЁТР"],
            ),
            (
                "a phrase longer than the text",
                Lang::En,
                "a b c",
                "a b",
                &[],
            ),
        ];
        for (rule, lang, phrase, text, want) in cases {
            assert_eq!(found(phrase, text, *lang), *want, "{rule}");
        }
    }
}
