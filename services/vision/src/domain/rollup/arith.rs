//! Exact fixed-point helpers: 256-bit intermediate products and the measured
//! quotient of rule 1.

use std::cmp::Ordering;

use super::{Clamp, Measure};

/// [`super::INTERNAL_SCALE`] as a multiplier (10¹² < 2⁶⁴).
pub(super) const SCALE: u64 = 1_000_000_000_000;

/// An unsigned 256-bit number, `hi × 2¹²⁸ + lo`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Wide {
    hi: u128,
    lo: u128,
}

impl Wide {
    /// The exact product `a × b`.
    pub(super) fn mul(a: u128, b: u64) -> Wide {
        let b = u128::from(b);
        let low = (a & u128::from(u64::MAX)) * b; // < 2¹²⁸
        let high = (a >> 64) * b; // < 2¹²⁸
        let (lo, carry) = low.overflowing_add(high << 64);
        Wide {
            hi: (high >> 64) + u128::from(carry),
            lo,
        }
    }

    /// The sum (wrapping past 2²⁵⁶, which the callers' sums stay far below:
    /// fewer than 2⁶⁴ terms `weight × progress`, each below 2¹⁴⁰).
    pub(super) fn add(self, other: Wide) -> Wide {
        let (lo, carry) = self.lo.overflowing_add(other.lo);
        Wide {
            hi: self
                .hi
                .wrapping_add(other.hi)
                .wrapping_add(u128::from(carry)),
            lo,
        }
    }

    /// `⌊self / divisor⌋`. The callers guarantee `divisor > 0` and a quotient
    /// below 2¹²⁸ (`hi < divisor`); otherwise the result saturates.
    pub(super) fn div(self, divisor: u128) -> u128 {
        if divisor == 0 || self.hi >= divisor {
            return u128::MAX;
        }
        if self.hi == 0 {
            return self.lo / divisor;
        }
        // Restoring binary long division; `rem < divisor` between steps.
        let mut rem = self.hi;
        let mut quotient = 0u128;
        for bit in (0..128).rev() {
            let overflow = rem >> 127 == 1;
            rem = (rem << 1) | ((self.lo >> bit) & 1);
            quotient <<= 1;
            if overflow || rem >= divisor {
                rem = rem.wrapping_sub(divisor);
                quotient |= 1;
            }
        }
        quotient
    }
}

/// `⌊a × b / divisor⌋` for `a ≤ divisor`, so the result is at most `b`.
pub(super) fn mul_div(a: u128, b: u64, divisor: u128) -> u128 {
    Wide::mul(a, b).div(divisor)
}

/// A quotient known to be at most 10¹² as a progress value.
pub(super) fn progress(value: u128) -> u64 {
    u64::try_from(value).unwrap_or(SCALE).min(SCALE)
}

/// Rule 1: a measured node's progress and clamp.
pub(super) fn measured(measure: &Measure) -> (Option<u64>, Option<Clamp>) {
    let Measure {
        baseline, target, ..
    } = *measure;
    if target == baseline {
        return (None, None);
    }
    let Some(current) = measure.current else {
        return (Some(0), None);
    };
    if current == baseline {
        return (Some(0), None);
    }
    if (current > baseline) != (target > baseline) {
        return (Some(0), Some(Clamp::BelowBaseline));
    }
    let moved = current.abs_diff(baseline);
    let span = target.abs_diff(baseline);
    match moved.cmp(&span) {
        Ordering::Greater => (Some(SCALE), Some(Clamp::AboveTarget)),
        Ordering::Equal => (Some(SCALE), None),
        Ordering::Less => (Some(progress(mul_div(moved, SCALE, span))), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_division_matches_narrow_division() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..2_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let divisor = u128::from(x % 1_000_000_007) + 1;
            let a = u128::from(x >> 40) % divisor;
            let b = x % SCALE + 1;
            assert_eq!(mul_div(a, b, divisor), a * u128::from(b) / divisor);
        }
    }

    #[test]
    fn wide_division_near_the_top() {
        // (2¹²⁸ − 2) × 10¹² / (2¹²⁸ − 1) = 10¹² − 10¹² / (2¹²⁸ − 1) → 10¹² − 1.
        assert_eq!(
            mul_div(u128::MAX - 1, SCALE, u128::MAX),
            u128::from(SCALE) - 1
        );
        assert_eq!(mul_div(u128::MAX, SCALE, u128::MAX), u128::from(SCALE));
        // 2¹²⁷ × 10¹² / (2¹²⁸ − 1) is a hair above 5 × 10¹¹.
        assert_eq!(mul_div(1 << 127, SCALE, u128::MAX), 500_000_000_000);
        let sum = Wide::mul(u128::MAX, SCALE).add(Wide::mul(u128::MAX, SCALE));
        assert_eq!(sum.div(u128::MAX), 2 * u128::from(SCALE));
    }

    #[test]
    fn extreme_measures_do_not_overflow() {
        let m = |baseline, target, current| Measure {
            baseline,
            target,
            direction: super::super::Direction::Increase,
            current: Some(current),
        };
        assert_eq!(measured(&m(i128::MIN, i128::MAX, 0)).0, Some(SCALE / 2));
        assert_eq!(
            measured(&m(i128::MIN, i128::MAX, i128::MAX)),
            (Some(SCALE), None)
        );
        assert_eq!(
            measured(&m(i128::MAX, i128::MIN, i128::MAX)),
            (Some(0), None)
        );
        assert_eq!(
            measured(&m(0, 1, i128::MAX)),
            (Some(SCALE), Some(Clamp::AboveTarget))
        );
        assert_eq!(
            measured(&m(0, 1, i128::MIN)),
            (Some(0), Some(Clamp::BelowBaseline))
        );
    }
}
