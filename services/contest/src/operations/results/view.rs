//! How results travel: a round's results with every step, as computed (`super::Standings`
//! renders these a page at a time) and as published (stored as this JSON).

use std::ops::Range;

use chrono::{DateTime, Utc};
use lt_programme::format_scaled;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::aggregation::INTERNAL_SCALE;
use crate::domain::setup::Aggregation;

/// One sheet's part in a result. Outside the programme office and organisers, judges are
/// shown by number only (`judge_id` absent).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SheetStepView {
    /// 1, 2, … in judge order within the entry.
    pub judge_no: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judge_id: Option<String>,
    /// Weighted total on the 0–100 scale.
    pub total: String,
    /// The z-score method's rescaled value.
    pub normalised: Option<String>,
    /// False for a trainee judge's sheet: shown, never counted.
    pub counts: bool,
    /// Left out by trimming.
    pub trimmed: bool,
}

/// How an entry's result came about.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct StepsView {
    pub sheets: Vec<SheetStepView>,
    /// Sheets that entered the mean.
    pub counted: usize,
    /// The unrounded mean, to four places.
    pub mean: Option<String>,
    /// The rule that separated this entry from an equal mean: `top_criterion`, `median`,
    /// `fewer_below_mean`, or `shared` (rank shared).
    pub tie_break: Option<String>,
}

/// An entry's result.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct EntryResultView {
    pub entry_id: String,
    pub title: String,
    pub track: Option<String>,
    /// The entrant's name (a team: its contact; a department: its name), absent for judges
    /// of a blind contest.
    pub entrant: Option<String>,
    pub org_unit_id: Option<String>,
    /// Exact decimal text, two places, on the 0–100 scale; absent without a counted sheet.
    pub score: Option<String>,
    /// 1 = best within the track; shared by entries still equal after every tie-break.
    pub rank: Option<u32>,
    pub award: Option<String>,
    pub steps: StepsView,
}

/// A round's results.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ResultsView {
    pub contest_id: String,
    pub round_no: i32,
    pub round_name: String,
    pub aggregation: Aggregation,
    /// `live` (computed now, organisers only), `notice` (as published at 公示) or `final`.
    pub stage: String,
    pub computed_at: DateTime<Utc>,
    /// Entries in the round's results (every page).
    #[serde(default)]
    pub total: usize,
    /// By track, then rank; unscored entries last. One page of them (`limit`, default 50);
    /// the CSV export holds all.
    pub results: Vec<EntryResultView>,
    /// The next page's cursor; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

impl ResultsView {
    /// The page of results after position `after` (0: the first), `limit` long (only that
    /// page is copied).
    pub fn page(&self, after: i64, limit: i64) -> Self {
        let (range, next_cursor) = page_bounds(self.results.len(), after, limit);
        Self {
            contest_id: self.contest_id.clone(),
            round_no: self.round_no,
            round_name: self.round_name.clone(),
            aggregation: self.aggregation,
            stage: self.stage.clone(),
            computed_at: self.computed_at,
            total: self.results.len(),
            results: self
                .results
                .get(range)
                .map(<[EntryResultView]>::to_vec)
                .unwrap_or_default(),
            next_cursor,
        }
    }

    /// The view for someone outside the programme office and organisers: judges by number.
    pub fn without_judges(mut self) -> Self {
        for result in &mut self.results {
            for sheet in &mut result.steps.sheets {
                sheet.judge_id = None;
            }
        }
        self
    }
}

/// Internal fixed point as text with four places, rounded half up.
pub fn four_places(value: i128) -> String {
    let step = INTERNAL_SCALE / 10_000;
    let rounded = (value + step / 2).div_euclid(step);
    format_scaled(i64::try_from(rounded).unwrap_or(i64::MAX), 4)
}

/// The positions of the page after position `after`, `limit` long, among `len` results, and
/// the next page's cursor (none on the last page).
pub fn page_bounds(len: usize, after: i64, limit: i64) -> (Range<usize>, Option<String>) {
    let start = usize::try_from(after).unwrap_or(usize::MAX).min(len);
    let end = start
        .saturating_add(usize::try_from(limit).unwrap_or(0))
        .min(len);
    let next = (end < len)
        .then(|| lt_http::pagination::encode_cursor(i64::try_from(end).unwrap_or(i64::MAX)));
    (start..end, next)
}
