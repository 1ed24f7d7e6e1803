//! The count filter's plan for a segment and the checks a counted unit
//! goes through before it is a candidate, all from fast fields.

use super::*;

/// What [`Snapshot::count_filter`] reads in one segment.
pub(super) struct Plan {
    /// The query's tokens the segment holds, rarest first, with their
    /// query counts.
    pub(super) terms: Vec<(TermInfo, u16)>,
    /// `rest[j]`: the query counts of `terms[j..]` added up, the most
    /// tokens those can add to a unit's count.
    rest: Vec<u64>,
    /// The shared tokens a unit of the query's length needs.
    pub(super) need_min: u64,
}

impl Plan {
    pub(super) fn new(terms: Vec<(TermInfo, u16)>, need_min: u64) -> Self {
        let mut rest = vec![0; terms.len() + 1];
        for (j, (_, count)) in terms.iter().enumerate().rev() {
            rest[j] = rest[j + 1] + u64::from(*count);
        }
        Plan {
            terms,
            rest,
            need_min,
        }
    }

    /// The most the tokens after the first `read` can add to a unit's count.
    pub(super) fn unread(&self, read: usize) -> u64 {
        self.rest[read]
    }

    /// How many of the rarest tokens must be read in full so that a unit
    /// holding none of them cannot reach the count on the others alone.
    pub(super) fn first_probed(&self) -> usize {
        self.rest
            .iter()
            .position(|&rest| rest < self.need_min)
            .unwrap_or(self.terms.len())
    }

    /// Fewest tokens a unit needs among the first `read` to be counted.
    pub(super) fn threshold(&self, read: usize) -> u64 {
        self.need_min.saturating_sub(self.unread(read)).max(1)
    }
}

/// A unit the rarest tokens let through, with what it has been found to
/// share so far.
pub(super) struct Counted {
    pub(super) doc: DocId,
    /// Shared tokens counted (read or probed).
    pub(super) shared: u64,
    /// Its word count.
    pub(super) words: usize,
}

/// Appends the units whose count reaches `threshold` to `units`, in doc
/// order, and says whether they were at most `limit` (else stops).
/// Leaves `counts` as it is.
pub(super) fn collect(
    counts: &[u16],
    threshold: u64,
    limit: usize,
    units: &mut Vec<Counted>,
) -> bool {
    const CHUNK: usize = 32;
    units.clear();
    for (c, chunk) in counts.chunks(CHUNK).enumerate() {
        // Skip a chunk whose counts all fall short: the max vectorizes,
        // where a test per unit costs a pass over every unit of the
        // segment (most chunks hold some counted unit, few hold one that
        // reaches the threshold).
        if u64::from(chunk.iter().fold(0, |a, &c| a.max(c))) < threshold {
            continue;
        }
        let mut reached = chunk.iter().enumerate().fold(0u32, |bits, (i, &count)| {
            bits | u32::from(u64::from(count) >= threshold) << i
        });
        while reached != 0 {
            if units.len() == limit {
                return false;
            }
            let i = reached.trailing_zeros() as usize;
            reached &= reached - 1;
            units.push(Counted {
                doc: (c * CHUNK + i) as DocId,
                shared: u64::from(chunk[i]),
                words: 0,
            });
        }
    }
    true
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

    /// A unit's word count.
    pub(super) fn words(&self, doc: DocId) -> usize {
        self.len_column.first(doc).unwrap_or(0) as usize
    }

    /// Whether `unit` can still reach the score when the tokens not yet
    /// counted add at most `unread` to what it shares.
    pub(super) fn can_reach(&self, unit: &Counted, unread: u64) -> bool {
        let (m, n) = (self.m, unit.words);
        (unit.shared + unread).min(m.min(n) as u64) >= self.need(m.max(n))
    }

    /// Keeps `doc` when it can reach the score, given an upper bound of the
    /// tokens it shares with the query.
    pub(super) fn check(&mut self, doc: DocId, shared: u64, out: &mut Candidates) {
        if self.segment.is_deleted(doc) {
            return;
        }
        let (m, n) = (self.m, self.words(doc));
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
