//! The weighted word Levenshtein distance of SPEC §4, doubled to stay integral
//! (`D = 2d`), the banded variant used to rescore candidates, and `fuzzy`.

use std::cell::RefCell;

use super::{EDIT_COST2, EXACT_MATCH, STEM_SUBSTITUTION_COST2};
use crate::text::Token;

/// A value no real distance reaches: the cost of a cell outside the band.
const UNREACHABLE: u32 = u32::MAX;

/// Below this many words on the longer side the exact distance is computed
/// over the whole matrix at once; above it, with a band that doubles until the
/// distance fits (O(words × D) instead of O(m × n) for long, similar texts).
const FULL_MATRIX_WORDS: usize = 64;

/// The doubled cost of substituting word `a` by word `b`: 0 for the same
/// normalized word, [`STEM_SUBSTITUTION_COST2`] for the same stem, else
/// [`EDIT_COST2`].
#[inline]
pub(super) fn substitution_cost2(a: &Token, b: &Token) -> u32 {
    if a.norm == b.norm {
        0
    } else if a.stem == b.stem {
        STEM_SUBSTITUTION_COST2
    } else {
        EDIT_COST2
    }
}

/// `count` insertions or deletions, doubled; saturates instead of wrapping.
#[inline]
pub(super) fn edits2(count: usize) -> u32 {
    u32::try_from(count).map_or(UNREACHABLE, |n| n.saturating_mul(EDIT_COST2))
}

/// Reusable buffers for the distance and the alignment, so that rescoring
/// many candidates allocates nothing per pair once the buffers have grown.
///
/// The free functions [`distance2`], [`distance2_within`] and
/// [`diff`](super::diff()) use one `Scorer` per thread; hold your own when you
/// want to control where the buffers live.
#[derive(Debug, Default, Clone)]
pub struct Scorer {
    /// One DP row: `row[j]` is the distance between a prefix of the query and
    /// the first `j` words of the candidate.
    pub(super) row: Vec<u32>,
    /// The previous DP row, for the alignment.
    pub(super) prev: Vec<u32>,
    /// The alignment's chosen step per stored cell (see `diff.rs`).
    pub(super) steps: Vec<u8>,
    /// Fingerprints of the query's words (norm, stem).
    query_keys: Vec<(u64, u64)>,
    /// Fingerprints of the candidate's words (norm, stem).
    unit_keys: Vec<(u64, u64)>,
}

impl Scorer {
    /// A scorer with empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// `D`, twice the weighted word distance of SPEC §4.
    pub fn distance2(&mut self, q: &[Token], c: &[Token]) -> u32 {
        let longest = q.len().max(c.len());
        // Substituting every pair and inserting the rest is always possible,
        // so D never exceeds this and the band below always closes.
        let upper = edits2(longest);
        if longest <= FULL_MATRIX_WORDS {
            return self.distance2_within(q, c, upper).unwrap_or(upper);
        }
        let mut max2 = edits2(q.len().abs_diff(c.len()))
            .max(edits2(FULL_MATRIX_WORDS / 2))
            .min(upper);
        loop {
            if let Some(d2) = self.distance2_within(q, c, max2) {
                return d2;
            }
            if max2 >= upper {
                return upper;
            }
            max2 = max2.saturating_mul(2).min(upper);
        }
    }

    /// `Some(D)` when `D ≤ max2`, else `None`, in O(m × band): only the cells
    /// with `|i − j| × 2 ≤ max2` are computed (any path through another cell
    /// already costs more than `max2`), and the computation stops as soon as a
    /// whole row exceeds `max2` (costs are never negative, so no path
    /// through that row can come back under it).
    pub fn distance2_within(&mut self, q: &[Token], c: &[Token], max2: u32) -> Option<u32> {
        let (m, n) = (q.len(), c.len());
        if edits2(m.abs_diff(n)) > max2 {
            return None;
        }
        // Half-width of the band, in words.
        let band = usize::try_from(max2 / EDIT_COST2).unwrap_or(usize::MAX);

        fill_keys(&mut self.query_keys, q);
        fill_keys(&mut self.unit_keys, c);
        let (row, query_keys, unit_keys) = (&mut self.row, &self.query_keys, &self.unit_keys);
        row.clear();
        row.resize(n + 1, UNREACHABLE);
        for (j, cell) in row.iter_mut().enumerate().take(band.saturating_add(1)) {
            *cell = edits2(j);
        }

        for (i, (qt, &(q_norm, q_stem))) in q.iter().zip(query_keys).enumerate() {
            let i = i + 1;
            let lo = i.saturating_sub(band);
            let hi = n.min(i.saturating_add(band));
            // `diag` is row i−1 at column j−1 while row i is written at j.
            let mut diag;
            let mut row_min;
            let first;
            if lo == 0 {
                diag = row[0];
                row[0] = edits2(i);
                row_min = row[0];
                first = 1;
            } else {
                // Column lo−1 leaves the band: it is unreachable in row i.
                diag = row[lo - 1];
                row[lo - 1] = UNREACHABLE;
                row_min = UNREACHABLE;
                first = lo;
            }
            let mut left = row[first - 1];
            let cells = row.get_mut(first..=hi).unwrap_or_default();
            let words = c.get(first - 1..hi).unwrap_or_default();
            let keys = unit_keys.get(first - 1..hi).unwrap_or_default();
            for ((cell, ct), &(c_norm, c_stem)) in cells.iter_mut().zip(words).zip(keys) {
                let up = *cell;
                // Fingerprints differ for nearly all different words, so the
                // strings are compared almost only for real matches.
                let cost = if c_norm == q_norm || c_stem == q_stem {
                    substitution_cost2(qt, ct)
                } else {
                    EDIT_COST2
                };
                let value = diag
                    .saturating_add(cost)
                    .min(up.saturating_add(EDIT_COST2))
                    .min(left.saturating_add(EDIT_COST2));
                diag = up;
                *cell = value;
                left = value;
                row_min = row_min.min(value);
            }
            if row_min > max2 {
                return None;
            }
        }
        let d2 = row[n];
        (d2 <= max2).then_some(d2)
    }
}

/// A cheap fingerprint of a word: equal words have equal fingerprints, and
/// most different words (other length, other first or last 8 bytes) have
/// different ones, so the DP compares strings only when they likely match.
#[inline]
fn fingerprint(word: &str) -> u64 {
    let bytes = word.as_bytes();
    let (head, tail) = match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        (Some(head), Some(tail)) => (u64::from_le_bytes(*head), u64::from_le_bytes(*tail)),
        _ => (bytes.iter().fold(0, |v, &b| v << 8 | u64::from(b)), 0),
    };
    head ^ tail.rotate_left(29) ^ (bytes.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

fn fill_keys(keys: &mut Vec<(u64, u64)>, words: &[Token]) {
    keys.clear();
    keys.extend(
        words
            .iter()
            .map(|t| (fingerprint(&t.norm), fingerprint(&t.stem))),
    );
}

thread_local! {
    static SCORER: RefCell<Scorer> = RefCell::new(Scorer::new());
}

/// Runs `f` with this thread's scorer, or with a fresh one if that is not
/// available (thread teardown, or a re-entrant call).
pub(super) fn with_scorer<R>(mut f: impl FnMut(&mut Scorer) -> R) -> R {
    SCORER
        .try_with(|cell| cell.try_borrow_mut().ok().map(|mut scorer| f(&mut scorer)))
        .ok()
        .flatten()
        .unwrap_or_else(|| f(&mut Scorer::new()))
}

/// `D`: twice the weighted Levenshtein distance between two word sequences
/// (SPEC §4). Insertion and deletion cost [`EDIT_COST2`]; substitution costs
/// 0 for equal `norm`, [`STEM_SUBSTITUTION_COST2`] for equal `stem`, else
/// [`EDIT_COST2`].
pub fn distance2(q: &[Token], c: &[Token]) -> u32 {
    with_scorer(|scorer| scorer.distance2(q, c))
}

/// [`distance2`] when it is at most `max2`, else `None`; the hot path for
/// rescoring candidates against a score threshold (see
/// [`Scorer::distance2_within`]).
pub fn distance2_within(q: &[Token], c: &[Token], max2: u32) -> Option<u32> {
    with_scorer(|scorer| scorer.distance2_within(q, c, max2))
}

/// The fuzzy figure of SPEC §4 for `m` and `n` words at doubled distance
/// `d2`: with `M = max(m, n)`, `(100 × (2M − D)) div (2M)`, in integers.
///
/// Two empty sequences (`M = 0`) give 100 when `d2` is 0 (the caller decides
/// on the texts, see [`fuzzy_of`](super::fuzzy_of)); a `d2` above `2M`,
/// which no distance produces, gives 0.
pub fn fuzzy(m: usize, n: usize, d2: u32) -> u8 {
    let longest2 = m.max(n) as u128 * 2;
    let d2 = u128::from(d2);
    if longest2 == 0 {
        return if d2 == 0 { EXACT_MATCH } else { 0 };
    }
    let percent = 100 * longest2.saturating_sub(d2) / longest2;
    u8::try_from(percent).unwrap_or(EXACT_MATCH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A token whose stem is its norm cut to `stem_len` bytes (ASCII only).
    fn tok(norm: &str, stem_len: usize) -> Token {
        Token {
            norm: norm.to_string(),
            stem: norm.chars().take(stem_len).collect(),
            number: norm.bytes().all(|b| b.is_ascii_digit()),
            start: 0,
            end: norm.len(),
        }
    }

    /// Words with the stem equal to the word up to its first `_`.
    fn words(text: &str) -> Vec<Token> {
        text.split_whitespace()
            .map(|w| tok(w, w.find('_').unwrap_or(w.len())))
            .collect()
    }

    /// The textbook full-matrix DP, as the oracle.
    fn naive(q: &[Token], c: &[Token]) -> u32 {
        let mut dp = vec![vec![0u32; c.len() + 1]; q.len() + 1];
        for (i, row) in dp.iter_mut().enumerate() {
            row[0] = 2 * i as u32;
        }
        for (j, cell) in dp[0].iter_mut().enumerate() {
            *cell = 2 * j as u32;
        }
        for i in 1..=q.len() {
            for j in 1..=c.len() {
                dp[i][j] = (dp[i - 1][j] + 2)
                    .min(dp[i][j - 1] + 2)
                    .min(dp[i - 1][j - 1] + substitution_cost2(&q[i - 1], &c[j - 1]));
            }
        }
        dp[q.len()][c.len()]
    }

    #[test]
    fn substitution_costs_follow_norm_then_stem() {
        assert_eq!(
            substitution_cost2(&tok("выборах", 5), &tok("выборах", 5)),
            0
        );
        assert_eq!(
            substitution_cost2(&tok("выборах", 10), &tok("выборы", 10)),
            2
        );
        let (a, b) = (words("vote_s"), words("vote_d"));
        assert_eq!(substitution_cost2(&a[0], &b[0]), STEM_SUBSTITUTION_COST2);
        assert_eq!(substitution_cost2(&a[0], &words("poll")[0]), EDIT_COST2);
    }

    #[test]
    fn distance_by_rule() {
        // (query, unit, D worked out by hand)
        let table = [
            ("identical", "a b c", "a b c", 0),
            ("one stem substitution", "a b_x c", "a b_y c", 1),
            ("one replacement", "a b c", "a x c", 2),
            ("one insertion", "a b x c", "a b c", 2),
            ("one deletion", "a c", "a b c", 2),
            ("swap costs two replacements", "a b", "b a", 4),
            ("empty vs three", "", "a b c", 6),
            ("three vs empty", "a b c", "", 6),
            ("all different, shorter unit", "a b c d", "x y", 8),
            ("stem plus deletion", "a_1 b", "a_2 b c", 3),
        ];
        for (name, q, c, expected) in table {
            let (q, c) = (words(q), words(c));
            assert_eq!(distance2(&q, &c), expected, "{name}");
            assert_eq!(
                distance2_within(&q, &c, expected),
                Some(expected),
                "{name} at bound"
            );
            assert_eq!(
                distance2_within(&q, &c, u32::MAX),
                Some(expected),
                "{name} unbounded"
            );
            if expected > 0 {
                assert_eq!(
                    distance2_within(&q, &c, expected - 1),
                    None,
                    "{name} under bound"
                );
            }
        }
    }

    #[test]
    fn colliding_fingerprints_still_compare_the_words() {
        // Same length, same first and last 8 bytes: same fingerprint.
        let (a, b) = ("aaaaaaaaXaaaaaaaa", "aaaaaaaaYaaaaaaaa");
        assert_eq!(fingerprint(a), fingerprint(b));
        // One replacement, D=2; the stems (the whole words here) differ too.
        assert_eq!(distance2(&words(a), &words(b)), 2);
        // Same stem "aaaaaaaaXaaaaaaaa" before "_": D=1.
        let (a, b) = ("aaaaaaaaXaaaaaaaa_1", "aaaaaaaaXaaaaaaaa_2");
        assert_eq!(distance2(&words(a), &words(b)), 1);
    }

    #[test]
    fn long_similar_texts_use_the_growing_band() {
        // 300 words, 5 replaced: D = 5 × 2 = 10; 3 more at the end: D = 16.
        let q: Vec<Token> = (0..300).map(|i| tok(&format!("w{i}"), 9)).collect();
        let mut c = q.clone();
        for i in [0, 50, 100, 150, 299] {
            c[i] = tok(&format!("x{i}"), 9);
        }
        assert_eq!(distance2(&q, &c), 10);
        c.extend((0..3).map(|i| tok(&format!("y{i}"), 9)));
        assert_eq!(distance2(&q, &c), 16);
        assert_eq!(distance2(&q, &c), naive(&q, &c));
        // All different: D = 2 × 303.
        let other: Vec<Token> = (0..303).map(|i| tok(&format!("z{i}"), 9)).collect();
        assert_eq!(distance2(&q, &other), 606);
    }

    #[test]
    fn fuzzy_by_rule() {
        // (m, n, D, expected worked out by hand)
        let table = [
            // M=6: (100*(12-0)) div 12 = 100
            (6, 6, 0, 100),
            // M=6: (100*(12-1)) div 12 = 1100 div 12 = 91
            (6, 6, 1, 91),
            // M=6: (100*(12-2)) div 12 = 1000 div 12 = 83
            (6, 6, 2, 83),
            // M=3: (100*(6-2)) div 6 = 400 div 6 = 66
            (2, 3, 2, 66),
            // M=200: (100*(400-1)) div 400 = 39900 div 400 = 99
            (200, 200, 1, 99),
            // M=4: (100*(8-8)) div 8 = 0
            (4, 2, 8, 0),
            // M=0, D=0: both empty
            (0, 0, 0, 100),
            // impossible D above 2M saturates to 0
            (1, 1, 7, 0),
        ];
        for (m, n, d2, expected) in table {
            assert_eq!(fuzzy(m, n, d2), expected, "m={m} n={n} D={d2}");
        }
    }

    fn word_strategy() -> impl Strategy<Value = Token> {
        // A small alphabet, so that equal words and equal stems are common.
        ("[abcж]{1,2}", 0usize..3).prop_map(|(w, cut)| Token {
            stem: w.chars().take(cut.max(1)).collect(),
            number: false,
            start: 0,
            end: w.len(),
            norm: w,
        })
    }

    fn words_strategy() -> impl Strategy<Value = Vec<Token>> {
        prop::collection::vec(word_strategy(), 0..12)
    }

    proptest! {
        #[test]
        fn distance_matches_the_full_matrix(q in words_strategy(), c in words_strategy()) {
            prop_assert_eq!(distance2(&q, &c), naive(&q, &c));
        }

        #[test]
        fn distance_is_symmetric(q in words_strategy(), c in words_strategy()) {
            prop_assert_eq!(distance2(&q, &c), distance2(&c, &q));
        }

        #[test]
        fn distance_is_zero_iff_norms_equal(q in words_strategy(), c in words_strategy()) {
            let same = q.len() == c.len() && q.iter().zip(&c).all(|(a, b)| a.norm == b.norm);
            prop_assert_eq!(distance2(&q, &c) == 0, same);
            prop_assert_eq!(distance2(&q, &q), 0);
        }

        #[test]
        fn banded_distance_agrees(q in words_strategy(), c in words_strategy(), max2 in 0u32..30) {
            let d2 = distance2(&q, &c);
            let within = distance2_within(&q, &c, max2);
            if d2 <= max2 {
                prop_assert_eq!(within, Some(d2));
            } else {
                prop_assert_eq!(within, None);
            }
        }

        #[test]
        fn distance_is_bounded_by_lengths(q in words_strategy(), c in words_strategy()) {
            let d2 = distance2(&q, &c);
            prop_assert!(edits2(q.len().abs_diff(c.len())) <= d2);
            prop_assert!(d2 <= edits2(q.len().max(c.len())));
        }

        #[test]
        fn fuzzy_stays_in_range(m in 0usize..1000, n in 0usize..1000, d2 in 0u32..5000) {
            prop_assert!(fuzzy(m, n, d2) <= 100);
        }

        #[test]
        fn fuzzy_is_100_only_at_distance_zero(q in words_strategy(), c in words_strategy()) {
            let d2 = distance2(&q, &c);
            prop_assert_eq!(fuzzy(q.len(), c.len(), d2) == 100, d2 == 0);
        }
    }
}
