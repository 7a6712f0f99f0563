//! `/api/v1/contest/calendar`: the working-day calendar 公示 is counted on. The programme
//! office lists the days that differ from the weekday rule — holidays on weekdays, make-up
//! working days (调休) on weekends — each year as the State Council publishes them.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use lt_http::Endpoints;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_optional_text, field_errors};
use lt_http::{ApiError, FieldError, Json, Validate, kinds};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::utc;
use crate::access::require_admin;
use crate::domain::calendar::DayKind;
use crate::store::calendar::{self, DayRow};

/// A listed day.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct DayView {
    pub date: NaiveDate,
    /// `holiday` or `workday`.
    pub kind: String,
    pub note: Option<String>,
    pub updated_at: DateTime<Utc>,
}

impl From<DayRow> for DayView {
    fn from(r: DayRow) -> Self {
        Self {
            date: r.day,
            kind: r.kind,
            note: r.note,
            updated_at: utc(r.updated_at),
        }
    }
}

/// How a day differs from the weekday rule.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayBody {
    /// `holiday` (a day off) or `workday` (a make-up working day, 调休).
    #[schema(pattern = "^(holiday|workday)$")]
    pub kind: String,
    /// E.g. 国庆节, 国庆调休.
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub note: Option<String>,
}

impl Validate for DayBody {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if DayKind::parse(&self.kind).is_none() {
            errors.push(FieldError::new("kind", "invalid", "holiday or workday"));
        }
        check_optional_text("note", self.note.as_deref(), 100, &mut errors);
        field_errors(errors)
    }
}

fn day_of(text: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .ok_or_else(|| {
            ApiError::new(&kinds::BAD_REQUEST).with_errors(vec![FieldError::new(
                "date",
                "invalid",
                "a day such as 2026-10-01",
            )])
        })
}

/// List a day as a holiday or a make-up working day (the programme office). Affects 公示
/// periods that start afterwards; a running 公示 keeps its last day.
#[utoipa::path(put, path = "/api/v1/contest/calendar/{date}", tag = "calendar", security(("bearer" = [])),
    params(("date" = NaiveDate, Path, description = "The day, YYYY-MM-DD")),
    request_body = DayBody, responses((status = 200, body = DayView), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn put(
    store: web::Data<Store>,
    caller: Caller,
    date: web::Path<String>,
    body: Json<DayBody>,
) -> Result<HttpResponse, ApiError> {
    let day = day_of(&date)?;
    require_admin(&caller)?;
    let actor = caller.user.subject().into_owned();
    let request = body.into_inner();
    let kind = DayKind::parse(&request.kind).ok_or_else(|| {
        ApiError::validation(vec![FieldError::new(
            "kind",
            "invalid",
            "holiday or workday",
        )])
    })?;
    let view = store
        .write(move |tx| {
            calendar::put(tx, day, kind, request.note.as_deref(), &actor)?;
            let view =
                DayView::from(calendar::find(tx.conn(), day)?.ok_or_else(ApiError::not_found)?);
            record_event(tx, "contest.calendar.day_set", &view)?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Remove a listed day: it follows the weekday rule again (the programme office).
#[utoipa::path(delete, path = "/api/v1/contest/calendar/{date}", tag = "calendar", security(("bearer" = [])),
    params(("date" = NaiveDate, Path, description = "The day, YYYY-MM-DD")),
    responses((status = 204), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn remove(
    store: web::Data<Store>,
    caller: Caller,
    date: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let day = day_of(&date)?;
    require_admin(&caller)?;
    store
        .write(move |tx| {
            if !calendar::remove(tx, day)? {
                return Err(ApiError::not_found());
            }
            record_event(
                tx,
                "contest.calendar.day_removed",
                &serde_json::json!({ "date": day }),
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The year (default: this year, Asia/Shanghai).
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}

/// The listed days of a year, in order (everyone signed in).
#[utoipa::path(get, path = "/api/v1/contest/calendar", tag = "calendar", security(("bearer" = [])),
    params(YearQuery), responses((status = 200, body = Vec<DayView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<YearQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.person_id()?;
    let year = query.year.unwrap_or_else(|| lt_programme::today().year());
    let (Some(from), Some(until)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year + 1, 1, 1),
    ) else {
        return Err(
            ApiError::new(&kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "year",
                "out_of_range",
                "2000 to 2100",
            )]),
        );
    };
    if !(2000..=2100).contains(&year) {
        return Err(
            ApiError::new(&kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "year",
                "out_of_range",
                "2000 to 2100",
            )]),
        );
    }
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(calendar::between(conn, from, until)?
                .into_iter()
                .map(DayView::from)
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![list, put, remove]
}
