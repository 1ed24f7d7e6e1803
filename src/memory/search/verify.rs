//! The count filter's plan for a segment and the checks a counted unit
//! goes through before it is a candidate, all from fast fields.

use super::*;

/// What [`Snapshot::count_filter`] reads in one segment.
pub(super) struct Plan {
    /// The tokens whose postings are read, with their query counts.
    pub(super) terms: Vec<(TermInfo, u16)>,
    /// The query counts of the frequent tokens left unread.
    pub(super) unread: u64,
    /// The shared tokens a unit of the query's length needs.
    pub(super) need_min: u64,
}

impl Plan {
    /// Fewest counted tokens a unit needs to be looked at.
    pub(super) fn threshold(&self) -> u64 {
        self.need_min.saturating_sub(self.unread).max(1)
    }
}

/// The checks a counted unit goes through before it is a candidate: the
/// bound with its length, the exact shared count and the banded distance
/// over word signatures, all from fast fields.
pub(super) struct Verifier<'a> {
    pub(super) segment: &'a SegmentReader,
    pub(super) ord: u32,
    pub(super) m: usize,
    pub(super) t: u64,
    pub(super) min_score: u8,
    pub(super) len_column: tantivy::columnar::Column<u64>,
    pub(super) sig_column: tantivy::columnar::Column<u64>,
    pub(super) query_sigs: Vec<WordSig>,
    pub(super) classes: ClassCounts,
    pub(super) seen: Vec<u16>,
    pub(super) unit_sigs: Vec<u64>,
    pub(super) unit_words: Vec<WordSig>,
}

impl<'a> Verifier<'a> {
    pub(super) fn new(
        snapshot: &Snapshot,
        segment: &'a SegmentReader,
        ord: u32,
        query: &Analyzed,
        min_score: u8,
    ) -> Result<Self, MemoryError> {
        let code = query.lang.code();
        let fast = segment.fast_fields();
        let column = |name: String| fast.u64(&name).map_err(|e| snapshot.error(e));
        let query_sigs: Vec<WordSig> = query.tokens.iter().map(signature).collect();
        let classes = ClassCounts::new(&query_sigs);
        Ok(Verifier {
            segment,
            ord,
            m: query.tokens.len(),
            t: fuzzy_needed(min_score),
            min_score,
            len_column: column(format!("{code}_len"))?,
            sig_column: column(format!("{code}_sig"))?,
            query_sigs,
            seen: vec![0; classes.len()],
            classes,
            unit_sigs: Vec::new(),
            unit_words: Vec::new(),
        })
    }

    /// The shared tokens a unit needs when the longer side has `words`.
    pub(super) fn need(&self, words: usize) -> u64 {
        (words as u64 * self.t).div_ceil(100)
    }

    /// Scans the counts (resetting every slot it passes, so the vector is
    /// all zero again afterwards) and keeps the units that pass.
    pub(super) fn verify(&mut self, counts: &mut [u16], plan: &Plan, out: &mut Candidates) {
        const CHUNK: usize = 32;
        // Units need at least `need_min - unread` counted tokens.
        let threshold = plan.threshold();
        let max_doc = counts.len();
        let mut chunk_start = 0;
        while chunk_start < max_doc {
            let chunk = chunk_start..(chunk_start + CHUNK).min(max_doc);
            chunk_start = chunk.end;
            // Skip a chunk whose counts all fall short, zeroing it: the
            // max and the fill vectorize, where a test per unit costs a
            // pass over every unit of the segment (most chunks hold some
            // counted unit, few hold one that reaches the threshold).
            let slots = &mut counts[chunk.clone()];
            if u64::from(slots.iter().fold(0, |a, &c| a.max(c))) < threshold {
                slots.fill(0);
                continue;
            }
            for doc in chunk {
                let counted = std::mem::take(&mut counts[doc]);
                if counted != 0 && u64::from(counted) >= threshold {
                    self.check(doc as DocId, u64::from(counted) + plan.unread, out);
                }
            }
        }
    }

    /// Keeps `doc` when it can reach the score, given an upper bound of the
    /// tokens it shares with the query.
    pub(super) fn check(&mut self, doc: DocId, shared: u64, out: &mut Candidates) {
        if self.segment.is_deleted(doc) {
            return;
        }
        let (m, n) = (self.m, self.len_column.first(doc).unwrap_or(0) as usize);
        if shared.min(m.min(n) as u64) < self.need(m.max(n)) {
            return;
        }
        out.counted += 1;
        self.unit_sigs.clear();
        self.unit_sigs.extend(self.sig_column.values_for_doc(doc));
        self.unit_sigs.sort_unstable();
        self.unit_words.clear();
        self.unit_words
            .extend(self.unit_sigs.iter().map(|v| *v as WordSig));
        // The exact shared count, now that the unit's words are at hand:
        // the same bound, without the unread tokens' slack.
        if u64::from(self.classes.shared(&self.unit_words, &mut self.seen)) < self.need(m.max(n)) {
            return;
        }
        let max2 = max_distance2(m, n, self.min_score);
        let within = ROW.with(|row| {
            lower_bound2(
                &self.query_sigs,
                &self.unit_words,
                max2,
                &mut row.borrow_mut(),
            )
            .is_some()
        });
        if within {
            out.docs.push(DocAddress::new(self.ord, doc));
        }
    }
}

/// The query's word classes ([`class_of`]) with their counts, for the exact
/// shared-token count of a unit from its signatures.
pub(super) struct ClassCounts {
    pub(super) classes: Vec<(u32, u16)>,
}

impl ClassCounts {
    pub(super) fn new(sigs: &[WordSig]) -> Self {
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

    pub(super) fn len(&self) -> usize {
        self.classes.len()
    }

    /// Σ min(query count, unit count) over classes; `seen` is scratch of
    /// `len()` zeros, left zeroed.
    pub(super) fn shared(&self, unit: &[WordSig], seen: &mut [u16]) -> u32 {
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
pub(super) fn class_of(sig: WordSig) -> u32 {
    if sig & NUMBER_CLASS != 0 {
        NUMBER_CLASS
    } else {
        sig & STEM_BITS
    }
}

/// The fuzzy score a unit must reach for `min_score`. Fuzzy tops at 100:
/// a 101 is a 100 in context, so it needs no more shared words than a 100
/// (capping at 101 asked for one word more than any unit has, and found no
/// context match at all).
pub(super) fn fuzzy_needed(min_score: u8) -> u64 {
    u64::from(min_score.min(crate::score::EXACT_MATCH))
}
