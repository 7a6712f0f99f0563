//! Tuition reimbursement (学费报销): on an approved degree application the cadre claims
//! tuition, reimbursed under the policy (a share, a yearly cap per cadre, in fen) and decided
//! by the programme office. Every decision is in the claim's trail.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use lt_auth::roles;
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::idempotency::{IdempotencyKeyHeader, OptionalIfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_range, field_errors, trimmed};
use lt_http::{
    ApiError, Created, FieldError, IfMatch, Json, Page, PageQuery, Validate, create_once, etag,
};
use lt_programme::Fen;
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::degree::{Decision, TrailEntry, Verdict, trail};
use super::{BASE, utc};
use crate::domain::kinds::DegreeLevel;
use crate::domain::policy::{ReimbursementPolicy, governing_day};
use crate::domain::reimbursement::reimbursable;
use crate::problems::{NOT_REIMBURSABLE, WRONG_STATE};
use crate::store::degree::{
    self, ApplicationRow, ClaimRow, NewClaim, application_status, claim_status,
};
use crate::store::{audit, policies};

/// A tuition reimbursement claim.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ClaimView {
    pub id: String,
    pub application_id: String,
    pub person_id: String,
    /// The claimant's org unit when they claimed.
    pub org_unit_id: Option<String>,
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

pub(super) fn claim_view(
    conn: &mut lt_store::DbConnection,
    row: ClaimRow,
) -> Result<ClaimView, ApiError> {
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
        org_unit_id: row.org_unit_id,
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

/// Claim tuition on an approved application. `year` (default: this year) is a year of the
/// study period, not in the future. The amount reimbursable is computed now, under the
/// reimbursement policy of that year (in force on its last day, or today): its share of the
/// tuition, at most what is left of the cadre's yearly cap (claims awaiting a decision count
/// against it). The claim is stamped with the claimant's org unit now.
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
    let claimant = caller.person()?.clone();
    let person = claimant.id.clone();
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
        let year = claim_year(&application, request.year, today)?;
        let policy = policies::in_force::<ReimbursementPolicy>(tx.conn(), governing_day(year, today))?;
        let level = DegreeLevel::parse(&application.level).ok_or_else(|| anyhow::anyhow!("invalid degree level"))?;
        if !policy.document.eligible_levels.contains(&level) {
            return Err(ApiError::new(&NOT_REIMBURSABLE).with_detail("the policy does not reimburse this level"));
        }
        let already = Fen(degree::claimed_in_year(tx.conn(), &person, year)?);
        let amounts = reimbursable(&policy.document, request.tuition_fen, already);
        let row = degree::insert_claim(
            tx,
            &NewClaim {
                application_id: &application.id,
                person_id: &person,
                org_unit_id: claimant.org_unit_id.as_deref(),
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
            Page::try_from_rows(rows, page, |r| r.seq, |r| claim_view(conn, r))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Decide a claim (the programme office; nobody decides their own). `If-Match` is
/// optional: sent, it must name the current ETag.
#[utoipa::path(post, path = "/api/v1/training/reimbursement-claims/{claim_id}/decisions", tag = "degree study", security(("bearer" = [])),
    request_body = Decision, params(OptionalIfMatchHeader),
    responses((status = 200, body = ClaimView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn decide_claim(
    store: web::Data<Store>,
    caller: Caller,
    claim_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<Decision>,
) -> Result<HttpResponse, ApiError> {
    caller.user.require_role(roles::ADMIN)?;
    let precondition = if_match.optional()?;
    let decision = body.into_inner();
    let actor = caller.user.subject().into_owned();
    let id = claim_id.into_inner();
    let view = store
        .write(move |tx| {
            let row = degree::find_claim(tx.conn(), &id)?;
            precondition.check(row.version)?;
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
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// The year a claim counts in: the one asked for (default this year), which must be a year
/// of the study period and not in the future.
fn claim_year(
    application: &ApplicationRow,
    asked: Option<i32>,
    today: NaiveDate,
) -> Result<i32, ApiError> {
    let year = asked.unwrap_or_else(|| today.year());
    let first = application.starts_on.year();
    let last = application.ends_on.year().min(today.year());
    if (first..=last).contains(&year) {
        return Ok(year);
    }
    let message = if first > last {
        "the study has not started yet".to_owned()
    } else {
        format!("a year of the study period up to now: {first} to {last}")
    };
    Err(ApiError::validation(vec![FieldError::new(
        "year",
        "out_of_range",
        &message,
    )]))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![claim, list_claims, read_claim, decide_claim]
}
