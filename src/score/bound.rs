//! A lower bound of the distance that needs no text: each word reduced to a
//! 32-bit signature, so the memory can rule candidates out from a fast field
//! without reading their stored text.
//!
//! A signature holds 20 bits of a hash of the word's stem, 11 bits of a hash
//! of its normalized form and, in the top bit, whether the word is of the
//! *number class* (a number, or a word whose stem looks like one). The
//! substitution cost between signatures is 0 when they are equal or both of
//! the number class, 1 when their stem bits are equal, else 2. Equal words
//! have equal signatures and equal stems equal stem bits, so this cost never
//! exceeds the true one, nor the cost with number substitutions free (number
//! adaptation, SPEC §4). Hash collisions only make the bound lower. Hence the
//! distance over signatures is at most the true `D` of every score rule,
//! and a unit whose bound already exceeds what `--min-score` allows cannot
//! match.

use super::{EDIT_COST2, STEM_SUBSTITUTION_COST2};
use crate::text::{is_number, Token};

/// A word's signature.
pub type WordSig = u32;

/// The signature bit of the number class.
pub const NUMBER_CLASS: u32 = 1 << 31;
/// The signature bits of the stem's hash.
pub const STEM_BITS: u32 = (1 << 20) - 1;
const NORM_BITS: u32 = ((1 << 11) - 1) << 20;

/// Whether a word substitutes for free for another number when numbers are
/// adapted: numbers, and, so that the class depends on the stem alone, any
/// word whose stem is number-like.
pub fn number_class(token: &Token) -> bool {
    token.number || is_number(&token.stem)
}

/// The signature of a word.
pub fn signature(token: &Token) -> WordSig {
    let stem = xxhash_rust::xxh3::xxh3_64(token.stem.as_bytes()) as u32 & STEM_BITS;
    let norm = (xxhash_rust::xxh3::xxh3_64(token.norm.as_bytes()) as u32) << 20 & NORM_BITS;
    let class = if number_class(token) { NUMBER_CLASS } else { 0 };
    class | norm | stem
}

#[inline]
fn cost2(a: WordSig, b: WordSig) -> u32 {
    if a == b || a & b & NUMBER_CLASS != 0 {
        0
    } else if (a ^ b) & STEM_BITS == 0 {
        STEM_SUBSTITUTION_COST2
    } else {
        EDIT_COST2
    }
}

/// The largest `D` with which `fuzzy` reaches `min_score` for `M` words: a
/// unit whose distance exceeds it scores below `min_score` (an adapted or
/// exact match needs `D = 0` over signatures).
pub fn max_distance2(m: usize, n: usize, min_score: u8) -> u32 {
    let words = m.max(n) as u64;
    let t = u64::from(min_score.min(100));
    u32::try_from(2 * words * (100 - t) / 100).unwrap_or(u32::MAX)
}

/// The distance over signatures when it is at most `max2`, else `None`:
/// banded (cells with `2|i − j| > max2` cannot be on a path within the
/// bound) and stopped as soon as a whole row exceeds `max2`.
pub fn lower_bound2(q: &[WordSig], c: &[WordSig], max2: u32, row: &mut Vec<u32>) -> Option<u32> {
    let (m, n) = (q.len(), c.len());
    let band = (max2 / EDIT_COST2) as usize;
    if m.abs_diff(n) > band {
        return None;
    }
    const FAR: u32 = u32::MAX / 2;
    row.clear();
    row.extend((0..=n).map(|j| {
        if j <= band {
            j as u32 * EDIT_COST2
        } else {
            FAR
        }
    }));
    for i in 1..=m {
        let lo = i.saturating_sub(band).max(1);
        let hi = (i + band).min(n);
        // `diag` is row[j - 1] of the previous row.
        let mut diag = row[lo - 1];
        row[lo - 1] = if i <= band {
            i as u32 * EDIT_COST2
        } else {
            FAR
        };
        let mut best = row[lo - 1];
        for j in lo..=hi {
            let up = row[j];
            let value = (diag + cost2(q[i - 1], c[j - 1]))
                .min(up + EDIT_COST2)
                .min(row[j - 1] + EDIT_COST2);
            diag = up;
            row[j] = value;
            best = best.min(value);
        }
        if hi < n {
            row[hi + 1] = FAR;
        }
        if best > max2 {
            return None;
        }
    }
    let d = row[n];
    (d <= max2).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::distance2;
    use crate::text::{analyze, Lang};
    use proptest::prelude::*;

    fn sigs(text: &str, lang: Lang) -> (Vec<Token>, Vec<WordSig>) {
        let tokens = analyze(text, lang).tokens;
        let sigs = tokens.iter().map(signature).collect();
        (tokens, sigs)
    }

    #[test]
    fn bound_rules() {
        // (name, query, unit, expected bound D)
        let table = [
            (
                "equal words cost nothing",
                "Аким Алматы провёл брифинг",
                "аким алматы провел брифинг",
                0,
            ),
            (
                "same stem costs 1",
                "о выборах в маслихат",
                "о выборы в маслихат",
                1,
            ),
            (
                "numbers substitute for free",
                "инфляция 7,2% в мае",
                "инфляция 8,4% в мае",
                0,
            ),
            (
                "a different word costs 2",
                "аким Алматы",
                "аким Шымкента",
                2,
            ),
            (
                "a deleted word costs 2",
                "Мажилис принял закон",
                "Мажилис закон",
                2,
            ),
        ];
        let mut row = Vec::new();
        for (name, q, c, expected) in table {
            let (_, a) = sigs(q, Lang::Ru);
            let (_, b) = sigs(c, Lang::Ru);
            assert_eq!(
                lower_bound2(&a, &b, 100, &mut row),
                Some(expected),
                "{name}"
            );
        }
    }

    #[test]
    fn max_distance_matches_fuzzy() {
        // fuzzy(M, D) ≥ t exactly when D ≤ max_distance2(M, t).
        for words in 1..40 {
            for t in [1u8, 30, 50, 60, 75, 90, 99, 100] {
                let max2 = max_distance2(words, 1, t);
                assert!(
                    crate::score::fuzzy(words, 1, max2) >= t.min(100),
                    "M={words} t={t}"
                );
                if max2 < 2 * words as u32 {
                    assert!(
                        crate::score::fuzzy(words, 1, max2 + 1) < t,
                        "M={words} t={t}"
                    );
                }
            }
        }
    }

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("выборы"),
                Just("выборах"),
                Just("аким"),
                Just("акима"),
                Just("в"),
                Just("Астане"),
                Just("Астана"),
                Just("7,2"),
                Just("8"),
                Just("2019-2021"),
                Just("и"),
            ],
            0..12,
        )
        .prop_map(|w| w.join(" "))
    }

    proptest! {
        #[test]
        fn never_above_the_true_distance(q in text(), c in text(), max2 in 0u32..30) {
            let (qt, qs) = sigs(&q, Lang::Ru);
            let (ct, cs) = sigs(&c, Lang::Ru);
            let truth = distance2(&qt, &ct);
            let mut row = Vec::new();
            let bound = lower_bound2(&qs, &cs, max2, &mut row);
            if truth <= max2 {
                prop_assert!(bound.is_some_and(|b| b <= truth), "{bound:?} > {truth}");
            }
            let unbounded = lower_bound2(&qs, &cs, u32::MAX / 4, &mut row);
            prop_assert!(unbounded.is_some_and(|b| b <= truth));
            if let (Some(b), Some(u)) = (bound, unbounded) {
                prop_assert_eq!(b, u);
            }
        }
    }
}
