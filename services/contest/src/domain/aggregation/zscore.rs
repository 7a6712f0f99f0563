//! Z-score normalisation per judge ([`super::Method::ZScore`], rule 3).
//!
//! With `n` totals of sum `S` and sum of squares `Q`, `n² × variance` is the
//! exact integer `D = n·Q − S²`, so `n × σ = √D`. The rescaled value
//! `μ + (t − μⱼ) / σⱼ × σ` becomes one fraction,
//! `(S·√Dⱼ + (nⱼ·t − Sⱼ)·√D) / (N·√Dⱼ)` (round-wide `N, S, D`; judge `j`'s
//! `nⱼ, Sⱼ, Dⱼ`), evaluated with integer square roots and floored once.

use super::FULL_SCALE;
use super::entry::Row;

/// Count, sum and sum of squares of a set of totals.
#[derive(Debug, Clone, Copy, Default)]
struct Moments {
    n: i128,
    sum: i128,
    squares: i128,
}

impl Moments {
    fn add(&mut self, total: i128) {
        self.n += 1;
        self.sum = self.sum.saturating_add(total);
        self.squares = self.squares.saturating_add(total.saturating_mul(total));
    }

    /// `√(n² × variance)` = `n × σ`, floored; 0 when all totals are equal.
    fn root_spread(&self) -> i128 {
        let spread = self
            .n
            .saturating_mul(self.squares)
            .saturating_sub(self.sum.saturating_mul(self.sum));
        u128::try_from(spread).map_or(0, |s| i128::try_from(s.isqrt()).unwrap_or(i128::MAX))
    }
}

/// Sets `value` and `normalised` of every counted row to its normalised
/// total; `judges` is the number of judges (rows carry judge numbers).
pub(super) fn normalise(rows: &mut [Vec<Row>], judges: usize) {
    let mut round = Moments::default();
    let mut moments = vec![Moments::default(); judges];
    for row in rows.iter().flatten().filter(|r| r.counts) {
        round.add(row.total);
        if let Some(judge) = moments.get_mut(row.judge) {
            judge.add(row.total);
        }
    }
    if round.n == 0 {
        return;
    }
    let round_root = round.root_spread();
    let judges: Vec<(Moments, i128)> = moments.into_iter().map(|m| (m, m.root_spread())).collect();
    let mean = round.sum.div_euclid(round.n);

    for row in rows.iter_mut().flatten().filter(|r| r.counts) {
        let value = match judges.get(row.judge) {
            Some(&(judge, judge_root)) if judge_root > 0 => {
                let deviation = judge.n.saturating_mul(row.total).saturating_sub(judge.sum);
                let numerator = round
                    .sum
                    .saturating_mul(judge_root)
                    .saturating_add(deviation.saturating_mul(round_root));
                numerator.div_euclid(round.n.saturating_mul(judge_root))
            }
            _ => mean,
        };
        let value = value.clamp(0, FULL_SCALE);
        row.value = value;
        row.normalised = Some(value);
    }
}
