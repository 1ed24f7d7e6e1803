//! The one small deterministic generator (xorshift64*) the tests, the
//! alignment evaluation and the benchmarks share, so that a seed gives the
//! same inputs on every machine and a failure replays. Included with
//! `#[path]` as a module (`mod rng;`); `rand` is not needed for this.
#![allow(dead_code)]

/// A xorshift64* generator. `Rng(state)` starts from a raw non-zero state;
/// [`Rng::new`] mixes a small seed first.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    /// A generator from any seed (0 included).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}
