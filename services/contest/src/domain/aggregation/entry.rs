//! One entry's sheets: totals (rule 1), trimming and the mean (rule 3).

use std::cmp::Ordering;
use std::collections::HashMap;

use super::{
    Criterion, EntryResult, INTERNAL_SCALE, SCORE_SCALE, SheetStep, Steps, Tally, ranking,
    to_hundredths,
};

/// One sheet of an entry while it is being aggregated.
pub(super) struct Row {
    /// The judge's number; numbers follow `judge_id` order.
    pub(super) judge: usize,
    pub(super) total: i128,
    /// Score on the top-weighted criterion, hundredths.
    pub(super) top: i128,
    /// The value that enters the mean: the total, or the normalised value.
    pub(super) value: i128,
    pub(super) normalised: Option<i128>,
    pub(super) counts: bool,
    pub(super) trimmed: bool,
}

impl Row {
    fn used(&self) -> bool {
        self.counts && !self.trimmed
    }
}

/// The rubric, indexed for scoring sheets (rule 1).
pub(super) struct Rubric<'a> {
    criteria: &'a [Criterion],
    index: HashMap<&'a str, usize>,
    /// All criterion ids differ, so a score listed at a criterion's own
    /// position can be matched without a hash lookup.
    unique: bool,
    top: Option<usize>,
}

impl<'a> Rubric<'a> {
    pub(super) fn new(criteria: &'a [Criterion]) -> Self {
        let mut index = HashMap::with_capacity(criteria.len());
        let mut top: Option<usize> = None;
        for (i, criterion) in criteria.iter().enumerate() {
            index.entry(criterion.id.as_str()).or_insert(i);
            if top
                .and_then(|t| criteria.get(t))
                .is_none_or(|t| criterion.weight > t.weight)
            {
                top = Some(i);
            }
        }
        let unique = index.len() == criteria.len();
        Rubric {
            criteria,
            index,
            unique,
            top,
        }
    }

    /// The sheet's weighted total and its top-criterion score. `slots` is scratch space,
    /// reused across sheets.
    pub(super) fn score<'s>(
        &self,
        scores: impl IntoIterator<Item = (&'s str, i64)>,
        slots: &mut Vec<Option<i64>>,
    ) -> Tally {
        slots.clear();
        slots.resize(self.criteria.len(), None);
        for (position, (id, score)) in scores.into_iter().enumerate() {
            let in_place = self.unique && self.criteria.get(position).is_some_and(|c| c.id == *id);
            let criterion = if in_place {
                Some(position)
            } else {
                self.index.get(id).copied()
            };
            if let Some(slot) = criterion.and_then(|i| slots.get_mut(i)) {
                slot.get_or_insert(score);
            }
        }
        let mut total: i128 = 0;
        let mut top = 0;
        for (i, (criterion, slot)) in self.criteria.iter().zip(slots.iter()).enumerate() {
            let max = i128::from(criterion.max_score) * i128::from(SCORE_SCALE);
            let score = slot.map_or(0, |s| i128::from(s).clamp(0, max));
            if self.top == Some(i) {
                top = score;
            }
            if max > 0 {
                let numerator = score * i128::from(criterion.weight) * INTERNAL_SCALE;
                // Both are non-negative; u64 division is much faster when it fits.
                let term = match (u64::try_from(numerator), u64::try_from(max)) {
                    (Ok(n), Ok(m)) => i128::from(n / m),
                    _ => numerator / max,
                };
                total = total.saturating_add(term);
            }
        }
        Tally { total, top }
    }
}

/// Marks the sheets left out by [`super::Method::TrimmedMean`] (rule 3).
pub(super) fn trim(list: &mut [Row]) {
    let mut order: Vec<usize> = (0..list.len()).filter(|&i| list[i].counts).collect();
    order.sort_by(|&a, &b| (list[a].value, list[a].judge).cmp(&(list[b].value, list[b].judge)));
    let value = |i: usize| list.get(i).map_or(0, |row| row.value);
    let dropped: Vec<usize> = match *order.as_slice() {
        [low, _, _, .., high] => vec![low, high],
        [low, middle, high] => {
            let (lower_gap, upper_gap) = (value(middle) - value(low), value(high) - value(middle));
            match lower_gap.cmp(&upper_gap) {
                Ordering::Less => vec![high],
                Ordering::Greater => vec![low],
                Ordering::Equal => Vec::new(),
            }
        }
        _ => Vec::new(),
    };
    for i in dropped {
        if let Some(row) = list.get_mut(i) {
            row.trimmed = true;
        }
    }
}

/// Builds an entry's unranked result from its sorted, trimmed sheets, with
/// the exact median of its used values (doubled, so it stays an integer).
pub(super) fn result(id: &str, list: &[Row], judges: &[&str]) -> ranking::Unranked {
    let judge_id = |r: &Row| judges.get(r.judge).copied().unwrap_or_default().to_owned();
    let mut used: Vec<i128> = list.iter().filter(|r| r.used()).map(|r| r.value).collect();
    used.sort_unstable();
    let counted = used.len();
    let n = i128::try_from(counted).unwrap_or(i128::MAX);
    let sum = used.iter().fold(0i128, |acc, v| acc.saturating_add(*v));
    let top_criterion_sum = list
        .iter()
        .filter(|r| r.used())
        .fold(0i128, |acc, r| acc.saturating_add(r.top));
    let below_mean = used.iter().filter(|v| v.saturating_mul(n) < sum).count();
    let mean = (counted > 0).then(|| sum.div_euclid(n));
    let twice_median = ranking::twice_median(&used);
    let median = twice_median.map(|m| m.div_euclid(2));
    let mut trimmed: Vec<String> = list.iter().filter(|r| r.trimmed).map(judge_id).collect();
    trimmed.sort();
    let sheets = list
        .iter()
        .map(|r| SheetStep {
            judge_id: judge_id(r),
            total: r.total,
            normalised: r.normalised,
            counts: r.counts,
            trimmed: r.trimmed,
        })
        .collect();
    let result = EntryResult {
        entry_id: id.to_owned(),
        score: mean.map(to_hundredths),
        rank: None,
        award: None,
        steps: Steps {
            sheets,
            counted,
            trimmed,
            mean,
            tie_break: None,
            sum,
            top_criterion_sum,
            median,
            below_mean,
        },
    };
    ranking::Unranked {
        result,
        twice_median: twice_median.unwrap_or(0),
    }
}
