//! Randomness: integer-only sampling on top of ChaCha8, so that a seed gives
//! the same draws on every platform.

use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

use super::values::{Cites, Day, When};
use super::SOURCES;

/// One stream of random numbers.
pub(super) struct Gen(ChaCha8Rng);

impl Gen {
    /// Stream `stream` of the generator seeded with `seed`.
    pub(super) fn new(seed: u64, stream: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        Gen(rng)
    }

    /// The next 64 random bits.
    pub(super) fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `0..n` (0 when `n` is 0), by Lemire's method.
    pub(super) fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        if n <= 1 {
            return 0;
        }
        let mut m = u128::from(self.next()) * u128::from(n);
        if (m as u64) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u64) < threshold {
                m = u128::from(self.next()) * u128::from(n);
            }
        }
        (m >> 64) as usize
    }

    /// True with probability `per_mille / 1000`.
    pub(super) fn chance(&mut self, per_mille: usize) -> bool {
        self.below(1000) < per_mille
    }

    /// Any one of `items`, uniformly.
    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Mildly skewed towards the front: the smaller of two uniform draws.
    pub(super) fn skewed<T: Copy>(&mut self, items: &[T]) -> T {
        let a = self.below(items.len());
        let b = self.below(items.len());
        items[a.min(b)]
    }

    /// Index `0..n` with P(rank) roughly proportional to 1/(rank + 1): an
    /// octave `b` is chosen uniformly, then a rank uniformly within it.
    pub(super) fn zipf(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let octaves = (usize::BITS - n.leading_zeros()) as usize;
        loop {
            let b = self.below(octaves);
            let rank = (1usize << b) - 1 + self.below(1usize << b);
            if rank < n {
                return rank;
            }
        }
    }

    /// An index into `weights`, with probability proportional to the weight.
    pub(super) fn weighted<T: Copy>(&mut self, items: &[(T, usize)]) -> T {
        let total: usize = items.iter().map(|&(_, w)| w).sum();
        let mut x = self.below(total);
        for &(item, w) in items {
            if x < w {
                return item;
            }
            x -= w;
        }
        items[items.len() - 1].0
    }

    /// Two significant digits times a power of ten: `1.0..=9.9 × 10^e` for
    /// `e` in `lo..=hi`, as an integer.
    pub(super) fn magnitude(&mut self, lo: u32, hi: u32) -> u64 {
        let e = lo + self.below((hi - lo + 1) as usize) as u32;
        let m = 10 + self.below(90) as u64;
        m * 10u64.pow(e) / 10
    }

    /// A date in `from..=to` at year, month or day precision.
    pub(super) fn day(&mut self, from: u16, to: u16) -> Day {
        let y = from + self.below(usize::from(to - from) + 1) as u16;
        match self.below(20) {
            0..=7 => Day { y, m: 0, d: 0 },
            8..=14 => Day {
                y,
                m: 1 + self.below(12) as u8,
                d: 0,
            },
            _ => Day {
                y,
                m: 1 + self.below(12) as u8,
                d: 1 + self.below(28) as u8,
            },
        }
    }

    /// A date, or with probability `period_per_mille / 1000` a period that
    /// starts at it and does not end before it.
    pub(super) fn when(&mut self, from: u16, to: u16, period_per_mille: usize) -> When {
        let start = self.day(from, to);
        if !self.chance(period_per_mille) {
            return When { start, end: None };
        }
        let end = if start.m > 0 && self.chance(500) {
            let m = start.m + self.below(usize::from(13 - start.m)) as u8;
            let d = if start.d > 0 {
                if m == start.m {
                    start.d + self.below(usize::from(29 - start.d)) as u8
                } else {
                    1 + self.below(28) as u8
                }
            } else {
                0
            };
            Day { y: start.y, m, d }
        } else {
            Day {
                y: start.y + 1 + self.below(3) as u16,
                m: if start.m > 0 {
                    1 + self.below(12) as u8
                } else {
                    0
                },
                d: if start.d > 0 {
                    1 + self.below(28) as u8
                } else {
                    0
                },
            }
        };
        When {
            start,
            end: Some(end),
        }
    }

    /// One source (85 %) or two distinct ones, skewed towards the first.
    pub(super) fn cites(&mut self) -> Cites {
        let a = self.zipf(SOURCES) as u8;
        if self.chance(850) {
            return Cites([a, a], 1);
        }
        let mut b = self.below(SOURCES - 1) as u8;
        if b >= a {
            b += 1;
        }
        Cites([a, b], 2)
    }
}
