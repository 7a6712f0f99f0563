//! Changes feeds for reporting tools and the OA system: records created or changed since a
//! cursor (or an instant), with tombstones, in commit order. Admins and `reports:read`.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use lt_http::Endpoints;
use lt_http::openapi::ReadErrors;
use lt_http::{ApiError, ChangesPage, ChangesQuery};
use lt_programme::Hours;
use lt_service::Caller;
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::courses::CourseView;
use super::degree::{self, ApplicationView};
use super::enrolments::{self, EnrolmentView};
use super::reimbursement::{self, ClaimView};
use super::sessions::{self, SessionView};
use super::utc;
use crate::store::{
    courses as course_store, credits, degree as degree_store, enrolments as enrolment_store,
    sessions as session_store,
};

/// An amount of hours credited, with the policy version that produced it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CreditView {
    pub id: String,
    pub person_id: String,
    /// The person's org unit when credited.
    pub org_unit_id: Option<String>,
    /// The year it counts in.
    pub year: i32,
    pub day: NaiveDate,
    pub activity: String,
    pub mechanism: String,
    pub online: bool,
    pub hours: Hours,
    /// `enrolment` or `self_study`, and its id.
    pub source_kind: String,
    pub source_id: String,
    pub carried_over: bool,
    pub policy_version: i32,
    pub title: String,
    pub created_at: DateTime<Utc>,
}

impl From<credits::CreditRow> for CreditView {
    fn from(r: credits::CreditRow) -> Self {
        Self {
            hours: Hours(r.hours),
            created_at: utc(r.created_at),
            id: r.id,
            person_id: r.person_id,
            org_unit_id: r.org_unit_id,
            year: r.year,
            day: r.day,
            activity: r.activity,
            mechanism: r.mechanism,
            online: r.online,
            source_kind: r.source_kind,
            source_id: r.source_id,
            carried_over: r.carried_over,
            policy_version: r.policy_version,
            title: r.title,
        }
    }
}

/// Courses changed since a cursor or instant.
#[utoipa::path(get, path = "/api/v1/training/courses/changes", tag = "extraction", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<CourseView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:reports:read"]))))]
pub async fn courses(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_extractor()?;
    lt_http::changes::feed(&store, &query, |_, r: course_store::CourseRow| {
        CourseView::from_row(r)
    })
    .await
}

/// Sessions changed since a cursor or instant (seat counts included).
#[utoipa::path(get, path = "/api/v1/training/sessions/changes", tag = "extraction", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<SessionView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:reports:read"]))))]
pub async fn sessions(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_extractor()?;
    lt_http::changes::feed(&store, &query, |conn, r: session_store::SessionRow| {
        sessions::view(conn, r)
    })
    .await
}

/// Enrolments changed since a cursor or instant (withdrawn ones keep their record, with
/// their status).
#[utoipa::path(get, path = "/api/v1/training/enrolments/changes", tag = "extraction", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<EnrolmentView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:reports:read"]))))]
pub async fn enrolment_changes(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_extractor()?;
    lt_http::changes::feed(&store, &query, |conn, r: enrolment_store::EnrolmentRow| {
        enrolments::view(conn, r)
    })
    .await
}

/// Hours credited since a cursor or instant.
#[utoipa::path(get, path = "/api/v1/training/hour-credits/changes", tag = "extraction", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<CreditView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:reports:read"]))))]
pub async fn credit_changes(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_extractor()?;
    lt_http::changes::feed(&store, &query, |_, r: credits::CreditRow| {
        Ok(CreditView::from(r))
    })
    .await
}

/// Degree-study applications changed since a cursor or instant (decisions included).
#[utoipa::path(get, path = "/api/v1/training/degree-applications/changes", tag = "extraction", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<ApplicationView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:reports:read"]))))]
pub async fn application_changes(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_extractor()?;
    lt_http::changes::feed(&store, &query, |conn, r: degree_store::ApplicationRow| {
        degree::application_view(conn, r)
    })
    .await
}

/// Reimbursement claims changed since a cursor or instant (decisions included).
#[utoipa::path(get, path = "/api/v1/training/reimbursement-claims/changes", tag = "extraction", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<ClaimView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:reports:read"]))))]
pub async fn claim_changes(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_extractor()?;
    lt_http::changes::feed(&store, &query, |conn, r: degree_store::ClaimRow| {
        reimbursement::claim_view(conn, r)
    })
    .await
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![
        courses,
        sessions,
        enrolment_changes,
        credit_changes,
        application_changes,
        claim_changes
    ]
}
