//! A reader's figures in a period, from their logs: the totals and each month's (for
//! `me/stats`, a family member's stats, the learning record and the campaign progress).

use lt_programme::Period;
use lt_store::DbConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::store::logs::{self, Totals};

/// One month's reading.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct MonthStats {
    /// `2026-03`.
    pub month: String,
    pub pages: i64,
    pub minutes: i64,
    pub books_finished: i64,
}

/// Reading in a period.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct StatsView {
    pub period: Period,
    pub pages: i64,
    pub minutes: i64,
    pub books_finished: i64,
    /// Days with at least one log.
    pub days_read: i64,
    pub logs: i64,
    /// Months of the period with reading, in order.
    pub months: Vec<MonthStats>,
}

/// What `reader` (`SELF` or a family member id) of `person_id` read in `period`.
pub fn stats_of(
    conn: &mut DbConnection,
    person_id: &str,
    reader: &str,
    period: Period,
) -> diesel::QueryResult<StatsView> {
    let rows = logs::reader_months(
        conn,
        person_id,
        reader,
        period.first_day(),
        period.end_day(),
    )?;
    let mut total = Totals::default();
    let mut months: Vec<(i32, Totals)> = Vec::new();
    let mut days = std::collections::BTreeSet::new();
    for (month, amounts, day) in rows {
        total += amounts;
        days.insert(day);
        match months.last_mut() {
            Some((m, sum)) if *m == month => *sum += amounts,
            _ => months.push((month, amounts)),
        }
    }
    Ok(StatsView {
        period,
        pages: total.pages,
        minutes: total.minutes,
        books_finished: total.books_finished,
        days_read: i64::try_from(days.len()).unwrap_or(i64::MAX),
        logs: total.logs,
        months: months
            .into_iter()
            .map(|(key, t)| MonthStats {
                month: format!("{}-{:02}", key / 100, key % 100),
                pages: t.pages,
                minutes: t.minutes,
                books_finished: t.books_finished,
            })
            .collect(),
    })
}
