//! In-service degree study (在职学历进修): a cadre applies; their coordinator, then the
//! programme office, approve (or reject with a reason). Every decision is in the record's
//! trail. Tuition claims on an approved application are in `reimbursement`.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::idempotency::{IdempotencyKeyHeader, OptionalIfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_text, field_errors, trimmed};
use lt_http::{
    ApiError, Created, FieldError, IfMatch, Json, Page, PageQuery, Validate, create_once, etag,
};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{BASE, utc};
use crate::domain::kinds::DegreeLevel;
use crate::problems::WRONG_STATE;
use crate::store::audit;
use crate::store::degree::{self, ApplicationRow, NewApplication, application_status};

mod views;
pub use views::*;

/// Apply for in-service degree study.
#[utoipa::path(post, path = "/api/v1/training/degree-applications", tag = "degree study", security(("bearer" = [])),
    request_body = ApplicationRequest, params(IdempotencyKeyHeader),
    responses((status = 201, body = ApplicationView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["any signed-in person (for themself)"]))))]
pub async fn apply(
    store: web::Data<Store>,
    req: HttpRequest,
    caller: Caller,
    body: Json<ApplicationRequest>,
) -> Result<HttpResponse, ApiError> {
    let person = caller.person()?.clone();
    let request = body.into_inner();
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor.clone(), &request.clone(), move |tx| {
        let row = degree::insert_application(
            tx,
            &NewApplication {
                person_id: &person.id,
                org_unit_id: person.org_unit_id.as_deref(),
                programme: trimmed(&request.programme),
                institution: trimmed(&request.institution),
                level: request.level.as_str(),
                starts_on: request.starts_on,
                ends_on: request.ends_on,
            },
        )?;
        audit::record(tx, &actor, "degree_application.submitted", &row.id, &serde_json::json!({}))?;
        let view = application_view(tx.conn(), row)?;
        record_event(tx, "training.degree_application.submitted", &serde_json::json!({
            "application_id": view.id, "person_id": view.person_id, "org_unit_id": view.org_unit_id,
        }))?;
        Ok(Created { location: format!("{BASE}/degree-applications/{}", view.id), version: Some(view.version), body: view })
    })
    .await
}

/// The application, when the caller is its applicant, oversees its org unit, or is an admin.
pub(super) async fn visible_application(
    store: &Store,
    directory: &Directory,
    caller: &Caller,
    id: String,
) -> Result<ApplicationRow, ApiError> {
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(degree::find_application(conn, &id)?) })
        .await?;
    if caller.user.person_id() == Some(row.person_id.as_str()) || caller.is_admin() {
        return Ok(row);
    }
    let ancestry = lt_service::ancestry(directory, row.org_unit_id.clone()).await?;
    if caller.oversees(&ancestry) {
        Ok(row)
    } else {
        Err(ApiError::not_found())
    }
}

/// Read an application with its trail.
#[utoipa::path(get, path = "/api/v1/training/degree-applications/{application_id}", tag = "degree study", security(("bearer" = [])),
    responses((status = 200, body = ApplicationView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["the applicant", "coordinator (their subtree)", "admin"]))))]
pub async fn read(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    application_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let row = visible_application(&store, &directory, &caller, application_id.into_inner()).await?;
    let view = store.read(move |conn| application_view(conn, row)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicationFilter {
    #[param(pattern = "^(submitted|coordinator_approved|approved|rejected)$")]
    pub status: Option<String>,
}

/// Applications to decide or follow: a coordinator's subtree, or all for admins; the
/// caller's own otherwise.
#[utoipa::path(get, path = "/api/v1/training/degree-applications", tag = "degree study", security(("bearer" = [])),
    params(PageQuery, ApplicationFilter), responses((status = 200, body = Page<ApplicationView>), ReadErrors),
    extensions(("x-roles" = json!(["admin (all)", "coordinator (their subtree)", "any signed-in person (their own)"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
    filter: web::Query<ApplicationFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let status = filter.into_inner().status;
    let known = [
        application_status::SUBMITTED,
        application_status::COORDINATOR_APPROVED,
        application_status::APPROVED,
        application_status::REJECTED,
    ];
    if status.as_deref().is_some_and(|s| !known.contains(&s)) {
        return Err(
            ApiError::new(&lt_http::kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "status",
                "invalid",
                "submitted, coordinator_approved, approved or rejected",
            )]),
        );
    }
    let person = caller.person_id()?.to_owned();
    let (admin, coordinated) = (
        caller.is_admin(),
        caller.coordinated_unit().map(str::to_owned),
    );
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let units = match (&admin, &coordinated) {
                (false, Some(unit)) => Some(lt_directory::local::subtree(conn, unit)?),
                _ => None,
            };
            let own = (!admin && coordinated.is_none()).then_some(person.as_str());
            let rows = degree::list_applications(
                conn,
                own,
                units.as_deref(),
                status.as_deref(),
                page.after,
                page.fetch(),
            )?;
            Page::try_from_rows(rows, page, |r| r.seq, |r| application_view(conn, r))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// A decision on an application or a claim.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub decision: Verdict,
    /// Required when rejecting.
    #[schema(min_length = 1, max_length = 500, pattern = "\\S")]
    pub reason: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Approve,
    Reject,
}

impl Validate for Decision {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        match &self.reason {
            Some(reason) => check_text("reason", reason, 500, &mut errors),
            None if self.decision == Verdict::Reject => {
                errors.push(FieldError::new(
                    "reason",
                    "required",
                    "a rejection gives its reason",
                ));
            }
            None => {}
        }
        field_errors(errors)
    }
}

/// Decide an application. The first step (from `submitted`) is the applicant's
/// coordinator's: a coordinator over the applicant's org unit approves or rejects. The
/// second (from `coordinator_approved`) is the programme office's: an admin other than the
/// one who took the first step. An admin may also reject at the first step. Nobody decides
/// their own application. `If-Match` is optional: sent, it must name the current ETag.
#[utoipa::path(post, path = "/api/v1/training/degree-applications/{application_id}/decisions", tag = "degree study", security(("bearer" = [])),
    request_body = Decision, params(OptionalIfMatchHeader),
    responses((status = 200, body = ApplicationView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["coordinator (their subtree, first step)", "admin (second step; may reject at the first)"]))))]
pub async fn decide(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    application_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<Decision>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.optional()?;
    let row = visible_application(&store, &directory, &caller, application_id.into_inner()).await?;
    if caller.user.person_id() == Some(row.person_id.as_str()) {
        return Err(ApiError::forbidden().with_detail("nobody decides their own application"));
    }
    let ancestry = lt_service::ancestry(&directory, row.org_unit_id.clone()).await?;
    let deciders = Deciders {
        coordinator: caller.coordinates(&ancestry),
        admin: caller.is_admin(),
    };
    if !deciders.coordinator && !deciders.admin {
        return Err(ApiError::forbidden()
            .with_detail("decided by the applicant's coordinator, then the programme office"));
    }
    let decision = body.into_inner();
    let actor = caller.user.subject().into_owned();
    let view = store
        .write(move |tx| {
            let row = degree::find_application(tx.conn(), &row.id)?;
            precondition.check(row.version)?;
            let first_step_by = audit::for_target(tx.conn(), &row.id)?
                .into_iter()
                .find(|entry| entry.action == COORDINATOR_APPROVED)
                .map(|entry| entry.actor);
            let step = next_step(&row.status, decision.decision, deciders, first_step_by.as_deref(), &actor)?;
            let reason = decision.reason.as_deref().map(trimmed);
            let row = degree::decide_application(tx, &row, &row.status, step.to, reason)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            audit::record(tx, &actor, step.action, &row.id, &serde_json::json!({ "reason": reason }))?;
            record_event(tx, &format!("training.{}", step.action), &serde_json::json!({
                "application_id": row.id, "person_id": row.person_id, "org_unit_id": row.org_unit_id,
                "status": row.status, "reason": reason,
            }))?;
            application_view(tx.conn(), row)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

const COORDINATOR_APPROVED: &str = "degree_application.coordinator_approved";

/// What the caller may decide as: coordinator over the applicant, programme admin, or both.
#[derive(Clone, Copy, Debug)]
struct Deciders {
    coordinator: bool,
    admin: bool,
}

struct Step {
    to: &'static str,
    action: &'static str,
}

/// The transition a decision makes, or why the caller may not make it now.
fn next_step(
    status: &str,
    verdict: Verdict,
    deciders: Deciders,
    first_step_by: Option<&str>,
    actor: &str,
) -> Result<Step, ApiError> {
    let rejected = Step {
        to: application_status::REJECTED,
        action: "degree_application.rejected",
    };
    match (status, verdict) {
        (application_status::SUBMITTED, Verdict::Approve) if deciders.coordinator => Ok(Step {
            to: application_status::COORDINATOR_APPROVED,
            action: COORDINATOR_APPROVED,
        }),
        (application_status::SUBMITTED, Verdict::Approve) => Err(ApiError::forbidden()
            .with_detail("the applicant's coordinator takes the first decision")),
        (application_status::SUBMITTED, Verdict::Reject) => Ok(rejected),
        (application_status::COORDINATOR_APPROVED, _) if !deciders.admin => {
            Err(ApiError::forbidden().with_detail("the programme office takes the second decision"))
        }
        (application_status::COORDINATOR_APPROVED, _) if first_step_by == Some(actor) => {
            Err(ApiError::forbidden()
                .with_detail("the second decision is taken by someone other than the first"))
        }
        (application_status::COORDINATOR_APPROVED, Verdict::Approve) => Ok(Step {
            to: application_status::APPROVED,
            action: "degree_application.approved",
        }),
        (application_status::COORDINATOR_APPROVED, Verdict::Reject) => Ok(rejected),
        (state, _) => {
            Err(ApiError::new(&WRONG_STATE).with_detail(format!("the application is {state}")))
        }
    }
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![apply, list, read, decide]
}
