//! Reading a memory: exact candidate retrieval for the match score, whole
//! scans for the exhaustive mode and exports, and figures for `stats`.
//!
//! # Why retrieval is exact
//!
//! Every word has an index token ([`index_token`]) such that two words
//! whose substitution costs less than a full edit (equal, same stem, or
//! both numbers) have equal tokens. For a query of `m` words and a unit of
//! `n` words, let `k` be the size of the multiset intersection of their
//! tokens and `M = max(m, n)`. An alignment pairs at most `k` words
//! cheaply, every other word costs a full edit, so `2d ≥ 2(M − k)`, and a
//! score of at least `t` (fuzzy, or an adapted or exact match, which need
//! `k = M`) requires `k ≥ ⌈M·t/100⌉`.
//!
//! The filter reads the postings of the query's tokens with their term
//! frequencies and adds up `min(query count, unit count)` per unit. The
//! most frequent tokens may be left unread as long as their query counts
//! add up to less than `⌈m·t/100⌉`: a unit then needs at least one
//! counted token, and its true `k` is at most its count plus the unread
//! total. Units whose count plus the unread total reach `⌈M·t/100⌉` (with
//! `n` from the `*_len` fast field) pass. Then a lower bound of the distance
//! over word signatures (the `*_sig` fast field, [`crate::score::lower_bound2`])
//! must not exceed the largest distance `t` allows. Survivors are candidates;
//! the caller scores each exactly. No unit that can reach `t` is ever left
//! out.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, DocSet, Searcher, SegmentReader, TantivyDocument, Term, TERMINATED,
};

use super::schema::{exact_hash, index_token, Fields};
use super::{integrity, MemoryError};
use crate::score::{lower_bound2, max_distance2, signature, WordSig, NUMBER_CLASS, STEM_BITS};
use crate::text::Analyzed;
use crate::unit::Unit;

/// Tokens in more than 1/this of a segment's units may be left unread.
const FREQUENT_SHARE: u32 = 10;
/// ... as long as their query counts add up to at most 1/this of the
/// shared tokens a unit needs (reading postings is cheaper than checking
/// the units a weak count lets through).
const UNREAD_SHARE: u64 = 3;
/// ... but only in segments larger than this.
const FREQUENT_MIN_DF: u32 = 2_000;

/// A consistent, read-only view of a memory at one commit.
#[derive(Clone)]
pub struct Snapshot {
    searcher: Searcher,
    fields: Fields,
    path: PathBuf,
}

/// The units a query must be scored against.
#[derive(Debug, Default)]
pub struct Candidates {
    pub docs: Vec<DocAddress>,
    /// Postings read (a measure of the filter's work).
    pub postings: u64,
    /// Units that passed the shared-token count (before the distance bound).
    pub counted: u64,
}

thread_local! {
    static COUNTS: RefCell<Vec<u16>> = const { RefCell::new(Vec::new()) };
    static ROW: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

impl Snapshot {
    pub(super) fn new(searcher: Searcher, fields: Fields, path: PathBuf) -> Snapshot {
        Snapshot {
            searcher,
            fields,
            path,
        }
    }

    /// Number of units.
    pub fn len(&self) -> u64 {
        self.searcher.num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(super) fn segment_count(&self) -> usize {
        self.searcher.segment_readers().len()
    }

    fn error(&self, e: impl std::fmt::Display) -> MemoryError {
        integrity::read_error(&self.path, e)
    }

    /// The unit stored at `addr`.
    pub fn unit(&self, addr: DocAddress) -> Result<Unit, MemoryError> {
        integrity::guard(&self.path, || self.read_unit(addr))
    }

    fn read_unit(&self, addr: DocAddress) -> Result<Unit, MemoryError> {
        let doc: TantivyDocument = self.searcher.doc(addr).map_err(|e| self.error(e))?;
        self.decode(&doc, addr)
    }

    fn decode(&self, doc: &TantivyDocument, addr: DocAddress) -> Result<Unit, MemoryError> {
        decode_unit(&self.path, &self.fields, doc, addr)
    }

    /// Calls `visit` with every unit, segment by segment in storage order.
    pub fn for_each_unit(
        &self,
        visit: impl FnMut(DocAddress, Unit) -> Result<(), MemoryError>,
    ) -> Result<(), MemoryError> {
        integrity::guard(&self.path, || self.read_each_unit(visit))
    }

    fn read_each_unit(
        &self,
        mut visit: impl FnMut(DocAddress, Unit) -> Result<(), MemoryError>,
    ) -> Result<(), MemoryError> {
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            let store = segment.get_store_reader(4).map_err(|e| self.error(e))?;
            let alive: Vec<DocId> = segment.doc_ids_alive().collect();
            let docs = store.iter::<TantivyDocument>(segment.alive_bitset());
            for (doc_id, doc) in alive.into_iter().zip(docs) {
                let addr = DocAddress::new(ord as u32, doc_id);
                let doc = doc.map_err(|e| self.error(e))?;
                visit(addr, self.decode(&doc, addr)?)?;
            }
        }
        Ok(())
    }

    /// The ids of all units.
    pub fn ids(&self) -> Result<HashSet<u64>, MemoryError> {
        integrity::guard(&self.path, || self.read_ids())
    }

    fn read_ids(&self) -> Result<HashSet<u64>, MemoryError> {
        let mut ids = HashSet::with_capacity(self.len() as usize);
        for segment in self.searcher.segment_readers() {
            let column = segment.fast_fields().u64("id").map_err(|e| self.error(e))?;
            for doc in segment.doc_ids_alive() {
                if let Some(id) = column.first(doc) {
                    ids.insert(id);
                }
            }
        }
        Ok(ids)
    }

    /// The first and last publication dates.
    pub(super) fn date_range(&self) -> Result<(Option<String>, Option<String>), MemoryError> {
        let mut range: Option<(i64, i64)> = None;
        for segment in self.searcher.segment_readers() {
            let column = segment
                .fast_fields()
                .i64("date")
                .map_err(|e| self.error(e))?;
            for doc in segment.doc_ids_alive() {
                if let Some(d) = column.first(doc) {
                    range = Some(match range {
                        None => (d, d),
                        Some((lo, hi)) => (lo.min(d), hi.max(d)),
                    });
                }
            }
        }
        let show = |k: i64| format!("{:04}-{:02}-{:02}", k / 10_000, k / 100 % 100, k % 100);
        Ok(match range {
            Some((lo, hi)) => (Some(show(lo)), Some(show(hi))),
            None => (None, None),
        })
    }

    /// The number of distinct article ids.
    pub(super) fn article_count(&self) -> Result<u64, MemoryError> {
        let mut articles = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment
                .inverted_index(self.fields.article)
                .map_err(|e| self.error(e))?;
            let mut terms = inverted.terms().stream().map_err(|e| self.error(e))?;
            while terms.advance() {
                articles.insert(terms.key().to_vec());
            }
        }
        Ok(articles.len() as u64)
    }

    /// The units that can score at least `min_score` against `query`
    /// (see the module documentation for why none is missed).
    pub fn candidates(&self, query: &Analyzed, min_score: u8) -> Result<Candidates, MemoryError> {
        integrity::guard(&self.path, || self.read_candidates(query, min_score))
    }

    fn read_candidates(&self, query: &Analyzed, min_score: u8) -> Result<Candidates, MemoryError> {
        let mut out = Candidates::default();
        let side = self.fields.side(query.lang);
        let m = query.tokens.len();
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            let ord = ord as u32;
            if m == 0 {
                // Only a unit without words can match; its normalized text
                // must be equal (score 100 or 99), or anything goes at 0.
                if min_score == 0 {
                    self.all_docs(segment, ord, &mut out);
                } else {
                    let term = Term::from_field_u64(side.exact, exact_hash(&query.text));
                    self.term_docs(segment, ord, &term, &mut out)?;
                }
                continue;
            }
            if min_score == 0 {
                self.all_docs(segment, ord, &mut out);
                continue;
            }
            self.count_filter(segment, ord, query, min_score, &mut out)?;
        }
        Ok(out)
    }

    fn all_docs(&self, segment: &SegmentReader, ord: u32, out: &mut Candidates) {
        out.docs
            .extend(segment.doc_ids_alive().map(|d| DocAddress::new(ord, d)));
    }

    fn term_docs(
        &self,
        segment: &SegmentReader,
        ord: u32,
        term: &Term,
        out: &mut Candidates,
    ) -> Result<(), MemoryError> {
        let inverted = segment
            .inverted_index(term.field())
            .map_err(|e| self.error(e))?;
        if let Some(mut postings) = inverted
            .read_postings(term, IndexRecordOption::Basic)
            .map_err(|e| self.error(e))?
        {
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if !segment.is_deleted(doc) {
                    out.docs.push(DocAddress::new(ord, doc));
                }
                doc = postings.advance();
            }
        }
        Ok(())
    }

    fn count_filter(
        &self,
        segment: &SegmentReader,
        ord: u32,
        query: &Analyzed,
        min_score: u8,
        out: &mut Candidates,
    ) -> Result<(), MemoryError> {
        let side = self.fields.side(query.lang);
        let m = query.tokens.len();
        let t = u64::from(min_score.min(crate::score::CONTEXT_MATCH));
        let need = |words: usize| (words as u64 * t).div_ceil(100);
        let need_min = need(m);

        let mut query_counts: HashMap<String, u16> = HashMap::new();
        for token in &query.tokens {
            let count = query_counts
                .entry(index_token(token).into_owned())
                .or_default();
            *count = count.saturating_add(1);
        }
        let inverted = segment
            .inverted_index(side.terms)
            .map_err(|e| self.error(e))?;
        let mut terms = Vec::with_capacity(query_counts.len());
        for (text, count) in &query_counts {
            let term = Term::from_field_text(side.terms, text);
            if let Some(info) = inverted.get_term_info(&term).map_err(|e| self.error(e))? {
                terms.push((info, *count));
            }
        }
        terms.sort_by_key(|(info, _)| std::cmp::Reverse(info.doc_freq));
        // Leave the most frequent tokens unread while they cannot make a
        // candidate on their own.
        let frequent = (segment.max_doc() / FREQUENT_SHARE).max(FREQUENT_MIN_DF);
        let mut unread: u64 = 0;
        let mut first_read = 0;
        for (info, count) in &terms {
            if info.doc_freq > frequent
                && unread + u64::from(*count) < need_min
                && (unread + u64::from(*count)) * UNREAD_SHARE <= need_min
            {
                unread += u64::from(*count);
                first_read += 1;
            } else {
                break;
            }
        }

        let code = query.lang.code();
        let fast = segment.fast_fields();
        let len_column = fast
            .u64(&format!("{code}_len"))
            .map_err(|e| self.error(e))?;
        let sig_column = fast
            .u64(&format!("{code}_sig"))
            .map_err(|e| self.error(e))?;
        let query_sigs: Vec<WordSig> = query.tokens.iter().map(signature).collect();
        let classes = ClassCounts::new(&query_sigs);
        let mut seen: Vec<u16> = vec![0; classes.len()];
        let mut unit_sigs: Vec<u64> = Vec::new();
        let mut unit_words: Vec<WordSig> = Vec::new();
        COUNTS.with(|counts| -> Result<(), MemoryError> {
            let mut counts = counts.borrow_mut();
            // The counts are all zero between calls: every touched slot is
            // reset below, and an error clears the whole vector.
            if counts.len() < segment.max_doc() as usize {
                counts.resize(segment.max_doc() as usize, 0);
            }
            let max_doc = segment.max_doc() as usize;
            for (info, count) in &terms[first_read..] {
                // A token the query holds once adds 1 per unit holding it:
                // its frequencies need not be decoded.
                let option = if *count == 1 {
                    IndexRecordOption::Basic
                } else {
                    IndexRecordOption::WithFreqs
                };
                let mut block = match inverted.read_block_postings_from_terminfo(info, option) {
                    Ok(block) => block,
                    Err(e) => {
                        counts.clear();
                        return Err(self.error(e));
                    }
                };
                loop {
                    let docs = block.docs();
                    if docs.is_empty() {
                        break;
                    }
                    out.postings += docs.len() as u64;
                    if *count == 1 {
                        for &doc in docs {
                            let slot = &mut counts[doc as usize];
                            *slot = slot.saturating_add(1);
                        }
                    } else {
                        for (&doc, &freq) in docs.iter().zip(block.freqs()) {
                            let slot = &mut counts[doc as usize];
                            *slot = slot.saturating_add(freq.min(u32::from(*count)) as u16);
                        }
                    }
                    block.advance();
                }
            }
            // Units need at least `need_min - unread` counted tokens; the
            // scan resets every slot it passes, so the vector is all zero
            // again afterwards.
            let threshold = need_min.saturating_sub(unread).max(1);
            const CHUNK: usize = 32;
            let mut chunk_start = 0;
            while chunk_start < max_doc {
                let chunk_end = (chunk_start + CHUNK).min(max_doc);
                let chunk = chunk_start..chunk_end;
                chunk_start = chunk_end;
                // Skip untouched runs a chunk at a time (the fold vectorizes).
                if counts[chunk.clone()].iter().fold(0, |a, &c| a | c) == 0 {
                    continue;
                }
                for doc in chunk {
                    let counted = counts[doc];
                    if counted == 0 {
                        continue;
                    }
                    counts[doc] = 0;
                    if u64::from(counted) < threshold {
                        continue;
                    }
                    let doc = doc as DocId;
                    let shared = u64::from(counted) + unread;
                    if segment.is_deleted(doc) {
                        continue;
                    }
                    let n = len_column.first(doc).unwrap_or(0) as usize;
                    if shared.min(m.min(n) as u64) < need(m.max(n)) {
                        continue;
                    }
                    out.counted += 1;
                    unit_sigs.clear();
                    unit_sigs.extend(sig_column.values_for_doc(doc));
                    unit_sigs.sort_unstable();
                    unit_words.clear();
                    unit_words.extend(unit_sigs.iter().map(|v| *v as WordSig));
                    // The exact shared count, now that the unit's words are at
                    // hand: the same bound, without the unread tokens' slack.
                    if (classes.shared(&unit_words, &mut seen) as u64) < need(m.max(n)) {
                        continue;
                    }
                    let max2 = max_distance2(m, n, min_score);
                    let within = ROW.with(|row| {
                        lower_bound2(&query_sigs, &unit_words, max2, &mut row.borrow_mut())
                            .is_some()
                    });
                    if within {
                        out.docs.push(DocAddress::new(ord, doc));
                    }
                }
            }
            Ok(())
        })
    }
}

/// The query's word classes ([`class_of`]) with their counts, for the exact
/// shared-token count of a unit from its signatures.
struct ClassCounts {
    classes: Vec<(u32, u16)>,
}

impl ClassCounts {
    fn new(sigs: &[WordSig]) -> Self {
        let mut keys: Vec<u32> = sigs.iter().map(|s| class_of(*s)).collect();
        keys.sort_unstable();
        let mut classes: Vec<(u32, u16)> = Vec::new();
        for key in keys {
            match classes.last_mut() {
                Some((k, n)) if *k == key => *n = n.saturating_add(1),
                _ => classes.push((key, 1)),
            }
        }
        ClassCounts { classes }
    }

    fn len(&self) -> usize {
        self.classes.len()
    }

    /// Σ min(query count, unit count) over classes; `seen` is scratch of
    /// `len()` zeros, left zeroed.
    fn shared(&self, unit: &[WordSig], seen: &mut [u16]) -> u32 {
        let mut shared = 0;
        for sig in unit {
            if let Ok(i) = self
                .classes
                .binary_search_by_key(&class_of(*sig), |(k, _)| *k)
            {
                if seen[i] < self.classes[i].1 {
                    seen[i] += 1;
                    shared += 1;
                }
            }
        }
        seen.iter_mut().for_each(|s| *s = 0);
        shared
    }
}

/// The part of a signature that cheap substitutions share: the stem bits,
/// or the number class. Equal classes are exactly what the index tokens
/// count as shared, up to hash collisions (which only raise the count).
fn class_of(sig: WordSig) -> u32 {
    if sig & NUMBER_CLASS != 0 {
        NUMBER_CLASS
    } else {
        sig & STEM_BITS
    }
}

/// The unit stored in a memory's document; a missing or unreadable unit
/// is [`MemoryError::Damaged`], naming the memory and the document.
pub(super) fn decode_unit(
    path: &Path,
    fields: &Fields,
    doc: &TantivyDocument,
    addr: DocAddress,
) -> Result<Unit, MemoryError> {
    let damaged = |message: String| MemoryError::Damaged {
        path: path.to_path_buf(),
        doc: format!("{}/{}", addr.segment_ord, addr.doc_id),
        message,
    };
    let bytes = doc
        .get_first(fields.unit)
        .and_then(|v| v.as_bytes())
        .ok_or_else(|| damaged("no stored unit".into()))?;
    serde_json::from_slice(bytes).map_err(|e| damaged(e.to_string()))
}
