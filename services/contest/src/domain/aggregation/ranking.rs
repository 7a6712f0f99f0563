//! Ranking, tie-breaks and awards (rules 5–7 of the module documentation).

use std::cmp::Ordering;

use super::{EntryResult, TIE_FEWER_BELOW_MEAN, TIE_MEDIAN, TIE_SHARED, TIE_TOP_CRITERION, Tiers};

/// An entry's result before ranking, with its exact median (doubled).
pub(super) struct Unranked {
    pub(super) result: EntryResult,
    pub(super) twice_median: i128,
}

/// How far two entries agree: the first rule on which they differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Mean,
    TopCriterion,
    Median,
    FewerBelowMean,
    Shared,
}

impl Level {
    fn label(self) -> Option<&'static str> {
        match self {
            Level::Mean => None,
            Level::TopCriterion => Some(TIE_TOP_CRITERION),
            Level::Median => Some(TIE_MEDIAN),
            Level::FewerBelowMean => Some(TIE_FEWER_BELOW_MEAN),
            Level::Shared => Some(TIE_SHARED),
        }
    }
}

/// Twice the median of sorted values, so that it is an exact integer.
pub(super) fn twice_median(sorted: &[i128]) -> Option<i128> {
    let half = sorted.len() / 2;
    let upper = *sorted.get(half)?;
    let lower = if sorted.len().is_multiple_of(2) {
        *sorted.get(half.checked_sub(1)?)?
    } else {
        upper
    };
    Some(lower.saturating_add(upper))
}

/// Compares `a / b` with `c / d` exactly, for `b, d > 0`: by cross
/// multiplication, or, should that overflow, by continued fractions, which
/// need no multiplication. Non-positive denominators compare equal (they do
/// not occur).
fn cmp_fraction(mut a: i128, mut b: i128, mut c: i128, mut d: i128) -> Ordering {
    if b <= 0 || d <= 0 {
        return Ordering::Equal;
    }
    if let (Some(ad), Some(cb)) = (a.checked_mul(d), c.checked_mul(b)) {
        return ad.cmp(&cb);
    }
    let mut flipped = false;
    loop {
        let (whole_ab, rest_ab) = (a.div_euclid(b), a.rem_euclid(b));
        let (whole_cd, rest_cd) = (c.div_euclid(d), c.rem_euclid(d));
        let order = match (whole_ab.cmp(&whole_cd), rest_ab, rest_cd) {
            (Ordering::Equal, 0, 0) => Ordering::Equal,
            (Ordering::Equal, 0, _) => Ordering::Less,
            (Ordering::Equal, _, 0) => Ordering::Greater,
            (Ordering::Equal, _, _) => {
                // rest_ab / b < rest_cd / d  ⇔  b / rest_ab > d / rest_cd
                (a, b, c, d) = (b, rest_ab, d, rest_cd);
                flipped = !flipped;
                continue;
            }
            (order, _, _) => order,
        };
        return if flipped { order.reverse() } else { order };
    }
}

/// The first rule separating `a` from `b`, and their order (best first).
fn difference(a: &Unranked, b: &Unranked) -> (Level, Ordering) {
    let (x, y) = (&a.result.steps, &b.result.steps);
    let (nx, ny) = (count(x.counted), count(y.counted));
    let checks: [(Level, &dyn Fn() -> Ordering); 4] = [
        (Level::Mean, &|| cmp_fraction(y.sum, ny, x.sum, nx)),
        (Level::TopCriterion, &|| {
            cmp_fraction(y.top_criterion_sum, ny, x.top_criterion_sum, nx)
        }),
        (Level::Median, &|| b.twice_median.cmp(&a.twice_median)),
        (Level::FewerBelowMean, &|| x.below_mean.cmp(&y.below_mean)),
    ];
    checks
        .into_iter()
        .map(|(level, check)| (level, check()))
        .find(|(_, order)| order.is_ne())
        .unwrap_or((Level::Shared, Ordering::Equal))
}

fn count(n: usize) -> i128 {
    i128::try_from(n).unwrap_or(i128::MAX)
}

/// Orders, ranks and awards the entries (rules 5–7).
pub(super) fn rank(entries: Vec<Unranked>, tiers: &Tiers) -> Vec<EntryResult> {
    let (mut scored, mut unscored): (Vec<_>, Vec<_>) = entries
        .into_iter()
        .partition(|e| e.result.steps.counted > 0);
    scored.sort_by(|a, b| {
        difference(a, b)
            .1
            .then_with(|| a.result.entry_id.cmp(&b.result.entry_id))
    });
    unscored.sort_by(|a, b| a.result.entry_id.cmp(&b.result.entry_id));

    // gaps[i]: how far entries i and i + 1 agree.
    let gaps: Vec<Level> = scored
        .windows(2)
        .map(|pair| match pair {
            [a, b] => difference(a, b).0,
            _ => Level::Mean,
        })
        .collect();
    let ranked = scored.len();
    let mut previous_rank = 0u32;
    let mut results = Vec::with_capacity(ranked + unscored.len());
    for (i, entry) in scored.into_iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| gaps.get(j)).copied();
        let after = gaps.get(i).copied();
        let closest = before.max(after).unwrap_or(Level::Mean);
        let rank = if before == Some(Level::Shared) {
            previous_rank
        } else {
            u32::try_from(i + 1).unwrap_or(u32::MAX)
        };
        previous_rank = rank;
        let mut result = entry.result;
        result.rank = Some(rank);
        result.steps.tie_break = closest.label().map(str::to_owned);
        result.award = award(tiers, ranked, rank, result.score);
        results.push(result);
    }
    results.extend(unscored.into_iter().map(|e| e.result));
    results
}

/// The award of a ranked entry (rule 6).
fn award(tiers: &Tiers, ranked: usize, rank: u32, score: Option<i64>) -> Option<String> {
    match tiers {
        Tiers::None => None,
        Tiers::Quota(list) => {
            let ranked = u128::try_from(ranked).unwrap_or(u128::MAX);
            let mut cumulative: u128 = 0;
            list.iter()
                .find(|(_, percent)| {
                    cumulative = cumulative.saturating_add(u128::from(*percent));
                    ranked.saturating_mul(cumulative) / 100 >= u128::from(rank)
                })
                .map(|(name, _)| name.clone())
        }
        Tiers::Threshold(list) => {
            let score = score?;
            list.iter()
                .find(|(_, minimum)| *minimum <= score)
                .map(|(name, _)| name.clone())
        }
    }
}
