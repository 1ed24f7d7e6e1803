//! The dynamic programme over sentence beads: Viterbi for the best
//! alignment, forward–backward for each bead's posterior probability.
//!
//! A cell `(i, j)` stands for the cut after the first `i` Russian and `j`
//! English sentences. A bead `a-b` goes from `(i − a, j − b)` to `(i, j)`.
//! The cost of a bead is the sum of
//! - its prior, `−ln P(a-b)`;
//! - the Gale–Church length cost of its two sides ([`length_cost`]), for
//!   beads with text on both sides; a `1-0` or `0-1` bead costs its prior
//!   and a cost per character instead;
//! - the anchor evidence: `−match_weight` per weighted anchor the two
//!   sides share, `+miss_weight` per weighted anchor one side has and the
//!   other lacks (only anchors found on both sides of the article count,
//!   see [`AnchorTable`]);
//! - paragraphs: the end cut of a bead gets a bonus when it is a paragraph
//!   break on both sides, and a penalty when it is one on one side only; a
//!   paragraph break inside a bead is a penalty too. Articles whose
//!   paragraphs differ are aligned all the same, only less cheaply.
//!
//! Long articles are aligned in a corridor around the diagonal (see
//! [`Corridor`]), so that time and memory grow linearly with the length.

use super::anchors::{AnchorTable, KindWeights};
use super::length::length_cost;

/// The bead shapes, as (Russian sentences, English sentences).
pub const BEADS: [(usize, usize); 6] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)];

/// The parameters of the cost model. `Model::default()` holds the values
/// tuned on the development documents (see `tests/support/eval.rs`); the fields are
/// public so that the evaluation can explore them.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// `−ln P(shape)` for each of [`BEADS`].
    pub prior: [f64; 6],
    /// Cost per character of a sentence left without a partner.
    pub null_per_char: f64,
    /// Reward per (weighted) anchor shared by the two sides of a bead.
    pub match_weight: f64,
    /// Penalty per (weighted) anchor on one side of a bead only.
    pub miss_weight: f64,
    /// Reward for a cut that is a paragraph break on both sides.
    pub paragraph_bonus: f64,
    /// Penalty for a paragraph break on one side only.
    pub paragraph_mismatch: f64,
    /// Costs are divided by this before they become probabilities in the
    /// forward–backward pass: the calibration of the confidence. 1.25 has
    /// the least log loss on the development documents (of 0.5 … 3; see
    /// `examples/align_eval.rs --fit-calibration`), and the posteriors it
    /// gives need no further mapping: an isotonic fit on top moves them by
    /// less than 0.03 anywhere it has more than a hundred beads.
    pub temperature: f64,
    /// Weight of each kind of anchor.
    pub anchor_weights: KindWeights,
}

impl Default for Model {
    /// The values tuned on the development documents (WMT newstest
    /// 2012–2014, see `tests/support/eval.rs` and `examples/align_eval.rs --tune`):
    /// a coordinate search maximizing bead F1, from Gale and Church's
    /// priors (1-1: 0.89, 1-0/0-1: 0.01, 2-1/1-2: 0.089, 2-2: 0.011). The
    /// search made unpaired sentences and merges likelier than Gale and
    /// Church had them (articles differ more than the parliamentary
    /// proceedings they measured) and 2-2 beads much rarer (a 2-2 bead
    /// is mostly two 1-1 beads the length model could not tell apart).
    fn default() -> Self {
        Model {
            prior: [
                0.117, // 1-1: −ln 0.89
                3.97,  // 1-0: −ln 0.019
                3.97,  // 0-1
                5.49,  // 2-1: −ln 0.0041
                5.49,  // 1-2
                12.25, // 2-2: −ln 0.0000048
            ],
            null_per_char: 0.01,
            match_weight: 3.5,
            miss_weight: 0.5,
            paragraph_bonus: 1.1,
            paragraph_mismatch: 2.0,
            temperature: 1.25,
            anchor_weights: KindWeights::default(),
        }
    }
}

/// What the programme needs to know about each side.
pub struct Sides<'a> {
    /// Characters per sentence.
    pub ru_chars: &'a [usize],
    pub en_chars: &'a [usize],
    /// Whether a paragraph starts at each cut (`n + 1` values; the first
    /// and last are true).
    pub ru_breaks: &'a [bool],
    pub en_breaks: &'a [bool],
    pub anchors: &'a AnchorTable,
}

/// The cells computed: for each row `i`, the columns `lo[i]..=hi[i]`.
/// Articles up to [`FULL_CELLS`] cells are aligned whole; longer ones in
/// a corridor of half-width `max(CORRIDOR_MIN, 2 × slope)` columns around the
/// diagonal, where the slope is the ratio of the two sentence counts.
#[derive(Debug, Clone)]
pub struct Corridor {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
    cells: usize,
}

/// Largest DP (in cells) computed without a corridor: about 500 × 500 sentences.
pub const FULL_CELLS: usize = 250_000;
/// Least half-width of the corridor, in sentences.
pub const CORRIDOR_MIN: usize = 100;

impl Corridor {
    pub fn new(n: usize, m: usize) -> Corridor {
        let full = (n + 1).saturating_mul(m + 1) <= FULL_CELLS;
        let slope = if n == 0 {
            m as f64
        } else {
            m as f64 / n as f64
        };
        let half = CORRIDOR_MIN.max((2.0 * slope.max(1.0 / slope.max(1e-9))).ceil() as usize);
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi = Vec::with_capacity(n + 1);
        let mut offset = Vec::with_capacity(n + 1);
        let mut cells = 0;
        for i in 0..=n {
            let (l, h) = if full {
                (0, m)
            } else {
                let centre = (i as f64 * slope).round() as usize;
                (centre.saturating_sub(half), (centre + half).min(m))
            };
            // The corners must be in: the first row starts at 0, the last
            // ends at m.
            let l = if i == 0 { 0 } else { l };
            let h = if i == n { m } else { h };
            lo.push(l);
            hi.push(h);
            offset.push(cells);
            cells += h - l + 1;
        }
        Corridor {
            lo,
            hi,
            offset,
            cells,
        }
    }

    /// The index of cell `(i, j)`, if it is in the corridor.
    #[inline]
    fn index(&self, i: usize, j: usize) -> Option<usize> {
        let (lo, hi) = (*self.lo.get(i)?, self.hi[i]);
        (lo..=hi).contains(&j).then(|| self.offset[i] + j - lo)
    }

    pub fn cells(&self) -> usize {
        self.cells
    }
}

/// A bead of the best path: Russian sentences `ru`, English `en`, and its
/// posterior probability.
#[derive(Debug, Clone, PartialEq)]
pub struct PathBead {
    pub ru: std::ops::Range<usize>,
    pub en: std::ops::Range<usize>,
    pub posterior: f64,
    /// The bead's cost, and the anchor evidence in it (for the confidence).
    pub cost: f64,
    pub matched: f64,
    pub unmatched: f64,
}

/// The cost of the bead of shape `BEADS[k]` ending at `(i, j)`, and its
/// anchor evidence (matched, unmatched).
fn bead_cost(model: &Model, sides: &Sides<'_>, k: usize, i: usize, j: usize) -> (f64, f64, f64) {
    let (a, b) = BEADS[k];
    let ru = i - a..i;
    let en = j - b..j;
    let ru_len: usize = sides.ru_chars[ru.clone()].iter().sum();
    let en_len: usize = sides.en_chars[en.clone()].iter().sum();
    let mut cost = model.prior[k];
    cost += if a == 0 || b == 0 {
        model.null_per_char * (ru_len + en_len) as f64
    } else {
        length_cost(ru_len, en_len)
    };
    let (matched, unmatched) = sides
        .anchors
        .evidence(&sides.anchors.ru[ru.clone()], &sides.anchors.en[en.clone()]);
    cost += model.miss_weight * unmatched - model.match_weight * matched;
    // Paragraph breaks at the end cut and inside the bead.
    let (rb, eb) = (sides.ru_breaks[i], sides.en_breaks[j]);
    cost += match (rb, eb) {
        (true, true) => -model.paragraph_bonus,
        (false, false) => 0.0,
        _ => model.paragraph_mismatch,
    };
    for cut in ru.start + 1..ru.end {
        if sides.ru_breaks[cut] {
            cost += model.paragraph_mismatch;
        }
    }
    for cut in en.start + 1..en.end {
        if sides.en_breaks[cut] {
            cost += model.paragraph_mismatch;
        }
    }
    (cost, matched, unmatched)
}

fn log_add(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
}

/// The best alignment of the two sides, with posteriors. Both sides must
/// have at least one sentence.
pub fn best_path(model: &Model, sides: &Sides<'_>) -> Vec<PathBead> {
    let n = sides.ru_chars.len();
    let m = sides.en_chars.len();
    let corridor = Corridor::new(n, m);
    let cells = corridor.cells();
    let t = model.temperature.max(1e-6);
    let mut viterbi = vec![f64::INFINITY; cells];
    let mut back = vec![u8::MAX; cells];
    let mut forward = vec![f64::NEG_INFINITY; cells];
    if let Some(start) = corridor.index(0, 0) {
        viterbi[start] = 0.0;
        forward[start] = 0.0;
    }
    for i in 0..=n {
        for j in corridor.lo[i]..=corridor.hi[i] {
            let Some(here) = corridor.index(i, j) else {
                continue;
            };
            for (k, &(a, b)) in BEADS.iter().enumerate() {
                if i < a || j < b {
                    continue;
                }
                let Some(from) = corridor.index(i - a, j - b) else {
                    continue;
                };
                if viterbi[from] == f64::INFINITY {
                    continue;
                }
                let (cost, _, _) = bead_cost(model, sides, k, i, j);
                let v = viterbi[from] + cost;
                if v < viterbi[here] {
                    viterbi[here] = v;
                    back[here] = k as u8;
                }
                forward[here] = log_add(forward[here], forward[from] - cost / t);
            }
        }
    }
    // Backward pass: the log-probability of finishing from each cell. Bead
    // costs are computed again rather than kept: that would triple the
    // memory of a long article for a third more time.
    let mut backward = vec![f64::NEG_INFINITY; cells];
    if let Some(end) = corridor.index(n, m) {
        backward[end] = 0.0;
    }
    for i in (0..=n).rev() {
        for j in (corridor.lo[i]..=corridor.hi[i]).rev() {
            let Some(here) = corridor.index(i, j) else {
                continue;
            };
            let mut total = backward[here];
            for (k, &(a, b)) in BEADS.iter().enumerate() {
                let Some(to) = corridor.index(i + a, j + b) else {
                    continue;
                };
                if backward[to] > f64::NEG_INFINITY {
                    let (cost, _, _) = bead_cost(model, sides, k, i + a, j + b);
                    total = log_add(total, backward[to] - cost / t);
                }
            }
            backward[here] = total;
        }
    }
    let (Some(end), Some(start)) = (corridor.index(n, m), corridor.index(0, 0)) else {
        return Vec::new();
    };
    let total = forward[end];
    // Trace the best path back.
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    let mut here = end;
    while here != start {
        let k = usize::from(back[here]);
        let Some(&(a, b)) = BEADS.get(k) else {
            // Unreachable end: the corridor lost the path. Cannot happen with
            // the corners in the corridor and 1-0 / 0-1 beads, but stay safe.
            return Vec::new();
        };
        let Some(from) = corridor.index(i - a, j - b) else {
            return Vec::new();
        };
        let (cost, matched, unmatched) = bead_cost(model, sides, k, i, j);
        let log_p = forward[from] - cost / t + backward[here] - total;
        path.push(PathBead {
            ru: i - a..i,
            en: j - b..j,
            posterior: log_p.exp().clamp(0.0, 1.0),
            cost,
            matched,
            unmatched,
        });
        i -= a;
        j -= b;
        here = from;
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of one anchor id per listed sentence.
    fn table(ru: &[&[u32]], en: &[&[u32]], weights: usize) -> AnchorTable {
        AnchorTable {
            ru: ru.iter().map(|s| s.to_vec()).collect(),
            en: en.iter().map(|s| s.to_vec()).collect(),
            weights: vec![1.0; weights],
        }
    }

    fn breaks(n: usize, inner: &[usize]) -> Vec<bool> {
        (0..=n)
            .map(|i| i == 0 || i == n || inner.contains(&i))
            .collect()
    }

    #[test]
    fn bead_cost_table() {
        let model = Model::default();
        // Two Russian and two English sentences; the cost of the 1-1 bead
        // ending at (1, 1) under various conditions.
        let cost = |ru_chars: &[usize],
                    en_chars: &[usize],
                    anchors: &AnchorTable,
                    rb: &[bool],
                    eb: &[bool]| {
            let sides = Sides {
                ru_chars,
                en_chars,
                ru_breaks: rb,
                en_breaks: eb,
                anchors,
            };
            bead_cost(&model, &sides, 0, 1, 1).0
        };
        let none = table(&[&[], &[]], &[&[], &[]], 0);
        let plain = breaks(2, &[]);
        let base = cost(&[100, 50], &[98, 50], &none, &plain, &plain);
        // (rule, cost, expected relation to the base cost)
        let shared = table(&[&[0], &[]], &[&[0], &[]], 1);
        let one_sided = table(&[&[0], &[]], &[&[], &[0]], 1);
        let cases: &[(&str, f64, std::cmp::Ordering)] = &[
            (
                "lengths far from the ratio cost more",
                cost(&[100, 50], &[160, 50], &none, &plain, &plain),
                std::cmp::Ordering::Greater,
            ),
            (
                "a shared anchor costs less",
                cost(&[100, 50], &[98, 50], &shared, &plain, &plain),
                std::cmp::Ordering::Less,
            ),
            (
                "an anchor on one side only costs more",
                cost(&[100, 50], &[98, 50], &one_sided, &plain, &plain),
                std::cmp::Ordering::Greater,
            ),
            (
                "a paragraph break on both sides costs less",
                cost(
                    &[100, 50],
                    &[98, 50],
                    &none,
                    &breaks(2, &[1]),
                    &breaks(2, &[1]),
                ),
                std::cmp::Ordering::Less,
            ),
            (
                "a paragraph break on one side costs more",
                cost(&[100, 50], &[98, 50], &none, &breaks(2, &[1]), &plain),
                std::cmp::Ordering::Greater,
            ),
        ];
        for (rule, c, want) in cases {
            assert_eq!(c.total_cmp(&base), *want, "{rule}: {c} vs {base}");
        }
        // Two sentences whose lengths add up to one are merged (2-1), and
        // shape priors order 1-1 < 2-1 < 2-2.
        let none3 = table(&[&[], &[], &[]], &[&[], &[]], 0);
        let plain3 = breaks(3, &[]);
        let sides = Sides {
            ru_chars: &[60, 40, 50],
            en_chars: &[98, 50],
            ru_breaks: &plain3,
            en_breaks: &plain,
            anchors: &none3,
        };
        let shapes: Vec<(usize, usize)> = best_path(&model, &sides)
            .iter()
            .map(|b| (b.ru.len(), b.en.len()))
            .collect();
        assert_eq!(shapes, [(2, 1), (1, 1)]);
        assert!(model.prior[0] < model.prior[3] && model.prior[3] < model.prior[5]);
    }

    #[test]
    fn band_covers_the_corners_and_stays_narrow() {
        let small = Corridor::new(40, 38);
        assert_eq!(small.cells(), 41 * 39);
        let long = Corridor::new(10_000, 9_000);
        assert!(long.index(0, 0).is_some() && long.index(10_000, 9_000).is_some());
        // Linear in the length: about (2 × CORRIDOR_MIN + 1) cells a row.
        assert!(
            long.cells() <= 10_001 * (2 * CORRIDOR_MIN + 1),
            "{}",
            long.cells()
        );
        // Consecutive rows overlap, so a path can always go on.
        for i in 1..=10_000 {
            assert!(long.lo[i] <= long.hi[i - 1] + 1, "row {i}");
        }
        let lopsided = Corridor::new(30_000, 5);
        assert!(lopsided.index(30_000, 5).is_some());
    }

    #[test]
    fn posteriors_are_probabilities_and_the_path_covers_everything() {
        let anchors = table(&[&[0], &[], &[1]], &[&[0], &[1]], 2);
        let plain3 = breaks(3, &[]);
        let plain2 = breaks(2, &[]);
        let sides = Sides {
            ru_chars: &[80, 20, 60],
            en_chars: &[78, 59],
            ru_breaks: &plain3,
            en_breaks: &plain2,
            anchors: &anchors,
        };
        let path = best_path(&Model::default(), &sides);
        let ru: usize = path.iter().map(|b| b.ru.len()).sum();
        let en: usize = path.iter().map(|b| b.en.len()).sum();
        assert_eq!((ru, en), (3, 2));
        for b in &path {
            assert!((0.0..=1.0).contains(&b.posterior), "{b:?}");
        }
        // The short middle sentence is either merged or left alone; the
        // anchored sentences pair.
        assert_eq!(
            path.first().map(|b| (b.ru.start, b.en.clone())),
            Some((0, 0..1))
        );
        assert_eq!(
            path.last().map(|b| (b.ru.end, b.en.clone())),
            Some((3, 1..2))
        );
    }
}
