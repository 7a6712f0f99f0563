//! `/api/v1/reading/me/stats`: a cadre's own reading in a period (a year, half, quarter or
//! month), with each month's figures — computed from their logs.

use actix_web::{HttpResponse, web};
use lt_http::ApiError;
use lt_http::Endpoints;
use lt_http::openapi::ReadErrors;
use lt_programme::Period;
use lt_service::Caller;
use lt_store::{DbConnection, Store};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::store::logs::{self, SELF, Totals};

pub use lt_service::reports::PeriodQuery;

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

/// The caller's own reading in a period.
#[utoipa::path(get, path = "/api/v1/reading/me/stats", tag = "logs", security(("bearer" = [])),
    params(PeriodQuery), responses((status = 200, body = StatsView), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn mine(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = query.resolve()?;
    let person = caller.person_id()?.to_owned();
    let view = store
        .read(move |conn| -> Result<_, ApiError> { Ok(stats_of(conn, &person, SELF, period)?) })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![mine]
}
