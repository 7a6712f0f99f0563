//! `/api/v1/reading/me/stats`: a cadre's own reading in a period (a year, half, quarter or
//! month), with each month's figures — computed from their logs.

use actix_web::{HttpResponse, web};
use lt_http::ApiError;
use lt_http::Endpoints;
use lt_http::openapi::ReadErrors;
use lt_service::Caller;
use lt_store::Store;

use crate::store::logs::SELF;

pub use crate::operations::stats::{MonthStats, StatsView, stats_of};

pub use lt_service::reports::PeriodQuery;

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
