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
//! The filter takes the query's tokens rarest first. It reads in full as
//! many of the rarest as needed for the rest's query counts to add up to
//! less than `⌈m·t/100⌉` (so a unit holding none of the rarest cannot be a
//! candidate), adding up `min(query count, unit count)` per unit; a unit
//! is counted when its count plus the rest's total can reach the shared
//! tokens its length needs. When the counted units are many against the
//! next token's postings, that token is read in full too. The rest are
//! then *probed*: each token's postings are sought (skip lists) for the
//! counted units only, in doc order, and a unit is dropped as soon as its
//! count plus the query counts of the tokens not yet probed falls short of
//! `⌈M·t/100⌉` (with `n` from the `*_len` fast field). Probing stops when
//! the units left are too few for it to pay; the tokens left then add
//! their query counts to each unit's bound. Then the exact shared count
//! and a lower bound of the distance over word signatures (the `*_sig`
//! fast field, [`crate::score::lower_bound2`]) must not rule the unit out.
//! Survivors are candidates; the caller scores each exactly. A unit is
//! dropped only when an upper bound of what it shares, or a lower bound of
//! its distance, says it cannot reach `t`: none that can is left out.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use tantivy::columnar::column_index::{OptionalIndex, Set};
use tantivy::columnar::{Cardinality, ColumnIndex};
use tantivy::postings::{BlockSegmentPostings, TermInfo};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, DocSet, InvertedIndexReader, Searcher, SegmentReader, TantivyDocument, Term,
    TERMINATED,
};

use super::schema::{exact_hash, index_token, Fields, StoredOccurrence};
use super::{integrity, MemoryError};
use crate::score::{lower_bound2, max_distance2, signature, WordSig, NUMBER_CLASS, STEM_BITS};
use crate::text::Analyzed;
use crate::unit::{Occurrence, Unit, UnitId};

mod sentences;
mod verify;

use verify::*;

/// A token is probed for the counted units, rather than read in full,
/// when they are fewer than 1/this of its postings (a probe decodes one
/// block of 128 postings, a full read every block).
const PROBE_SHARE: u32 = 64;
/// A token rarer than 1/this of a segment's units is read in full
/// without looking at the counts first.
const SCAN_SHARE: u32 = 64;
/// A token is probed at all only while the units left are more than
/// 1/this of its postings: for fewer, walking its skip list costs more
/// than checking their word signatures, which count every token exactly.
const SIGNATURE_SHARE: u64 = 1024;

/// A consistent, read-only view of a memory at one commit.
#[derive(Clone)]
pub struct Snapshot {
    searcher: Searcher,
    fields: Fields,
    path: PathBuf,
    /// Per segment, whether it may hold occurrence documents (see
    /// [`super::schema`]): when none does, a unit is read without looking
    /// for its other places.
    linked: Vec<bool>,
    /// Per segment, its [`unit_lengths`], opened once: opening a column
    /// reads its block headers, which cost more than the read of a unit
    /// that looks for its other places.
    lengths: Vec<Option<tantivy::columnar::Column<u64>>>,
    /// Per segment, its `id` column when it may hold sentence entries
    /// (documents without an `id`, see [`super::schema`]).
    sentences: Vec<Option<tantivy::columnar::Column<u64>>>,
}

/// The units a query must be scored against.
#[derive(Debug, Default)]
pub struct Candidates {
    pub docs: Vec<DocAddress>,
    /// Postings read in full (a measure of the filter's work).
    pub postings: u64,
    /// Units looked up in the postings of a frequent token (by skip list).
    pub probed: u64,
    /// Units that passed the shared-token count (before the distance bound).
    pub counted: u64,
    /// Query counts of the tokens not read in full, as too frequent to
    /// make a candidate on their own (probed for the counted units or left
    /// to the signature check; summed over segments): shows the shortcut
    /// was taken.
    pub unread: u64,
}

thread_local! {
    /// Per unit of a segment, the shared tokens counted so far.
    static COUNTS: RefCell<Vec<u16>> = const { RefCell::new(Vec::new()) };
    static ROW: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

impl Snapshot {
    pub(super) fn new(searcher: Searcher, fields: Fields, path: PathBuf) -> Snapshot {
        // Every unit document has `ru_len`: a segment where every document
        // has it holds no occurrence document. When the column cannot be
        // read (a damaged file), every segment is looked at, and the reads
        // that follow tell the damage.
        let segments = searcher.segment_readers();
        // Opening a column reads the segment's column directory: a
        // damaged one panics, which the guard turns into nothing known.
        let (lengths, sentences) = integrity::guard(&path, || {
            Ok((
                segments.iter().map(unit_lengths).collect(),
                sentences::columns(segments),
            ))
        })
        .unwrap_or_else(|_| (vec![None; segments.len()], vec![None; segments.len()]));
        let linked = lengths
            .iter()
            .map(|c| {
                c.as_ref()
                    .is_none_or(|c| c.get_cardinality() != Cardinality::Full)
            })
            .collect();
        Snapshot {
            searcher,
            fields,
            path,
            linked,
            lengths,
            sentences,
        }
    }

    /// Number of units (occurrence documents and sentence entries are not
    /// units).
    pub fn len(&self) -> u64 {
        self.documents() - self.sentence_count()
    }

    /// Number of unit documents and sentence entries.
    fn documents(&self) -> u64 {
        let mut places = 0;
        for (segment, _) in self.linked_segments() {
            if let Some(lengths) = unit_lengths(segment) {
                places += segment
                    .doc_ids_alive()
                    .filter(|&doc| lengths.first(doc).is_none())
                    .count() as u64;
            }
        }
        self.searcher.num_docs() - places
    }

    pub(super) fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    /// Whether some unit stands at more than one place.
    pub fn has_occurrences(&self) -> bool {
        self.linked.iter().any(|l| *l)
    }

    /// The segments that may hold occurrence documents, with their ordinals.
    fn linked_segments(&self) -> impl Iterator<Item = (&SegmentReader, u32)> {
        self.searcher
            .segment_readers()
            .iter()
            .zip(&self.linked)
            .enumerate()
            .filter(|(_, (_, linked))| **linked)
            .map(|(ord, (segment, _))| (segment, ord as u32))
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
        if self.is_sentence(addr) {
            return self.sentence_at(&doc, addr).map(|e| e.sentence);
        }
        let mut unit = self.decode(&doc, addr)?;
        unit.meta
            .occurrences
            .extend(self.occurrences_of(unit.id.0)?);
        sort_occurrences(&mut unit.meta.occurrences);
        Ok(unit)
    }

    /// The occurrence documents of unit `id` (none when no segment holds
    /// any).
    pub(super) fn occurrences_of(&self, id: u64) -> Result<Vec<Occurrence>, MemoryError> {
        let mut found = Vec::new();
        for (segment, ord) in self.linked_segments() {
            let Some(lengths) = &self.lengths[ord as usize] else {
                continue;
            };
            let mut docs = Candidates::default();
            self.term_docs(
                segment,
                ord,
                &Term::from_field_u64(self.fields.id, id),
                &mut docs,
            )?;
            for addr in docs.docs {
                if lengths.first(addr.doc_id).is_none() {
                    found.push(self.read_occurrence(addr)?);
                }
            }
        }
        Ok(found)
    }

    /// The units that stand at more than one place (they have occurrence
    /// documents; few), by id, with the address of the unit's document.
    pub(super) fn units_at_several_places(&self) -> Result<HashMap<u64, DocAddress>, MemoryError> {
        integrity::guard(&self.path, || {
            // Each id with the segment of one of its occurrences.
            let mut ids = HashMap::new();
            for (segment, ord) in self.linked_segments() {
                let Some(lengths) = &self.lengths[ord as usize] else {
                    continue;
                };
                let column = segment.fast_fields().u64("id").map_err(|e| self.error(e))?;
                for doc in occurrence_docs(segment, lengths) {
                    if let Some(id) = column.first(doc) {
                        ids.entry(id).or_insert(ord);
                    }
                }
            }
            let mut units = HashMap::with_capacity(ids.len());
            for (id, near) in ids {
                if let Some(addr) = self.unit_document(id, near)? {
                    units.insert(id, addr);
                }
            }
            Ok(units)
        })
    }

    /// The document of unit `id` (a unit has one, its occurrences are
    /// others), looked for first in segment `near`, where its occurrences
    /// were written with it unless it was imported again later.
    fn unit_document(&self, id: u64, near: u32) -> Result<Option<DocAddress>, MemoryError> {
        let term = Term::from_field_u64(self.fields.id, id);
        let segments = self.searcher.segment_readers();
        let near = near as usize;
        let others = (0..segments.len()).filter(|&ord| ord != near);
        for ord in std::iter::once(near).chain(others) {
            let Some(segment) = segments.get(ord) else {
                continue;
            };
            let mut docs = Candidates::default();
            self.term_docs(segment, ord as u32, &term, &mut docs)?;
            let lengths = &self.lengths[ord];
            if let Some(addr) = docs.docs.into_iter().find(|addr| {
                lengths
                    .as_ref()
                    .is_none_or(|l| l.first(addr.doc_id).is_some())
            }) {
                return Ok(Some(addr));
            }
        }
        Ok(None)
    }

    /// The keys ([`crate::unit::Place::key`]) of every place of unit `id`.
    pub(super) fn places_of(&self, id: UnitId) -> Result<Vec<u64>, MemoryError> {
        integrity::guard(&self.path, || {
            let mut keys = Vec::new();
            for (addr, is_unit) in self.documents_of(id.0)? {
                if is_unit {
                    let doc: TantivyDocument =
                        self.searcher.doc(addr).map_err(|e| self.error(e))?;
                    let unit = self.decode(&doc, addr)?;
                    keys.push(unit.place().key(id));
                } else {
                    keys.push(self.read_occurrence(addr)?.place().key(id));
                }
            }
            Ok(keys)
        })
    }

    /// The documents of unit `id` in every segment, each with whether it
    /// is the unit's own document (it has words) or an occurrence.
    fn documents_of(&self, id: u64) -> Result<Vec<(DocAddress, bool)>, MemoryError> {
        let term = Term::from_field_u64(self.fields.id, id);
        let mut found = Vec::new();
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            let mut docs = Candidates::default();
            self.term_docs(segment, ord as u32, &term, &mut docs)?;
            let lengths = &self.lengths[ord];
            found.extend(docs.docs.into_iter().map(|addr| {
                let is_unit = lengths
                    .as_ref()
                    .is_none_or(|l| l.first(addr.doc_id).is_some());
                (addr, is_unit)
            }));
        }
        Ok(found)
    }

    fn read_occurrence(&self, addr: DocAddress) -> Result<Occurrence, MemoryError> {
        let doc: TantivyDocument = self.searcher.doc(addr).map_err(|e| self.error(e))?;
        decode_occurrence(&self.path, &self.fields, &doc, addr).map(|s| s.occurrence)
    }

    /// Every occurrence document, by unit id.
    fn all_occurrences(&self) -> Result<HashMap<u64, Vec<Occurrence>>, MemoryError> {
        let mut all: HashMap<u64, Vec<Occurrence>> = HashMap::new();
        for (segment, ord) in self.linked_segments() {
            let Some(lengths) = unit_lengths(segment) else {
                continue;
            };
            for doc in segment.doc_ids_alive() {
                if lengths.first(doc).is_none() {
                    let addr = DocAddress::new(ord, doc);
                    let doc: TantivyDocument =
                        self.searcher.doc(addr).map_err(|e| self.error(e))?;
                    let stored = decode_occurrence(&self.path, &self.fields, &doc, addr)?;
                    all.entry(stored.of.0).or_default().push(stored.occurrence);
                }
            }
        }
        Ok(all)
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
        let mut occurrences = self.all_occurrences()?;
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            let lengths = if self.linked[ord] {
                unit_lengths(segment)
            } else {
                None
            };
            let sentences = self.sentences[ord].as_ref();
            let store = segment.get_store_reader(4).map_err(|e| self.error(e))?;
            let alive: Vec<DocId> = segment.doc_ids_alive().collect();
            let docs = store.iter::<TantivyDocument>(segment.alive_bitset());
            for (doc_id, doc) in alive.into_iter().zip(docs) {
                if lengths.as_ref().is_some_and(|l| l.first(doc_id).is_none())
                    || sentences.is_some_and(|ids| ids.first(doc_id).is_none())
                {
                    continue;
                }
                let addr = DocAddress::new(ord as u32, doc_id);
                let doc = doc.map_err(|e| self.error(e))?;
                let mut unit = self.decode(&doc, addr)?;
                if let Some(more) = occurrences.remove(&unit.id.0) {
                    unit.meta.occurrences.extend(more);
                    sort_occurrences(&mut unit.meta.occurrences);
                }
                visit(addr, unit)?;
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

    /// Every unit document of a segment (occurrence documents left out).
    fn all_docs(&self, segment: &SegmentReader, ord: u32, out: &mut Candidates) {
        let lengths = if self.linked[ord as usize] {
            unit_lengths(segment)
        } else {
            None
        };
        out.docs.extend(
            segment
                .doc_ids_alive()
                .filter(|&d| lengths.as_ref().is_none_or(|l| l.first(d).is_some()))
                .map(|d| DocAddress::new(ord, d)),
        );
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

    /// The candidates of one segment: plan which postings to read, count
    /// the shared tokens of the rarest per unit, probe the frequent ones
    /// for the units that can still reach the score, verify the survivors.
    fn count_filter(
        &self,
        segment: &SegmentReader,
        ord: u32,
        query: &Analyzed,
        min_score: u8,
        out: &mut Candidates,
    ) -> Result<(), MemoryError> {
        let side = self.fields.side(query.lang);
        let inverted = segment
            .inverted_index(side.terms)
            .map_err(|e| self.error(e))?;
        let plan = self.plan(&inverted, side.terms, query, min_score)?;
        if plan.unread(0) < plan.need_min {
            // Even a unit holding every token of the query present in the
            // segment shares too few.
            return Ok(());
        }
        let mut verifier = Verifier::new(self, segment, ord, query, min_score)?;
        let mut counted = Vec::new();
        let read = COUNTS.with(|counts| -> Result<usize, MemoryError> {
            let mut counts = counts.borrow_mut();
            // The counts are all zero between calls: they are cleared after
            // the units are collected, and an error clears the whole vector.
            let max_doc = segment.max_doc() as usize;
            if counts.len() < max_doc {
                counts.resize(max_doc, 0);
            }
            match self.count_rare(&inverted, &plan, &mut counts[..max_doc], &mut counted, out) {
                Ok(read) => {
                    counts[..max_doc].fill(0);
                    Ok(read)
                }
                Err(e) => {
                    counts.clear();
                    Err(e)
                }
            }
        })?;
        counted.retain_mut(|unit| {
            unit.words = verifier.words(unit.doc);
            !segment.is_deleted(unit.doc) && verifier.can_reach(unit, plan.unread(read))
        });
        let probed = self.probe(&inverted, &plan, read, &mut counted, &verifier, out)?;
        out.unread += plan.unread(read);
        for unit in &counted {
            verifier.check(unit.doc, unit.shared + plan.unread(probed), out);
        }
        Ok(())
    }

    /// Which of the query's tokens the segment holds, rarest first, with
    /// their query counts (see the module documentation).
    fn plan(
        &self,
        inverted: &InvertedIndexReader,
        field: tantivy::schema::Field,
        query: &Analyzed,
        min_score: u8,
    ) -> Result<Plan, MemoryError> {
        let t = fuzzy_needed(min_score);
        let need_min = (query.tokens.len() as u64 * t).div_ceil(100);
        let mut query_counts: HashMap<String, u16> = HashMap::new();
        for token in &query.tokens {
            let count = query_counts
                .entry(index_token(token).into_owned())
                .or_default();
            *count = count.saturating_add(1);
        }
        let mut terms = Vec::with_capacity(query_counts.len());
        for (text, count) in &query_counts {
            let term = Term::from_field_text(field, text);
            if let Some(info) = inverted.get_term_info(&term).map_err(|e| self.error(e))? {
                terms.push((info, *count));
            }
        }
        terms.sort_by_key(|(info, _)| info.doc_freq);
        Ok(Plan::new(terms, need_min))
    }

    /// Adds up, per unit, `min(query count, unit count)` over the postings
    /// of the rarest tokens, as many as the rest cannot make a candidate
    /// on their own, then one more while the units they let through are
    /// too many to probe the next token for; collects those units into
    /// `counted`. Returns how many tokens were read in full.
    fn count_rare(
        &self,
        inverted: &InvertedIndexReader,
        plan: &Plan,
        counts: &mut [u16],
        counted: &mut Vec<Counted>,
        out: &mut Candidates,
    ) -> Result<usize, MemoryError> {
        let mut read = plan.first_probed();
        for term in &plan.terms[..read] {
            self.count(inverted, term, counts, out)?;
        }
        loop {
            let limit = match plan.terms.get(read) {
                // Reading a token this rare costs less than a pass over
                // the counts to see whether probing it would do.
                Some((info, _)) if info.doc_freq < counts.len() as u32 / SCAN_SHARE => 0,
                Some((info, _)) => (info.doc_freq / PROBE_SHARE) as usize,
                None => usize::MAX,
            };
            if limit > 0 && collect(counts, plan.threshold(read), limit, counted) {
                return Ok(read);
            }
            self.count(inverted, &plan.terms[read], counts, out)?;
            read += 1;
        }
    }

    /// The postings of a token the query holds `count` times. A token the
    /// query holds once adds 1 per unit holding it: its frequencies need
    /// not be decoded.
    fn postings(
        &self,
        inverted: &InvertedIndexReader,
        info: &TermInfo,
        count: u16,
    ) -> Result<BlockSegmentPostings, MemoryError> {
        let option = if count == 1 {
            IndexRecordOption::Basic
        } else {
            IndexRecordOption::WithFreqs
        };
        inverted
            .read_block_postings_from_terminfo(info, option)
            .map_err(|e| self.error(e))
    }

    /// Adds up, per unit, `min(query count, unit count)` over one token's
    /// postings.
    fn count(
        &self,
        inverted: &InvertedIndexReader,
        (info, count): &(TermInfo, u16),
        counts: &mut [u16],
        out: &mut Candidates,
    ) -> Result<(), MemoryError> {
        let mut block = self.postings(inverted, info, *count)?;
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
        Ok(())
    }

    /// Probes the tokens after the first `read` (rarest first) for the
    /// counted units only, seeking in their postings (skip lists: the
    /// blocks between two units are never decoded), and drops each unit
    /// as soon as it can no longer reach the score. Stops when the units
    /// left are so few that checking their signatures costs less than
    /// walking the next token's skip list. Returns how many tokens are
    /// counted (read or probed).
    fn probe(
        &self,
        inverted: &InvertedIndexReader,
        plan: &Plan,
        read: usize,
        counted: &mut Vec<Counted>,
        verifier: &Verifier,
        out: &mut Candidates,
    ) -> Result<usize, MemoryError> {
        for (j, (info, count)) in plan.terms.iter().enumerate().skip(read) {
            if (counted.len() as u64) * SIGNATURE_SHARE <= u64::from(info.doc_freq) {
                return Ok(j);
            }
            let mut block = self.postings(inverted, info, *count)?;
            out.probed += counted.len() as u64;
            let unread = plan.unread(j + 1);
            counted.retain_mut(|unit| {
                // Units are in doc order, so the cursor only moves forward.
                let at = block.seek(unit.doc);
                if block.docs().get(at) == Some(&unit.doc) {
                    unit.shared += if *count == 1 {
                        1
                    } else {
                        u64::from(block.freqs()[at].min(u32::from(*count)))
                    };
                }
                verifier.can_reach(unit, unread)
            });
        }
        Ok(plan.terms.len())
    }
}

/// The `ru_len` column of a segment: every unit document has a value,
/// an occurrence document none.
fn unit_lengths(segment: &SegmentReader) -> Option<tantivy::columnar::Column<u64>> {
    segment.fast_fields().u64("ru_len").ok()
}

/// The alive occurrence documents of a segment, given its
/// [`unit_lengths`]: the documents without a length, in increasing order.
/// They are few: found by bisection on the column's index (ranks), not by
/// asking it about every document.
fn occurrence_docs(
    segment: &SegmentReader,
    lengths: &tantivy::columnar::Column<u64>,
) -> Vec<DocId> {
    let mut docs = Vec::new();
    match &lengths.index {
        ColumnIndex::Full => {}
        ColumnIndex::Optional(index) => without_value(index, 0..segment.max_doc(), &mut docs),
        index => docs.extend((0..segment.max_doc()).filter(|&doc| !index.has_value(doc))),
    }
    docs.retain(|&doc| !segment.is_deleted(doc));
    docs
}

/// Appends the documents of `range` that have no value in `index`: a
/// stretch where the ranks say every document has one is skipped whole.
fn without_value(index: &OptionalIndex, range: std::ops::Range<DocId>, out: &mut Vec<DocId>) {
    let len = range.end - range.start;
    let with_value = index.rank(range.end) - index.rank(range.start);
    if with_value == len {
        return;
    }
    if with_value == 0 {
        out.extend(range);
        return;
    }
    let middle = range.start + len / 2;
    without_value(index, range.start..middle, out);
    without_value(index, middle..range.end, out);
}

/// The order of a unit's occurrences: by date (undated first), article and
/// position, so that it does not depend on how segments were merged.
fn sort_occurrences(occurrences: &mut [Occurrence]) {
    occurrences
        .sort_by(|a, b| (a.date, &a.article, a.position).cmp(&(b.date, &b.article, b.position)));
}

/// The place an occurrence document stores; unreadable is
/// [`MemoryError::Damaged`].
fn decode_occurrence(
    path: &Path,
    fields: &Fields,
    doc: &TantivyDocument,
    addr: DocAddress,
) -> Result<StoredOccurrence, MemoryError> {
    decode_stored(path, fields, doc, addr, "occurrence")
}

/// The unit stored in a memory's document; a missing or unreadable unit
/// is [`MemoryError::Damaged`], naming the memory and the document.
fn decode_unit(
    path: &Path,
    fields: &Fields,
    doc: &TantivyDocument,
    addr: DocAddress,
) -> Result<Unit, MemoryError> {
    decode_stored(path, fields, doc, addr, "unit")
}

/// The JSON a document stores in `unit` (a unit, or an occurrence: `what`).
fn decode_stored<T: serde::de::DeserializeOwned>(
    path: &Path,
    fields: &Fields,
    doc: &TantivyDocument,
    addr: DocAddress,
    what: &str,
) -> Result<T, MemoryError> {
    let damaged = |message: String| MemoryError::Damaged {
        path: path.to_path_buf(),
        doc: format!("{}/{}", addr.segment_ord, addr.doc_id),
        message,
    };
    let bytes = doc
        .get_first(fields.unit)
        .and_then(|v| v.as_bytes())
        .ok_or_else(|| damaged(format!("no stored {what}")))?;
    serde_json::from_slice(bytes).map_err(|e| damaged(e.to_string()))
}
