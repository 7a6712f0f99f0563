//! `/api/v1/programme/archive/…`: a cadre's learning archive (学习档案) for a period, from
//! every service's record: JSON, CSV (`format=csv` or `Accept: text/csv`, UTF-8 with BOM),
//! or a printable page (`format=html`) for the paper archive a unit keeps. Readable by the
//! cadre, coordinators over the cadre's unit and admins; anyone else gets 404. With a
//! service down or slow (beyond `PROGRAMME_SOURCE_TIMEOUT_MS`, 3 s by default) the archive
//! is answered without it and names it in `unavailable`. Never cached: each request reads
//! every source once.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use lt_directory::Directory;
use lt_directory::local::Person;
use lt_http::openapi::ReadErrors;
use lt_http::{ApiError, Endpoints, FieldError, kinds};
use lt_service::Caller;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::background::Sources;
use crate::domain::archive::{Archive, ArchivePerson, compose};
use crate::domain::printable::{ItemRow, html};
use crate::operations::compose::records;

/// `?period=&format=` of an archive.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArchiveQuery {
    /// `2026`, `2026-H1`, `2026-Q4` or `2026-12` (Asia/Shanghai); default: this year.
    #[param(pattern = r"^\d{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?$")]
    pub period: Option<String>,
    /// `json` (default), `csv`, or `html` for the printable page.
    #[param(pattern = "^(json|csv|html)$")]
    pub format: Option<String>,
}

async fn answer(
    req: &HttpRequest,
    directory: &Directory,
    sources: &Sources,
    person: Person,
    query: &ArchiveQuery,
) -> Result<HttpResponse, ApiError> {
    let format = query.format.as_deref().unwrap_or("json");
    if !matches!(format, "json" | "csv" | "html") {
        return Err(
            ApiError::new(&kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "format",
                "invalid",
                "json, csv or html",
            )]),
        );
    }
    let period = lt_service::reports::period_of(query.period.as_deref())?;
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let unit_name = match &person.org_unit_id {
        Some(unit) => directory.org_unit(unit).await?.map(|u| u.name),
        None => None,
    };
    let found = records(sources, &bearer, &person.id, period).await;
    let archive = compose(
        ArchivePerson {
            id: person.id,
            name: person.name,
            employee_no: person.employee_no,
            org_unit_id: person.org_unit_id,
            org_unit_name: unit_name,
            rank: person.rank,
        },
        period,
        found,
    );
    if format == "html" {
        return Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "private, no-store"))
            .body(html(&archive)));
    }
    let rows: Vec<ItemRow<'_>> = archive.items.iter().map(ItemRow).collect();
    let file = format!(
        "archive-{}-{}.csv",
        archive.person.employee_no, archive.period
    );
    Ok(lt_http::csv::answer(req, &archive, &file, &rows))
}

/// The caller's own archive.
#[utoipa::path(get, path = "/api/v1/programme/archive/me", tag = "archive", security(("bearer" = [])),
    params(ArchiveQuery),
    responses((status = 200, description = "The archive: JSON, CSV (UTF-8 with BOM) or the printable page, as asked", content((Archive = "application/json"), (String = "text/csv"), (String = "text/html"))), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person (their own)"]))))]
pub async fn mine(
    req: HttpRequest,
    directory: web::Data<Directory>,
    sources: web::Data<Sources>,
    caller: Caller,
    query: web::Query<ArchiveQuery>,
) -> Result<HttpResponse, ApiError> {
    let person = caller.person()?.clone();
    answer(&req, &directory, &sources, person, &query).await
}

/// A cadre's archive: the cadre, coordinators over their unit, admins (anyone else 404).
#[utoipa::path(get, path = "/api/v1/programme/archive/people/{person_id}", tag = "archive", security(("bearer" = [])),
    params(ArchiveQuery),
    responses((status = 200, description = "The archive: JSON, CSV (UTF-8 with BOM) or the printable page, as asked", content((Archive = "application/json"), (String = "text/csv"), (String = "text/html"))), ReadErrors),
    extensions(("x-roles" = json!(["the person", "coordinator (their subtree)", "admin"]))))]
pub async fn of_person(
    req: HttpRequest,
    directory: web::Data<Directory>,
    sources: web::Data<Sources>,
    caller: Caller,
    person_id: web::Path<String>,
    query: web::Query<ArchiveQuery>,
) -> Result<HttpResponse, ApiError> {
    let person = lt_service::overseen_person(&directory, &caller, &person_id).await?;
    answer(&req, &directory, &sources, person, &query).await
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![mine, of_person]
}
