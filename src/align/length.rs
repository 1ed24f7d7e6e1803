//! The Gale–Church length model: a sentence and its translation have
//! lengths in characters whose ratio is nearly constant, with a variance
//! that grows with the length.
//!
//! With `r` Russian and `e` English characters, the expected English length
//! is `c·r`, and `δ = (e − c·r) / √(s²·l)` is taken as standard normal,
//! where `l = (r + e/c) / 2` is the mean length in Russian characters (the
//! symmetric form of Gale and Church's `√(l₁·s²)`, so that neither side is
//! privileged). The cost of a pair is `−ln P(|Δ| ≥ |δ|) = −ln erfc(|δ|/√2)`.
//!
//! # The constants, from the project's real pairs
//!
//! Estimated on every pair of `/work/shared/data/corpora/*.tsv` (not
//! `*.meta.tsv`) except the conversational `tatoeba` and `tico19` files:
//! 42,662 news and general-domain sentence pairs from WMT newstest
//! 2012–2024, NTREX-128 and FLORES-200. Length is the number of characters
//! after whitespace collapsing (`text::collapse`), spaces included:
//!
//! - `c = Σe / Σr = 0.9813`: English is 2% shorter than Russian;
//! - `s² = mean((e − c·r)² / r) = 3.43` characters per character.
//!
//! Per file, `c` ranges from 0.88 (English-original WMT 2019) to 1.08
//! (Russian-original WMT 2023): translations run longer than originals,
//! whichever the direction. With tatoeba and tico19 (short dialogue lines)
//! included, `c = 0.977`, `s² = 2.95`. The squared residuals have a heavy
//! tail (the 99th percentile of `(e − c·r)²/r` is 27.6, against 22.8 for a
//! normal law of that variance), which is one reason the aligner does not
//! rely on lengths alone.

/// Expected English characters per Russian character.
pub const CHARS_RATIO: f64 = 0.9813;
/// Variance of the English length per Russian character.
pub const CHARS_VARIANCE: f64 = 3.43;

/// The cost (`−ln` of the two-sided tail probability) of a Russian text
/// of `ru` characters being translated by an English one of `en`
/// characters. Zero for two empty texts.
pub fn length_cost(ru: usize, en: usize) -> f64 {
    if ru == 0 && en == 0 {
        return 0.0;
    }
    let (r, e) = (ru as f64, en as f64);
    let mean = (r + e / CHARS_RATIO) / 2.0;
    let delta = (e - CHARS_RATIO * r) / (CHARS_VARIANCE * mean).sqrt();
    -ln_erfc(delta.abs() / std::f64::consts::SQRT_2)
}

/// `ln erfc(x)` for `x ≥ 0`, from the Chebyshev fit of Numerical Recipes
/// (`erfcc`, relative error below 1.2·10⁻⁷), taken in logarithms so that it
/// stays finite however large `x` is.
fn ln_erfc(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.5 * x);
    let poly = -1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    t.ln() - x * x + poly
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erfc_matches_known_values() {
        // erfc(0) = 1, erfc(1) = 0.157299, erfc(2) = 0.004678.
        let cases = [(0.0, 1.0), (1.0, 0.157_299_2), (2.0, 0.004_677_735)];
        for (x, want) in cases {
            let got = ln_erfc(x).exp();
            assert!((got - want).abs() / want < 1e-6, "erfc({x}) = {got}");
        }
        // Far in the tail it stays finite: ln erfc(30) ≈ −900 − ln(30√π).
        let far = ln_erfc(30.0);
        assert!(far.is_finite() && (far + 904.0).abs() < 1.0, "{far}");
    }

    #[test]
    fn length_costs_order_as_expected() {
        // The expected length costs almost nothing; a pair twice as long
        // costs more, and a long pair with the same ratio error more again.
        let expected = length_cost(100, 98);
        assert!(expected < 0.05, "{expected}");
        let double = length_cost(100, 200);
        assert!(double > 10.0, "{double}");
        assert!(length_cost(50, 100) < double);
        // Symmetric in the sense that both directions of error cost alike.
        let longer = length_cost(100, 98 + 20);
        let shorter = length_cost(100, 98 - 20);
        assert!((longer - shorter).abs() < 0.5, "{longer} {shorter}");
        assert_eq!(length_cost(0, 0), 0.0);
        assert!(length_cost(0, 40).is_finite());
    }
}
