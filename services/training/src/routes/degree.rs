//! In-service degree study (在职学历进修) and tuition reimbursement (学费报销): a cadre
//! applies; their coordinator, then the programme office, approve (or reject with a reason);
//! on an approved application the cadre claims tuition, reimbursed under the policy (a share,
//! a yearly cap per cadre, in fen), decided by the programme office. Every decision is in
//! the record's trail.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use lt_auth::roles;
use lt_directory::Directory;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_range, check_text, field_errors, trimmed};
use lt_http::{ApiError, Created, FieldError, Json, Page, PageQuery, Validate, create_once, etag};
use lt_programme::Fen;
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{BASE, utc};
use crate::domain::kinds::DegreeLevel;
use crate::domain::policy::ReimbursementPolicy;
use crate::domain::reimbursement::reimbursable;
use crate::problems::{NOT_REIMBURSABLE, WRONG_STATE};
use crate::store::degree::{
    self, ApplicationRow, ClaimRow, NewApplication, NewClaim, application_status, claim_status,
};
use crate::store::{audit, policies};

/// One step of a record's trail.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct TrailEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub reason: Option<String>,
}

fn trail(conn: &mut lt_store::DbConnection, target: &str) -> Result<Vec<TrailEntry>, ApiError> {
    Ok(audit::for_target(conn, target)?
        .into_iter()
        .map(|row| TrailEntry {
            reason: serde_json::from_str::<serde_json::Value>(&row.details)
                .ok()
                .and_then(|d| d.get("reason").and_then(|r| r.as_str()).map(str::to_owned)),
            at: utc(row.at),
            actor: row.actor,
            action: row.action,
        })
        .collect())
}

/// An application for in-service degree study.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApplicationView {
    pub id: String,
    pub person_id: String,
    pub org_unit_id: Option<String>,
    pub programme: String,
    pub institution: String,
    pub level: DegreeLevel,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// `submitted` → `coordinator_approved` → `approved`; or `rejected`.
    pub status: String,
    pub decision_reason: Option<String>,
    /// Every decision, oldest first.
    pub trail: Vec<TrailEntry>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn application_view(
    conn: &mut lt_store::DbConnection,
    row: ApplicationRow,
) -> Result<ApplicationView, ApiError> {
    Ok(ApplicationView {
        level: DegreeLevel::parse(&row.level)
            .ok_or_else(|| anyhow::anyhow!("invalid degree level"))?,
        trail: trail(conn, &row.id)?,
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
        id: row.id,
        person_id: row.person_id,
        org_unit_id: row.org_unit_id,
        programme: row.programme,
        institution: row.institution,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        status: row.status,
        decision_reason: row.decision_reason,
        version: row.version,
    })
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationRequest {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub programme: String,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub institution: String,
    pub level: DegreeLevel,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl Validate for ApplicationRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("programme", &self.programme, 200, &mut errors);
        check_text("institution", &self.institution, 200, &mut errors);
        if self.ends_on <= self.starts_on {
            errors.push(FieldError::new(
                "ends_on",
                "out_of_range",
                "must be after starts_on",
            ));
        }
        if !(2000..=2100).contains(&self.starts_on.year())
            || !(2000..=2100).contains(&self.ends_on.year())
        {
            errors.push(FieldError::new(
                "starts_on",
                "out_of_range",
                "days between 2000 and 2100",
            ));
        }
        field_errors(errors)
    }
}

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
async fn visible_application(
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
            let page = Page::from_rows(rows, page, |r| r.seq, |r| r);
            let items = page
                .items
                .into_iter()
                .map(|r| application_view(conn, r))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Page {
                items,
                next_cursor: page.next_cursor,
            })
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

/// Decide an application: the applicant's coordinator first (or an admin), then the
/// programme office. Nobody decides their own application.
#[utoipa::path(post, path = "/api/v1/training/degree-applications/{application_id}/decisions", tag = "degree study", security(("bearer" = [])),
    request_body = Decision,
    responses((status = 200, body = ApplicationView), WriteErrors),
    extensions(("x-roles" = json!(["coordinator (their subtree, first step)", "admin"]))))]
pub async fn decide(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    application_id: web::Path<String>,
    body: Json<Decision>,
) -> Result<HttpResponse, ApiError> {
    let row = visible_application(&store, &directory, &caller, application_id.into_inner()).await?;
    if caller.user.person_id() == Some(row.person_id.as_str()) {
        return Err(ApiError::forbidden().with_detail("nobody decides their own application"));
    }
    if !caller.is_admin() && !caller.has_role(roles::COORDINATOR) {
        return Err(ApiError::forbidden()
            .with_detail("decided by the coordinator, then the programme office"));
    }
    let decision = body.into_inner();
    let actor = caller.user.subject().into_owned();
    let admin = caller.is_admin();
    let view = store
        .write(move |tx| {
            let row = degree::find_application(tx.conn(), &row.id)?;
            let (from, to, action) = match (row.status.as_str(), decision.decision, admin) {
                (application_status::SUBMITTED, Verdict::Approve, _) => (application_status::SUBMITTED, application_status::COORDINATOR_APPROVED, "degree_application.coordinator_approved"),
                (application_status::COORDINATOR_APPROVED, Verdict::Approve, true) => (application_status::COORDINATOR_APPROVED, application_status::APPROVED, "degree_application.approved"),
                (state @ (application_status::SUBMITTED | application_status::COORDINATOR_APPROVED), Verdict::Reject, is_admin)
                    if state == application_status::SUBMITTED || is_admin =>
                {
                    (state, application_status::REJECTED, "degree_application.rejected")
                }
                (application_status::COORDINATOR_APPROVED, _, false) => {
                    return Err(ApiError::forbidden().with_detail("the programme office takes the second decision"));
                }
                (state, _, _) => {
                    return Err(ApiError::new(&WRONG_STATE).with_detail(format!("the application is {state}")));
                }
            };
            let reason = decision.reason.as_deref().map(trimmed);
            let row = degree::decide_application(tx, &row, from, to, reason)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            audit::record(tx, &actor, action, &row.id, &serde_json::json!({ "reason": reason }))?;
            record_event(tx, &format!("training.{action}"), &serde_json::json!({
                "application_id": row.id, "person_id": row.person_id, "status": row.status, "reason": reason,
            }))?;
            application_view(tx.conn(), row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// A tuition reimbursement claim.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ClaimView {
    pub id: String,
    pub application_id: String,
    pub person_id: String,
    /// The year the tuition counts against the cap.
    pub year: i32,
    pub tuition_fen: Fen,
    /// `tuition × share`, rounded down to the fen.
    pub share_fen: Fen,
    /// What was left of the yearly cap when claimed.
    pub cap_left_fen: Fen,
    /// The lesser of the two: what is reimbursed when approved.
    pub reimbursable_fen: Fen,
    pub policy_version: i32,
    /// `submitted`, `approved` or `rejected`.
    pub status: String,
    pub decision_reason: Option<String>,
    pub trail: Vec<TrailEntry>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn claim_view(conn: &mut lt_store::DbConnection, row: ClaimRow) -> Result<ClaimView, ApiError> {
    Ok(ClaimView {
        trail: trail(conn, &row.id)?,
        tuition_fen: Fen(row.tuition_fen),
        share_fen: Fen(row.share_fen),
        cap_left_fen: Fen(row.cap_left_fen),
        reimbursable_fen: Fen(row.reimbursable_fen),
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
        id: row.id,
        application_id: row.application_id,
        person_id: row.person_id,
        year: row.year,
        policy_version: row.policy_version,
        status: row.status,
        decision_reason: row.decision_reason,
        version: row.version,
    })
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimRequest {
    /// Tuition paid, in fen (e.g. 680000 for ¥6,800.00).
    #[schema(value_type = i64, minimum = 1, maximum = 10000000000_i64)]
    pub tuition_fen: Fen,
    /// The year it counts against the cap; default: this year.
    #[serde(default, deserialize_with = "lt_http::extract::optional_integer")]
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}

impl Validate for ClaimRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.tuition_fen.0 < 1 || self.tuition_fen.0 > 10_000_000_000 {
            errors.push(FieldError::new(
                "tuition_fen",
                "out_of_range",
                "between 1 and 10000000000",
            ));
        }
        if let Some(year) = self.year {
            check_range("year", year, 2000..=2100, &mut errors);
        }
        field_errors(errors)
    }
}

/// Claim tuition on an approved application. The amount reimbursable is computed now, under
/// the reimbursement policy in force: its share of the tuition, at most what is left of the
/// cadre's yearly cap (claims awaiting a decision count against it).
#[utoipa::path(post, path = "/api/v1/training/degree-applications/{application_id}/reimbursement-claims", tag = "degree study", security(("bearer" = [])),
    request_body = ClaimRequest, params(IdempotencyKeyHeader),
    responses((status = 201, body = ClaimView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["the applicant"]))))]
pub async fn claim(
    store: web::Data<Store>,
    req: HttpRequest,
    caller: Caller,
    application_id: web::Path<String>,
    body: Json<ClaimRequest>,
) -> Result<HttpResponse, ApiError> {
    let person = caller.person_id()?.to_owned();
    let application_id = application_id.into_inner();
    let request = body.into_inner();
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor.clone(), &request.clone(), move |tx| {
        degree::lock_person_applications(tx, &person)?;
        let application = degree::find_application(tx.conn(), &application_id)?;
        if application.person_id != person {
            return Err(ApiError::not_found());
        }
        if application.status != application_status::APPROVED {
            return Err(ApiError::new(&NOT_REIMBURSABLE).with_detail("the application is not approved"));
        }
        let today = lt_programme::today();
        let policy = policies::in_force::<ReimbursementPolicy>(tx.conn(), today)?;
        let level = DegreeLevel::parse(&application.level).ok_or_else(|| anyhow::anyhow!("invalid degree level"))?;
        if !policy.document.eligible_levels.contains(&level) {
            return Err(ApiError::new(&NOT_REIMBURSABLE).with_detail("the policy does not reimburse this level"));
        }
        let year = request.year.unwrap_or_else(|| today.year());
        let already = Fen(degree::claimed_in_year(tx.conn(), &person, year)?);
        let amounts = reimbursable(&policy.document, request.tuition_fen, already);
        let row = degree::insert_claim(
            tx,
            &NewClaim {
                application_id: &application.id,
                person_id: &person,
                org_unit_id: application.org_unit_id.as_deref(),
                year,
                tuition_fen: request.tuition_fen.0,
                share_fen: amounts.share_fen.0,
                cap_left_fen: amounts.cap_left_fen.0,
                reimbursable_fen: amounts.reimbursable_fen.0,
                policy_version: policy.version,
            },
        )?;
        audit::record(tx, &actor, "reimbursement_claim.submitted", &row.id, &serde_json::json!({ "tuition_fen": row.tuition_fen }))?;
        record_event(tx, "training.reimbursement_claim.submitted", &serde_json::json!({
            "claim_id": row.id, "person_id": row.person_id, "reimbursable_fen": row.reimbursable_fen,
        }))?;
        let view = claim_view(tx.conn(), row)?;
        Ok(Created { location: format!("{BASE}/reimbursement-claims/{}", view.id), version: Some(view.version), body: view })
    })
    .await
}

async fn visible_claim(
    store: &Store,
    directory: &Directory,
    caller: &Caller,
    id: String,
) -> Result<ClaimRow, ApiError> {
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(degree::find_claim(conn, &id)?) })
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

/// Read a claim with its trail.
#[utoipa::path(get, path = "/api/v1/training/reimbursement-claims/{claim_id}", tag = "degree study", security(("bearer" = [])),
    responses((status = 200, body = ClaimView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["the claimant", "coordinator (their subtree)", "admin"]))))]
pub async fn read_claim(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    claim_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let row = visible_claim(&store, &directory, &caller, claim_id.into_inner()).await?;
    let view = store.read(move |conn| claim_view(conn, row)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// Claims: all for admins, the caller's own otherwise.
#[utoipa::path(get, path = "/api/v1/training/reimbursement-claims", tag = "degree study", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<ClaimView>), ReadErrors),
    extensions(("x-roles" = json!(["admin (all)", "any signed-in person (their own)"]))))]
pub async fn list_claims(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let own = if caller.is_admin() {
        None
    } else {
        Some(caller.person_id()?.to_owned())
    };
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = degree::list_claims(conn, own.as_deref(), None, page.after, page.fetch())?;
            let page = Page::from_rows(rows, page, |r| r.seq, |r| r);
            let items = page
                .items
                .into_iter()
                .map(|r| claim_view(conn, r))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Page {
                items,
                next_cursor: page.next_cursor,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Decide a claim (the programme office).
#[utoipa::path(post, path = "/api/v1/training/reimbursement-claims/{claim_id}/decisions", tag = "degree study", security(("bearer" = [])),
    request_body = Decision,
    responses((status = 200, body = ClaimView), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn decide_claim(
    store: web::Data<Store>,
    caller: Caller,
    claim_id: web::Path<String>,
    body: Json<Decision>,
) -> Result<HttpResponse, ApiError> {
    caller.user.require_role(roles::ADMIN)?;
    let decision = body.into_inner();
    let actor = caller.user.subject().into_owned();
    let id = claim_id.into_inner();
    let view = store
        .write(move |tx| {
            let row = degree::find_claim(tx.conn(), &id)?;
            if row.person_id == actor {
                return Err(ApiError::forbidden().with_detail("nobody decides their own claim"));
            }
            if row.status != claim_status::SUBMITTED {
                return Err(ApiError::new(&WRONG_STATE).with_detail(format!("the claim is {}", row.status)));
            }
            let (to, action) = match decision.decision {
                Verdict::Approve => (claim_status::APPROVED, "reimbursement_claim.approved"),
                Verdict::Reject => (claim_status::REJECTED, "reimbursement_claim.rejected"),
            };
            let reason = decision.reason.as_deref().map(trimmed);
            let row = degree::decide_claim(tx, &row, to, reason)?.ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            audit::record(tx, &actor, action, &row.id, &serde_json::json!({ "reason": reason, "reimbursable_fen": row.reimbursable_fen }))?;
            record_event(tx, &format!("training.{action}"), &serde_json::json!({
                "claim_id": row.id, "person_id": row.person_id, "reimbursable_fen": row.reimbursable_fen, "reason": reason,
            }))?;
            claim_view(tx.conn(), row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/api/v1/training/degree-applications",
        web::post().to(apply),
    )
    .route("/api/v1/training/degree-applications", web::get().to(list))
    .route(
        "/api/v1/training/degree-applications/{application_id}",
        web::get().to(read),
    )
    .route(
        "/api/v1/training/degree-applications/{application_id}/decisions",
        web::post().to(decide),
    )
    .route(
        "/api/v1/training/degree-applications/{application_id}/reimbursement-claims",
        web::post().to(claim),
    )
    .route(
        "/api/v1/training/reimbursement-claims",
        web::get().to(list_claims),
    )
    .route(
        "/api/v1/training/reimbursement-claims/{claim_id}",
        web::get().to(read_claim),
    )
    .route(
        "/api/v1/training/reimbursement-claims/{claim_id}/decisions",
        web::post().to(decide_claim),
    );
}
