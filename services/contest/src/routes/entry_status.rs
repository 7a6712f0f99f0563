//! An entry's moves: its author submits it (while submission is open) or withdraws it
//! (before judging); an organiser disqualifies a submitted one, with a reason, until
//! results are final. Withdrawn and disqualified entries leave tombstones in the changes
//! feed and drop out of judging and results.

use actix_web::{HttpResponse, web};
use lt_http::Endpoints;
use lt_http::openapi::WriteErrors;
use lt_http::validation::{check_text, field_errors, trimmed};
use lt_http::{ApiError, FieldError, Json, Validate, etag};
use lt_service::Caller;
use lt_store::{Store, WriteTx, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::entries::{EntryView, check_open};
use crate::access::{Runner, require_organiser};
use crate::domain::phase::Phase;
use crate::problems::{ENTRY_STATE, WRONG_PHASE};
use crate::store::contests;
use crate::store::entries::{self, EntryRow, status};

fn own_entry(tx: &mut WriteTx<'_>, id: &str, me: &str) -> Result<EntryRow, ApiError> {
    let row = entries::find(tx.conn(), id)?;
    if row.person_id != me {
        return Err(ApiError::not_found());
    }
    Ok(row)
}

fn moved(
    tx: &mut WriteTx<'_>,
    row: &EntryRow,
    to: &str,
    reason: Option<&str>,
    event: &str,
) -> Result<EntryView, ApiError> {
    contests::touch_scoring(tx, &row.contest_id)?;
    let row = entries::set_status(tx, row, row.version, to, reason)?
        .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
    let view = EntryView::of(row)?;
    record_event(tx, event, &view)?;
    Ok(view)
}

fn state_error(row: &EntryRow, wanted: &str) -> ApiError {
    ApiError::new(&ENTRY_STATE).with_detail(format!("the entry is {}; {wanted}", row.status))
}

/// Submit a draft entry (its author; while submission is open).
#[utoipa::path(post, path = "/api/v1/contest/entries/{entry_id}/submission", tag = "entries", security(("bearer" = [])),
    responses((status = 200, body = EntryView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["its author"]))))]
pub async fn submit(
    store: web::Data<Store>,
    caller: Caller,
    entry_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let id = entry_id.into_inner();
    let view = store
        .write(move |tx| {
            let row = own_entry(tx, &id, &me)?;
            if row.status != status::DRAFT {
                return Err(state_error(&row, "only a draft is submitted"));
            }
            check_open(&contests::find(tx.conn(), &row.contest_id)?)?;
            moved(tx, &row, status::SUBMITTED, None, "contest.entry.submitted")
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// Withdraw an entry (its author; before judging opens).
#[utoipa::path(post, path = "/api/v1/contest/entries/{entry_id}/withdrawal", tag = "entries", security(("bearer" = [])),
    responses((status = 200, body = EntryView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["its author"]))))]
pub async fn withdraw(
    store: web::Data<Store>,
    caller: Caller,
    entry_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let id = entry_id.into_inner();
    let view = store
        .write(move |tx| {
            let row = own_entry(tx, &id, &me)?;
            if row.status != status::DRAFT && row.status != status::SUBMITTED {
                return Err(state_error(
                    &row,
                    "only a draft or submitted entry is withdrawn",
                ));
            }
            let contest = contests::find(tx.conn(), &row.contest_id)?;
            if contest.phase != Phase::Submission.as_str() {
                return Err(ApiError::new(&WRONG_PHASE)
                    .with_detail("entries are withdrawn before judging opens"));
            }
            moved(tx, &row, status::WITHDRAWN, None, "contest.entry.withdrawn")
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// Why an entry is disqualified.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Disqualification {
    #[schema(min_length = 1, max_length = 1000, pattern = "\\S")]
    pub reason: String,
}

impl Validate for Disqualification {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("reason", &self.reason, 1000, &mut errors);
        field_errors(errors)
    }
}

/// Disqualify a submitted entry, with a reason (organisers; until results are final).
#[utoipa::path(post, path = "/api/v1/contest/entries/{entry_id}/disqualification", tag = "entries", security(("bearer" = [])),
    request_body = Disqualification,
    responses((status = 200, body = EntryView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (runs the contest)"]))))]
pub async fn disqualify(
    store: web::Data<Store>,
    caller: Caller,
    entry_id: web::Path<String>,
    body: Json<Disqualification>,
) -> Result<HttpResponse, ApiError> {
    require_organiser(&caller)?;
    let runner = Runner::of(&caller);
    let id = entry_id.into_inner();
    let reason = trimmed(&body.reason).to_owned();
    let view = store
        .write(move |tx| {
            let row = entries::find(tx.conn(), &id)?;
            let contest = contests::lock(tx, &row.contest_id)?;
            runner.require(tx.conn(), &contest)?;
            let row = entries::find(tx.conn(), &id)?;
            if row.status != status::SUBMITTED {
                return Err(state_error(&row, "only a submitted entry is disqualified"));
            }
            if contest.phase == Phase::Final.as_str() {
                return Err(ApiError::new(&WRONG_PHASE).with_detail("results are final"));
            }
            moved(
                tx,
                &row,
                status::DISQUALIFIED,
                Some(&reason),
                "contest.entry.disqualified",
            )
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![submit, withdraw, disqualify]
}
