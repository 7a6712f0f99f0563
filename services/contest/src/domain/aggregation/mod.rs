//! Aggregation of the judges' score sheets of one contest round into per-entry
//! results. This text is the published description of how results are computed.
//!
//! # Units
//!
//! Scores on sheets and final results are whole numbers of hundredths of a
//! point ([`SCORE_SCALE`]): `8.5` travels as `850`. Internally every value is a
//! fixed-point `i128` counting 10⁻⁹ of a point ([`INTERNAL_SCALE`]). No floating
//! point is used anywhere.
//!
//! # Rules
//!
//! 1. **Sheet total.** Each criterion has a weight (whole percent; the weights
//!    add up to 100, which callers ensure) and a maximum score. A sheet's total, on a 0–100 scale, is
//!    `Σ score_c / (max_score_c × 100) × weight_c` with `score_c` in hundredths.
//!    Each term is computed as `score_c × weight_c × 10⁹ / (max_score_c × 100)`,
//!    one division per criterion, truncated to 10⁻⁹ of a point. A criterion
//!    missing from a sheet counts as 0. Safety nets (callers validate sheets):
//!    a score outside `0..=max_score × 100` is clamped into that range, a score
//!    for an unknown criterion is ignored, a criterion listed twice on a sheet
//!    counts once (first occurrence), a criterion with `max_score` 0 adds 0.
//!    The total and the sheet's score on the top-weighted criterion (rule 5) are its
//!    [`Tally`]: they depend on the sheet and the rubric alone, so the service computes
//!    them when a sheet is written ([`tally`]) and aggregates stored tallies
//!    ([`aggregate_tallied`]); [`aggregate`] tallies and aggregates in one go.
//! 2. **Counted sheets.** Only sheets with `counts == true` count. A trainee
//!    judge's sheet (`counts == false`) is shown in the steps but never enters
//!    any number, including the z-score statistics. Sheets whose entry is not
//!    listed in `entries` are ignored entirely.
//! 3. **Entry value**, depending on [`Method`]:
//!    * [`Method::Mean`]: the mean of the entry's counted sheet totals. It is a
//!      mean per entry, so an entry with fewer sheets (e.g. after a recusal) is
//!      not penalised.
//!    * [`Method::TrimmedMean`] (去掉一个最高分和一个最低分): with 4 or more
//!      counted sheets exactly one highest and one lowest total are dropped and
//!      the rest averaged. Among equal highest totals the sheet of the greatest
//!      `judge_id` (lexicographic) is dropped, among equal lowest totals the one
//!      of the smallest `judge_id`. With exactly 3 sheets the mean of the two
//!      closest totals is used and the third is trimmed; if both gaps are equal
//!      all three are averaged (that is the middle value) and nothing is
//!      trimmed. With 1 or 2 sheets, the plain mean.
//!    * [`Method::ZScore`]: each counted total `t` of judge `j` is normalised
//!      against all of that judge's counted sheets in the round (mean `μⱼ`,
//!      population standard deviation `σⱼ`): `z = (t − μⱼ) / σⱼ`, rescaled to
//!      `μ + z × σ`, where `μ` and `σ` are the mean and population standard
//!      deviation of all counted totals of the round, then clamped to
//!      `[0, 100]`. If `σⱼ = 0` (a single sheet, or all of the judge's totals
//!      equal) the judge's values become `μ`. The entry value is the mean of
//!      its normalised values; nothing is trimmed.
//!
//!    Below, an entry's *values* are those that entered its mean: its counted
//!    totals minus trimmed ones, or for `ZScore` its normalised values.
//! 4. **Rounding, once, at the end.** The entry's exact mean is rounded to
//!    hundredths, half away from zero (values are never negative, so half up):
//!    `80.004999…` → `80.00`, `80.005` → `80.01`. This is the published
//!    `score`. Nothing else is rounded; ranking and tie-breaks use the exact,
//!    unrounded mean. See [`to_hundredths`].
//! 5. **Ranking**, best first, by the exact mean. Entries with equal means are
//!    separated by, in order:
//!    1. `top_criterion`: the higher mean score on the highest-weighted
//!       criterion (the first in criteria order if several share the highest
//!       weight), over the sheets whose values entered the mean;
//!    2. `median`: the higher median of the entry's values (for an even
//!       count, the mean of the two middle values);
//!    3. `fewer_below_mean`: fewer of its values strictly below its mean;
//!    4. still equal: the same rank (competition ranking 1, 2, 2, 4), listed by
//!       `entry_id`, tie-break `shared`.
//!
//!    Each entry whose mean equals another entry's mean records the rule that
//!    finally separated it from its closest equal-mean neighbour, the one
//!    agreeing with it on the most rules ([`Steps::tie_break`]); `None` for an
//!    entry whose mean no other entry has. Entries without a counted sheet are unscored:
//!    no score, rank or award, listed last by `entry_id`.
//! 6. **Awards** ([`Tiers`]). `Quota`: with `N` ranked entries and tier
//!    percentages `p₁, p₂, …` (in the given order), tier `k` covers ranks up to
//!    `floor(N × (p₁ + … + pₖ) / 100)`; an entry receives the first tier whose
//!    bound is at least its rank. Entries sharing a rank therefore share the
//!    tier, which may exceed the quota by the size of the tie. `Threshold`: the
//!    first tier, in the given order, whose minimum is at most the entry's
//!    rounded score (list tiers from the highest minimum down).
//! 7. **Output order**: by rank, then `entry_id`; unscored entries last by
//!    `entry_id`. Every entry of `entries` appears once (repeats are ignored),
//!    with or without sheets. The result does not depend on the order of
//!    `entries` or `sheets`.
//!
//! # Precision
//!
//! For `Mean` and `TrimmedMean` the per-criterion truncation of rule 1 is the
//! only internal truncation: means, medians and every comparison are computed
//! exactly as fractions. [`Steps::mean`] shows the exact mean rounded down to
//! 10⁻⁹; rounding that value to hundredths gives the same result as rounding
//! the exact mean, because 0.005 is a whole number of 10⁻⁹ units. `ZScore`
//! adds two integer square roots (of `n² × variance`, so that `n × σ` is
//! floored to 10⁻⁹) and one floor to 10⁻⁹ per normalised value.
//!
//! Arithmetic is `i128` and cannot overflow within the supported ranges (up to
//! 100,000 entries, 1,000 judges, 50 criteria, `max_score` ≤ 10,000); beyond
//! them it saturates instead of panicking. Sheets are grouped by entry and
//! judge through hash maps; the cost grows as `sheets + entries × log entries`.

mod entry;
mod ranking;
mod zscore;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use entry::{Row, Rubric};

/// Sheet scores and results travel as hundredths of a point.
pub const SCORE_SCALE: i64 = 100;
/// Internal fixed point: 10⁻⁹ of a point.
pub const INTERNAL_SCALE: i128 = 1_000_000_000;
/// 100 points, the top of the scale, in internal units.
pub const FULL_SCALE: i128 = 100 * INTERNAL_SCALE;
/// Internal units per hundredth of a point.
const PER_HUNDREDTH: u128 = (INTERNAL_SCALE / SCORE_SCALE as i128).unsigned_abs();

/// Tie-break label: separated by the mean score on the top-weighted criterion.
pub const TIE_TOP_CRITERION: &str = "top_criterion";
/// Tie-break label: separated by the median of the values used.
pub const TIE_MEDIAN: &str = "median";
/// Tie-break label: separated by fewer values below the mean.
pub const TIE_FEWER_BELOW_MEAN: &str = "fewer_below_mean";
/// Tie-break label: not separated; the rank is shared.
pub const TIE_SHARED: &str = "shared";

/// One criterion of the rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    pub id: String,
    /// Whole percent; the weights of a rubric add up to 100.
    pub weight: u32,
    /// Whole number of points, at least 1.
    pub max_score: u32,
}

/// One judge's score sheet for one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub judge_id: String,
    pub entry_id: String,
    /// `(criterion id, score in hundredths, 0..=max_score × 100)`.
    pub scores: Vec<(String, i64)>,
    /// `false` for a trainee judge's sheet: shown, never counted.
    pub counts: bool,
}

/// What a sheet contributes (rule 1): its weighted total and its score on the top-weighted
/// criterion. It depends only on the sheet and the rubric, so it can be computed once, when
/// the sheet is written, and stored beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Weighted total, internal units (at most [`FULL_SCALE`]).
    pub total: i128,
    /// Score on the top-weighted criterion, hundredths.
    pub top: i128,
}

/// A sheet as tallied (rule 1): what [`aggregate_tallied`] needs of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalliedSheet {
    pub judge_id: String,
    pub entry_id: String,
    pub tally: Tally,
    /// `false` for a trainee judge's sheet: shown, never counted.
    pub counts: bool,
}

/// A sheet's [`Tally`] under `criteria` (rule 1): the safety nets apply (clamping, unknown
/// criteria ignored, the first of a repeated criterion counts).
pub fn tally<'s>(
    criteria: &[Criterion],
    scores: impl IntoIterator<Item = (&'s str, i64)>,
) -> Tally {
    Rubric::new(criteria).score(scores, &mut Vec::new())
}

/// How an entry's counted sheets become its value (rule 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Mean,
    TrimmedMean,
    ZScore,
}

/// Awards (rule 6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tiers {
    None,
    /// `(award name, percent of ranked entries)`, best award first.
    Quota(Vec<(String, u32)>),
    /// `(award name, minimum rounded score in hundredths)`, highest first.
    Threshold(Vec<(String, i64)>),
}

/// The round's aggregation rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub method: Method,
    pub tiers: Tiers,
}

/// The result of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryResult {
    pub entry_id: String,
    /// Final result in hundredths on the 0–100 scale; `None` without a counted sheet.
    pub score: Option<i64>,
    /// 1 = best; `None` when unscored.
    pub rank: Option<u32>,
    pub award: Option<String>,
    pub steps: Steps,
}

/// How an entry's result came about.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Steps {
    /// Every sheet of the entry, trainee ones included, ordered by `judge_id`.
    pub sheets: Vec<SheetStep>,
    /// Number of sheets whose values entered the mean.
    pub counted: usize,
    /// Judge ids whose sheets were left out by trimming, ascending.
    pub trimmed: Vec<String>,
    /// The unrounded mean (`sum / counted`), rounded down to 10⁻⁹ of a point.
    pub mean: Option<i128>,
    /// For entries whose mean equals another entry's: the rule that separated
    /// it from its closest equal-mean neighbour, one of [`TIE_TOP_CRITERION`],
    /// [`TIE_MEDIAN`], [`TIE_FEWER_BELOW_MEAN`], [`TIE_SHARED`]. `None` otherwise.
    pub tie_break: Option<String>,
    /// Sum of the values that entered the mean, internal units; the exact
    /// mean is `sum / counted`.
    pub sum: i128,
    /// Sum, in hundredths, of the top-weighted criterion's scores on the sheets
    /// that entered the mean (tie-break 1 compares `top_criterion_sum / counted`).
    pub top_criterion_sum: i128,
    /// Median of the values that entered the mean, rounded down to 10⁻⁹
    /// (tie-break 2 compares it exactly).
    pub median: Option<i128>,
    /// Values that entered the mean and lie strictly below it (tie-break 3).
    pub below_mean: usize,
}

/// One sheet as it entered the aggregation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetStep {
    pub judge_id: String,
    /// Weighted total (rule 1), internal units.
    pub total: i128,
    /// Normalised value (rule 3, `ZScore` only, counted sheets only), internal units.
    pub normalised: Option<i128>,
    pub counts: bool,
    /// Left out of the mean by trimming.
    pub trimmed: bool,
}

/// Rounds an internal value to hundredths, half away from zero: the one
/// rounding rule of the aggregation (rule 4). Saturates at the `i64` range.
pub fn to_hundredths(internal: i128) -> i64 {
    let magnitude = (internal.unsigned_abs() + PER_HUNDREDTH / 2) / PER_HUNDREDTH;
    let magnitude = i64::try_from(magnitude).unwrap_or(i64::MAX);
    if internal < 0 { -magnitude } else { magnitude }
}

/// Aggregates the sheets of one round into one result per entry, following
/// the rules in the [module documentation](self).
pub fn aggregate(
    criteria: &[Criterion],
    entries: &[String],
    sheets: &[Sheet],
    rules: &Rules,
) -> Vec<EntryResult> {
    let rubric = Rubric::new(criteria);
    let mut slots = Vec::with_capacity(criteria.len());
    let tallied: Vec<TalliedSheet> = sheets
        .iter()
        .map(|sheet| TalliedSheet {
            judge_id: sheet.judge_id.clone(),
            entry_id: sheet.entry_id.clone(),
            tally: rubric.score(
                sheet.scores.iter().map(|(id, score)| (id.as_str(), *score)),
                &mut slots,
            ),
            counts: sheet.counts,
        })
        .collect();
    aggregate_tallied(entries, tallied.iter().map(|s| (s, s.counts)), rules)
}

/// [`aggregate`] over sheets already tallied under the round's rubric (rules 2 to 7), each
/// with whether it counts (rule 2; this decides, not the sheet's own `counts`).
pub fn aggregate_tallied<'s>(
    entries: &[String],
    sheets: impl IntoIterator<Item = (&'s TalliedSheet, bool)>,
    rules: &Rules,
) -> Vec<EntryResult> {
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
    let mut ids: Vec<&str> = Vec::with_capacity(entries.len());
    for entry in entries {
        if let Entry::Vacant(slot) = index.entry(entry.as_str()) {
            slot.insert(ids.len());
            ids.push(entry.as_str());
        }
    }

    // Judges are numbered in `judge_id` order so that later steps compare and
    // look up numbers, not strings.
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    let mut rows: Vec<Vec<Row>> = ids.iter().map(|_| Vec::new()).collect();
    for (sheet, counts) in sheets {
        let Some(list) = index
            .get(sheet.entry_id.as_str())
            .and_then(|&i| rows.get_mut(i))
        else {
            continue;
        };
        let next = numbers.len();
        let judge = *numbers.entry(sheet.judge_id.as_str()).or_insert(next);
        let Tally { total, top } = sheet.tally;
        list.push(Row {
            judge,
            total,
            top,
            value: total,
            normalised: None,
            counts,
            trimmed: false,
        });
    }
    let mut judges: Vec<(&str, usize)> = numbers.into_iter().collect();
    judges.sort_unstable();
    let mut renumber = vec![0; judges.len()];
    for (position, (_, number)) in judges.iter().enumerate() {
        if let Some(slot) = renumber.get_mut(*number) {
            *slot = position;
        }
    }
    for row in rows.iter_mut().flatten() {
        row.judge = renumber.get(row.judge).copied().unwrap_or_default();
    }
    let judges: Vec<&str> = judges.into_iter().map(|(id, _)| id).collect();
    if rules.method == Method::ZScore {
        zscore::normalise(&mut rows, judges.len());
    }

    let mut results = Vec::with_capacity(ids.len());
    for (id, mut list) in ids.into_iter().zip(rows) {
        list.sort_unstable_by_key(|r| (r.judge, !r.counts, r.total, r.top));
        if rules.method == Method::TrimmedMean {
            entry::trim(&mut list);
        }
        results.push(entry::result(id, &list, &judges));
    }
    ranking::rank(results, &rules.tiers)
}
