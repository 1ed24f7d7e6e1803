//! Reading sentence entries ([`super::super::schema`]): telling them from
//! units (they have no `id`), decoding them with their paragraph unit's
//! places, scanning them for the exhaustive mode, and the paragraph unit
//! of an entry.

use tantivy::columnar::{Cardinality, Column, ColumnIndex};
use tantivy::{DocAddress, DocId, SegmentReader, TantivyDocument};

use super::{decode_stored, sort_occurrences, Snapshot};
use crate::memory::MemoryError;
use crate::unit::{SentenceEntry, Unit, UnitId};

/// Per segment, its `id` column when some document lacks an `id` (a
/// sentence entry): a segment without entries is never looked at again.
pub(super) fn columns(segments: &[SegmentReader]) -> Vec<Option<Column<u64>>> {
    segments
        .iter()
        .map(|segment| {
            let ids = segment.fast_fields().u64("id").ok()?;
            (ids.get_cardinality() != Cardinality::Full).then_some(ids)
        })
        .collect()
}

impl Snapshot {
    /// Whether the document at `addr` is a sentence entry.
    pub fn is_sentence(&self, addr: DocAddress) -> bool {
        self.sentences
            .get(addr.segment_ord as usize)
            .and_then(Option::as_ref)
            .is_some_and(|ids| ids.first(addr.doc_id).is_none())
    }

    /// Leaves out of `docs` (documents of segment `ord`, in increasing
    /// order) the sentence entries: one pass over the column's index.
    pub(in crate::memory) fn drop_sentences(&self, ord: usize, docs: &mut Vec<DocId>) {
        let Some(ids) = self.sentences.get(ord).and_then(Option::as_ref) else {
            return;
        };
        if let ColumnIndex::Optional(index) = &ids.index {
            let mut units = Vec::with_capacity(docs.len());
            index.rank_if_exists_batch(docs, &mut units, &mut Vec::new());
            *docs = units;
        } else {
            docs.retain(|&doc| ids.first(doc).is_some());
        }
    }

    /// The sentence entries of the memory (live documents without an `id`).
    pub(super) fn sentence_count(&self) -> u64 {
        let mut count = 0;
        for (segment, ids) in self.searcher.segment_readers().iter().zip(&self.sentences) {
            if let Some(ids) = ids {
                count += segment
                    .doc_ids_alive()
                    .filter(|&doc| ids.first(doc).is_none())
                    .count() as u64;
            }
        }
        count
    }

    /// The unit found at `addr` for scoring: a unit (with all its places),
    /// or a sentence entry's sentences at its paragraph unit's places,
    /// with where they stand in it.
    pub fn entry(
        &self,
        addr: DocAddress,
    ) -> Result<(Unit, Option<crate::unit::SentenceOf>), MemoryError> {
        crate::memory::integrity::guard(&self.path, || {
            if !self.is_sentence(addr) {
                return Ok((self.read_unit(addr)?, None));
            }
            let doc: TantivyDocument = self.searcher.doc(addr).map_err(|e| self.error(e))?;
            let entry = self.sentence_at(&doc, addr)?;
            Ok((entry.sentence, Some(entry.of)))
        })
    }

    /// The sentence entry stored in `doc`, standing at every place of its
    /// paragraph unit.
    pub(super) fn sentence_at(
        &self,
        doc: &TantivyDocument,
        addr: DocAddress,
    ) -> Result<SentenceEntry, MemoryError> {
        let mut entry: SentenceEntry =
            decode_stored(&self.path, &self.fields, doc, addr, "sentence entry")?;
        let occurrences = &mut entry.sentence.meta.occurrences;
        occurrences.extend(self.occurrences_of(entry.of.unit.0)?);
        sort_occurrences(occurrences);
        Ok(entry)
    }

    /// Calls `visit` with every sentence entry, segment by segment in
    /// storage order, each standing at every place of its paragraph unit.
    pub fn for_each_sentence(
        &self,
        mut visit: impl FnMut(DocAddress, SentenceEntry) -> Result<(), MemoryError>,
    ) -> Result<(), MemoryError> {
        crate::memory::integrity::guard(&self.path, || {
            let occurrences = if self.has_occurrences() {
                self.all_occurrences()?
            } else {
                Default::default()
            };
            for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
                let Some(ids) = &self.sentences[ord] else {
                    continue;
                };
                let docs: Vec<DocId> = segment
                    .doc_ids_alive()
                    .filter(|&doc| ids.first(doc).is_none())
                    .collect();
                for doc_id in docs {
                    let addr = DocAddress::new(ord as u32, doc_id);
                    let doc: TantivyDocument =
                        self.searcher.doc(addr).map_err(|e| self.error(e))?;
                    let mut entry: SentenceEntry =
                        decode_stored(&self.path, &self.fields, &doc, addr, "sentence entry")?;
                    if let Some(more) = occurrences.get(&entry.of.unit.0) {
                        entry.sentence.meta.occurrences.extend(more.iter().cloned());
                        sort_occurrences(&mut entry.sentence.meta.occurrences);
                    }
                    visit(addr, entry)?;
                }
            }
            Ok(())
        })
    }

    /// The unit with id `id`, with all its places; `None` when the memory
    /// holds none.
    pub fn unit_by_id(&self, id: UnitId) -> Result<Option<Unit>, MemoryError> {
        let found = crate::memory::integrity::guard(&self.path, || self.documents_of(id.0))?;
        match found.into_iter().find(|(_, is_unit)| *is_unit) {
            Some((addr, _)) => self.unit(addr).map(Some),
            None => Ok(None),
        }
    }
}
