//! Concordance: the units whose Russian or English side contains a word or
//! a phrase, inflected forms included (`выборы` finds `выборах`).
//!
//! # Retrieval
//!
//! A unit can contain the phrase only if its `*_terms` field holds the
//! index token ([`index_token`]) of every word of the phrase, and, for a
//! number, the number's own token ([`number_token`]: the normalized
//! number), which every document of a memory of schema version 6 on holds
//! (`super::NUMBERS_VERSION`; an older memory's documents have only the
//! index token `#` that every number shares, and there it is looked up
//! instead). So the postings of the phrase's distinct tokens are
//! intersected, rarest first, the others skipped forward with `seek` (a
//! sorted list of documents per segment, sentence entries left out). They
//! are checked on the real text in the order of suggestions (most recent
//! date first, undated last, then id) until `limit` hits are found: the
//! phrase's words must stand consecutively in the unit (punctuation
//! between them does not count), each with the same Snowball stem as the
//! phrase's word, or, for numbers, the same normalized number.
//!
//! Before a candidate is read from the store, its word signatures (the
//! `*_sig` fast field, [`crate::score::signature`]) must hold the phrase:
//! consecutive positions whose signatures agree with the phrase's words on
//! the stem bits (and, for a number, on the whole signature, which is a
//! function of the normalized number). Equal stems, or equal numbers, give
//! equal bits, so no hit is ever ruled out; and in an older memory, a
//! number, whose index token every number shares, does not read every
//! unit with a number.
//!
//! With a limit, the order is found by walking the `date` terms backwards
//! (by ordinal, most recent first): the units of each date are looked up
//! among the candidates, ordered by id and checked, until the hits are
//! enough. So a common word costs a pass over its postings, the postings
//! of the dates the hits shown span, and a signature test of their
//! candidates, never a sort or a read of every unit; a number the same
//! over the units holding it (in an older memory, over every unit with a
//! number: for `2019` in the 1M-unit benchmark memory, some 2,400
//! signatures read at random places of the column, where the number's
//! own token leaves only the units holding `2019` on the dates walked:
//! the hits, and a few more on the last date). When every candidate must
//! be read
//! (no limit, or fewer candidates than the limit), they are read in
//! storage order, each compressed block of the store once, and the hits
//! put in order afterwards.

use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Term, TERMINATED};

use super::schema::{date_key, index_token, number_token, NUMBER_TOKEN};
use super::{Memory, MemoryError, Snapshot};
use crate::score::{signature, WordSig, NUMBER_CLASS, STEM_BITS};
use crate::text::{analyze, Analyzed, Lang, Token};
use crate::unit::{Unit, UnitFilter};

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
        let searcher = snapshot.searcher();
        let mut candidates = self.candidates(&snapshot, phrase)?;
        let prefilter = std::cell::RefCell::new(Prefilter::new(searcher, phrase, &self.path)?);
        let may_hold = |addr: DocAddress| prefilter.borrow_mut().may_hold(addr);
        let read = |addr: DocAddress| -> Result<Option<ConcordanceHit>, MemoryError> {
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
        let check = |addr: DocAddress| -> Result<Option<ConcordanceHit>, MemoryError> {
            if may_hold(addr) {
                read(addr)
            } else {
                Ok(None)
            }
        };
        // A unit at several places shows the most recent one the filter
        // takes, which the fast fields (its first place) do not know: those
        // units (few) are read first, whatever their first place's date,
        // and ordered by the place they show; every other unit's only
        // place is in the fast fields. Only those holding every word can
        // hold the phrase. They count as candidates, and as checked, when
        // they are hits: so a word's candidates stay exactly its units.
        if snapshot.has_occurrences() {
            let mut several: Vec<DocAddress> =
                snapshot.units_at_several_places()?.into_values().collect();
            several.sort_unstable();
            for addr in candidates.take(&several) {
                found.hits.extend(check(addr)?);
            }
            found.checked = found.hits.len() as u64;
        }
        let dates = Dates::new(searcher, &opts.filter, &self.path)?;
        if dates.filtered() {
            candidates.keep(|addr| dates.in_range(addr));
        }
        let count = candidates.len();
        found.candidates = count + found.hits.len() as u64;
        // The other candidates, checked apart: the hits above do not
        // count towards the limit.
        let limit = opts.limit.unwrap_or(usize::MAX);
        let mut rest = Concordance::default();
        if limit as u64 >= count {
            check_all(&candidates, &check, &mut rest)?;
        } else {
            let ids = columns(searcher, &self.path, |f| f.u64("id"))?;
            let with_id = |addr: DocAddress| {
                let id = ids
                    .get(addr.segment_ord as usize)
                    .and_then(|c| c.first(addr.doc_id));
                (id.unwrap_or(0), addr)
            };
            let mut walk = DateWalk::new(searcher, self.fields.date, &opts.filter, &self.path)?;
            let mut day = Vec::new();
            while rest.hits.len() < limit {
                day.clear();
                let more = walk.next_day(&mut |addr| {
                    if candidates.holds(addr) {
                        day.push(addr);
                    }
                })?;
                if !more && !dates.filtered() {
                    // The undated candidates come last.
                    candidates.keep(|addr| dates.date(addr).is_none());
                    day.extend(candidates.iter());
                }
                check_day(&day, limit, &with_id, &may_hold, &read, &mut rest)?;
                if !more {
                    break;
                }
            }
        }
        found.checked += rest.checked;
        found.hits.append(&mut rest.hits);
        found.hits.sort_by_key(|hit| {
            let date = hit.unit.meta.date.map(date_key);
            (date_order(date), hit.unit.id.0)
        });
        found.total = total(phrase, self.fields.numbers, &opts.filter, &found);
        found.hits.truncate(limit);
        Ok(found)
    }

    /// Every unit holding the token of each word of `phrase` (not a
    /// sentence entry: those repeat their paragraph unit's words): a
    /// number's own token where every document has it, else its index
    /// token.
    fn candidates(&self, snapshot: &Snapshot, phrase: &Analyzed) -> Result<Matches, MemoryError> {
        let error = |e: tantivy::TantivyError| super::integrity::read_error(&self.path, e);
        let field = self.fields.side(phrase.lang).terms;
        let mut tokens: Vec<String> = phrase
            .tokens
            .iter()
            .map(|t| match number_token(t).filter(|_| self.fields.numbers) {
                Some(number) => number,
                None => index_token(t).into_owned(),
            })
            .collect();
        tokens.sort();
        tokens.dedup();
        let segments = snapshot.searcher().segment_readers();
        let mut matches = Matches {
            docs: vec![Vec::new(); segments.len()],
        };
        'segments: for (ord, segment) in segments.iter().enumerate() {
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
            let docs = &mut matches.docs[ord];
            let mut doc = first.doc();
            while doc != TERMINATED {
                if rest.iter_mut().all(|p| holds(p, doc)) && !segment.is_deleted(doc) {
                    docs.push(doc);
                }
                doc = first.advance();
            }
            snapshot.drop_sentences(ord, docs);
        }
        Ok(matches)
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
        let columns = columns(searcher, path, |f| f.u64(&name))?;
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

/// The candidates of a phrase: per segment, its documents in increasing
/// order.
struct Matches {
    docs: Vec<Vec<DocId>>,
}

impl Matches {
    fn len(&self) -> u64 {
        self.docs.iter().map(|docs| docs.len() as u64).sum()
    }

    fn holds(&self, addr: DocAddress) -> bool {
        self.docs
            .get(addr.segment_ord as usize)
            .is_some_and(|docs| docs.binary_search(&addr.doc_id).is_ok())
    }

    /// In storage order.
    fn iter(&self) -> impl Iterator<Item = DocAddress> + '_ {
        self.docs.iter().enumerate().flat_map(|(ord, docs)| {
            docs.iter()
                .map(move |&doc| DocAddress::new(ord as u32, doc))
        })
    }

    fn keep(&mut self, keep: impl Fn(DocAddress) -> bool) {
        for (ord, docs) in self.docs.iter_mut().enumerate() {
            docs.retain(|&doc| keep(DocAddress::new(ord as u32, doc)));
        }
    }

    /// Removes the documents of `addrs` (in increasing order) and returns
    /// those it held.
    fn take(&mut self, addrs: &[DocAddress]) -> Vec<DocAddress> {
        let mut taken = Vec::new();
        for (ord, docs) in self.docs.iter_mut().enumerate() {
            let mut these = addrs
                .iter()
                .filter(|a| a.segment_ord as usize == ord)
                .map(|a| a.doc_id)
                .peekable();
            docs.retain(|&doc| {
                while these.next_if(|&d| d < doc).is_some() {}
                let held = these.next_if_eq(&doc).is_some();
                if held {
                    taken.push(DocAddress::new(ord as u32, doc));
                }
                !held
            });
        }
        taken
    }
}

/// The date of each unit (its first place's), and the filter's range.
struct Dates {
    columns: Vec<tantivy::columnar::Column<i64>>,
    since: Option<i64>,
    until: Option<i64>,
}

impl Dates {
    fn new(
        searcher: &tantivy::Searcher,
        filter: &UnitFilter,
        path: &std::path::Path,
    ) -> Result<Dates, MemoryError> {
        Ok(Dates {
            columns: columns(searcher, path, |f| f.i64("date"))?,
            since: filter.since.map(date_key),
            until: filter.until.map(date_key),
        })
    }

    /// Whether the filter has a date range (which undated units are out
    /// of).
    fn filtered(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    fn date(&self, addr: DocAddress) -> Option<i64> {
        self.columns
            .get(addr.segment_ord as usize)
            .and_then(|c| c.first(addr.doc_id))
    }

    fn in_range(&self, addr: DocAddress) -> bool {
        self.date(addr)
            .is_some_and(|d| self.since.is_none_or(|s| d >= s) && self.until.is_none_or(|u| d <= u))
    }
}

/// The `date` terms of every segment read backwards (by ordinal, the most
/// recent first): the units of one [`date_order`] at a time, within the
/// filter's range.
struct DateWalk {
    segments: Vec<SegmentDates>,
    since: Option<i64>,
    path: std::path::PathBuf,
}

/// One segment's `date` terms, read backwards.
struct SegmentDates {
    ord: u32,
    inverted: std::sync::Arc<tantivy::InvertedIndexReader>,
    /// Terms not yet read: ordinals `0..left`.
    left: u64,
    /// The date of term `left - 1`.
    date: Option<i64>,
}

impl SegmentDates {
    fn date_at(&self, ord: u64) -> std::io::Result<i64> {
        let mut bytes = Vec::with_capacity(8);
        self.inverted.terms().ord_to_term(ord, &mut bytes)?;
        let raw: [u8; 8] = bytes.as_slice().try_into().map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("a date term of {} bytes", bytes.len()),
            )
        })?;
        Ok(tantivy::u64_to_i64(u64::from_be_bytes(raw)))
    }

    fn load(&mut self) -> std::io::Result<()> {
        self.date = match self.left {
            0 => None,
            left => Some(self.date_at(left - 1)?),
        };
        Ok(())
    }
}

impl DateWalk {
    fn new(
        searcher: &tantivy::Searcher,
        field: tantivy::schema::Field,
        filter: &UnitFilter,
        path: &std::path::Path,
    ) -> Result<DateWalk, MemoryError> {
        let until = filter.until.map(date_key);
        let mut segments = Vec::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let inverted = segment
                .inverted_index(field)
                .map_err(|e| super::integrity::read_error(path, e))?;
            let mut dates = SegmentDates {
                ord: ord as u32,
                left: inverted.terms().num_terms() as u64,
                inverted,
                date: None,
            };
            if let Some(until) = until {
                // The terms are in increasing order: skip those after
                // `until`.
                let (mut low, mut high) = (0, dates.left);
                while low < high {
                    let middle = low + (high - low) / 2;
                    let date = dates
                        .date_at(middle)
                        .map_err(|e| super::integrity::read_error(path, e))?;
                    if date <= until {
                        low = middle + 1;
                    } else {
                        high = middle;
                    }
                }
                dates.left = low;
            }
            dates
                .load()
                .map_err(|e| super::integrity::read_error(path, e))?;
            segments.push(dates);
        }
        Ok(DateWalk {
            segments,
            since: filter.since.map(date_key),
            path: path.to_path_buf(),
        })
    }

    /// Calls `visit` with every document of the next [`date_order`] (in no
    /// particular order); false when no date is left.
    fn next_day(&mut self, visit: &mut dyn FnMut(DocAddress)) -> Result<bool, MemoryError> {
        let since = self.since;
        let in_range = |date: i64| since.is_none_or(|s| date >= s);
        let Some(newest) = self.segments.iter().filter_map(|s| s.date).max() else {
            return Ok(false);
        };
        if !in_range(newest) {
            return Ok(false);
        }
        let order = date_order(Some(newest));
        for dates in &mut self.segments {
            while let Some(date) = dates.date {
                if date_order(Some(date)) != order || !in_range(date) {
                    break;
                }
                let error = |e| super::integrity::read_error(&self.path, e);
                let key = tantivy::i64_to_u64(date).to_be_bytes();
                if let Some(info) = dates.inverted.terms().get(key).map_err(error)? {
                    let mut postings = dates
                        .inverted
                        .read_postings_from_terminfo(&info, IndexRecordOption::Basic)
                        .map_err(error)?;
                    let mut doc = postings.doc();
                    while doc != TERMINATED {
                        visit(DocAddress::new(dates.ord, doc));
                        doc = postings.advance();
                    }
                }
                dates.left -= 1;
                dates
                    .load()
                    .map_err(|e| super::integrity::read_error(&self.path, e))?;
            }
        }
        Ok(true)
    }
}

/// A fast field's column in every segment.
fn columns<T>(
    searcher: &tantivy::Searcher,
    path: &std::path::Path,
    open: impl Fn(&tantivy::fastfield::FastFieldReaders) -> tantivy::Result<T>,
) -> Result<Vec<T>, MemoryError> {
    searcher
        .segment_readers()
        .iter()
        .map(|segment| open(segment.fast_fields()))
        .collect::<Result<_, _>>()
        .map_err(|e| super::integrity::read_error(path, e))
}

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
    candidates: &Matches,
    check: &Check<'_>,
    found: &mut Concordance,
) -> Result<(), MemoryError> {
    let mut hits = Vec::new();
    for addr in candidates.iter() {
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

/// Checks the candidates of one date (`day`) in the order of their ids
/// until `limit` hits are found. Only those passing the signature test
/// need their id for that (the others are never read); the ids of all are
/// read on the date the limit is reached, to count as checked the
/// candidates up to the last hit, as reading them in order does.
fn check_day(
    day: &[DocAddress],
    limit: usize,
    with_id: &dyn Fn(DocAddress) -> (u64, DocAddress),
    may_hold: &dyn Fn(DocAddress) -> bool,
    read: &Check<'_>,
    found: &mut Concordance,
) -> Result<(), MemoryError> {
    let mut maybe: Vec<(u64, DocAddress)> = day
        .iter()
        .filter(|&&addr| may_hold(addr))
        .map(|&addr| with_id(addr))
        .collect();
    maybe.sort_unstable();
    let mut last = None;
    for &(id, addr) in &maybe {
        if let Some(hit) = read(addr)? {
            found.hits.push(hit);
            if found.hits.len() >= limit {
                last = Some((id, addr));
                break;
            }
        }
    }
    found.checked += match last {
        Some(last) => day.iter().filter(|&&addr| with_id(addr) <= last).count(),
        None => day.len(),
    } as u64;
    Ok(())
}

/// The number of units holding the phrase, when known: every candidate
/// was checked, or the phrase is one word whose own token every candidate
/// holds: its stem, or, when the memory has them (`numbers`), a number's
/// own token (not hashed ones: two numbers may share a hash).
fn total(
    phrase: &Analyzed,
    numbers: bool,
    filter: &UnitFilter,
    found: &Concordance,
) -> Option<u64> {
    let one_word = match phrase.tokens.as_slice() {
        [word] if word.number => {
            numbers
                && number_token(word).is_some_and(|token| {
                    token.strip_prefix(NUMBER_TOKEN) == Some(word.norm.as_str())
                })
        }
        [word] => index_token(word) == word.stem.as_str(),
        _ => false,
    };
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
