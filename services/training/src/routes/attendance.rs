//! Attendance: rotating venue check-in codes (shown as a QR code at the venue), check-in
//! from the phone, attendance marked by the organiser, approved leave (too much leave during
//! full-time training withdraws the cadre), and assessment results.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Duration, Utc};
use lt_http::idempotency::IfMatchHeader;
use lt_http::openapi::WriteErrors;
use lt_http::validation::{check_text, field_errors, trimmed};
use lt_http::{ApiError, FieldError, IfMatch, Json, Validate, etag};
use lt_programme::Hours;
use lt_service::Caller;
use lt_store::{Store, now_utc, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::enrolments::{EnrolmentView, view};
use super::sessions::managed_session;
use super::utc;
use crate::domain::attendance::{self, Attendance, CheckInWindow, leave_exceeds_limit};
use crate::domain::policy::AttendancePolicy;
use crate::problems::{
    CHECK_IN_CLOSED, CHECK_IN_CODE_EXPIRED, CHECK_IN_CODE_OTHER_SESSION, CHECK_IN_CODE_UNKNOWN,
    NOT_ACTIVE, NOT_ENROLLED, SESSION_CANCELLED,
};
use crate::seats;
use crate::store::enrolments::{self, EnrolmentChange, status};
use crate::store::sessions::{self, CANCELLED};
use crate::store::{audit, check_ins, courses, new_id, policies, schema};

/// A check-in code to show at the venue.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CheckInCodeView {
    pub code: String,
    pub session_id: String,
    pub expires_at: DateTime<Utc>,
    /// How long each code is valid (the display asks for a new one before it expires).
    pub valid_seconds: u32,
}

/// Issue a fresh check-in code for a session (valid for the attendance policy's time, 60 s by
/// default; the venue display asks for the next one as it runs out).
#[utoipa::path(post, path = "/api/v1/training/sessions/{session_id}/check-in-codes", tag = "attendance", security(("bearer" = [])),
    responses((status = 201, body = CheckInCodeView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn issue_code(
    store: web::Data<Store>,
    caller: Caller,
    session_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (session, _) = managed_session(&store, &caller, session_id.into_inner()).await?;
    if session.status == CANCELLED {
        return Err(ApiError::new(&SESSION_CANCELLED));
    }
    let issuer = caller.user.subject().into_owned();
    let issued = store
        .write(move |tx| {
            let day = lt_programme::day_of(utc(session.starts_at));
            let policy = policies::in_force::<AttendancePolicy>(tx.conn(), day)?.document;
            let now = now_utc();
            let expires_at = now + Duration::seconds(i64::from(policy.check_in_code_seconds));
            for _ in 0..8 {
                let code = attendance::new_code()
                    .map_err(|e| anyhow::anyhow!("random check-in code: {e}"))?;
                if check_ins::insert(tx, &code, &session.id, &issuer, now, expires_at)? {
                    return Ok(CheckInCodeView {
                        code,
                        session_id: session.id.clone(),
                        expires_at: utc(expires_at),
                        valid_seconds: policy.check_in_code_seconds,
                    });
                }
            }
            Err(ApiError::Unexpected(anyhow::anyhow!(
                "no free check-in code after 8 tries"
            )))
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/training/sessions/{}", issued.session_id),
        ))
        .json(issued))
}

/// A check-in with the code shown at the venue.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInRequest {
    /// As shown at the venue (case and surrounding spaces do not matter).
    #[schema(min_length = 1, max_length = 32, pattern = "\\S")]
    pub code: String,
    /// The session the cadre means to check in to, when the app knows it: a code of another
    /// session is then refused.
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub session_id: Option<String>,
}

impl Validate for CheckInRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("code", &self.code, 32, &mut errors);
        if let Some(session) = &self.session_id {
            check_text("session_id", session, 100, &mut errors);
        }
        field_errors(errors)
    }
}

/// A recorded check-in.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CheckInView {
    pub enrolment_id: String,
    pub session_id: String,
    /// `on_time` (by the start) or `late`.
    pub status: Attendance,
    pub checked_in_at: DateTime<Utc>,
}

fn code_error(kind: &'static lt_http::ProblemKind, message: &str) -> ApiError {
    ApiError::new(kind).with_errors(vec![FieldError::new("code", "invalid", message)])
}

/// Check in to a session with the code shown at the venue: from the policy's time before the
/// start (30 minutes by default) until its time after (30 minutes); after the start the
/// check-in is recorded as late. Checking in again answers the first check-in.
#[utoipa::path(post, path = "/api/v1/training/check-ins", tag = "attendance", security(("bearer" = [])),
    request_body = CheckInRequest,
    responses((status = 200, body = CheckInView), WriteErrors),
    extensions(("x-roles" = json!(["cadre enrolled in the session"]))))]
pub async fn check_in(
    store: web::Data<Store>,
    caller: Caller,
    body: Json<CheckInRequest>,
) -> Result<HttpResponse, ApiError> {
    let person = caller.person_id()?.to_owned();
    let request = body.into_inner();
    let code = attendance::normalise_code(&request.code);
    let expected = request.session_id.as_deref().map(|s| trimmed(s).to_owned());
    let recorded = store
        .write(move |tx| {
            let now = now_utc();
            let issued = check_ins::find(tx.conn(), &code)?
                .ok_or_else(|| code_error(&CHECK_IN_CODE_UNKNOWN, "no such check-in code"))?;
            if expected.as_ref().is_some_and(|s| *s != issued.session_id) {
                return Err(code_error(
                    &CHECK_IN_CODE_OTHER_SESSION,
                    "the code belongs to another session",
                ));
            }
            if now > issued.expires_at {
                return Err(code_error(
                    &CHECK_IN_CODE_EXPIRED,
                    "the code has expired: scan the one shown now",
                ));
            }
            let session = sessions::find(tx.conn(), &issued.session_id)?;
            if session.status == CANCELLED {
                return Err(ApiError::new(&SESSION_CANCELLED));
            }
            let enrolment = enrolments::of_person(tx.conn(), &session.id, &person)?
                .filter(|e| e.status == status::ENROLLED || e.status == status::COMPLETED)
                .ok_or_else(|| ApiError::new(&NOT_ENROLLED))?;
            if let (Some(at), Some(state)) = (
                enrolment.checked_in_at,
                enrolment.attendance.as_deref().and_then(Attendance::parse),
            ) && state.attended()
            {
                return Ok(CheckInView {
                    enrolment_id: enrolment.id,
                    session_id: session.id,
                    status: state,
                    checked_in_at: utc(at),
                });
            }
            let day = lt_programme::day_of(utc(session.starts_at));
            let policy = policies::in_force::<AttendancePolicy>(tx.conn(), day)?.document;
            let state = match attendance::check_in_window(&policy, utc(session.starts_at), utc(now))
            {
                CheckInWindow::Open(state) => state,
                CheckInWindow::NotYetOpen { opens_at } => {
                    return Err(ApiError::new(&CHECK_IN_CLOSED)
                        .with_detail(format!("check-in opens at {opens_at}")));
                }
                CheckInWindow::Closed { closed_at } => {
                    return Err(ApiError::new(&CHECK_IN_CLOSED)
                        .with_detail(format!("check-in closed at {closed_at}")));
                }
            };
            let row = enrolments::change(
                tx,
                &enrolment,
                &EnrolmentChange {
                    attendance: Some(Some(state.as_str().to_owned())),
                    checked_in_at: Some(Some(now)),
                    ..EnrolmentChange::default()
                },
            )?
            .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            let mut payload = seats::event(&row);
            payload["attendance"] = state.as_str().into();
            record_event(tx, "training.enrolment.checked_in", &payload)?;
            Ok::<_, ApiError>(CheckInView {
                enrolment_id: row.id,
                session_id: row.session_id,
                status: state,
                checked_in_at: utc(now),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(recorded))
}

/// Attendance as the organiser records it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceMark {
    pub attendance: Attendance,
}

impl Validate for AttendanceMark {}

/// The enrolment, when the caller manages its course (404 / 403 otherwise).
async fn managed_enrolment(
    store: &Store,
    caller: &Caller,
    id: String,
) -> Result<enrolments::EnrolmentRow, ApiError> {
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(enrolments::find(conn, &id)?) })
        .await?;
    managed_session(store, caller, row.session_id.clone()).await?;
    Ok(row)
}

/// Mark attendance (on time, late, absent). Needs `If-Match`.
#[utoipa::path(put, path = "/api/v1/training/enrolments/{enrolment_id}/attendance", tag = "attendance", security(("bearer" = [])),
    request_body = AttendanceMark, params(IfMatchHeader),
    responses((status = 200, body = EnrolmentView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn mark(
    store: web::Data<Store>,
    caller: Caller,
    enrolment_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<AttendanceMark>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.required()?.clone();
    let row = managed_enrolment(&store, &caller, enrolment_id.into_inner()).await?;
    let state = body.into_inner().attendance;
    let view = store
        .write(move |tx| {
            let row = enrolments::find(tx.conn(), &row.id)?;
            precondition.check(row.version)?;
            if row.status != status::ENROLLED {
                return Err(ApiError::new(&NOT_ACTIVE)
                    .with_detail("attendance is marked on enrolled cadres"));
            }
            let row = enrolments::change(
                tx,
                &row,
                &EnrolmentChange {
                    attendance: Some(Some(state.as_str().to_owned())),
                    ..EnrolmentChange::default()
                },
            )?
            .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            let mut payload = seats::event(&row);
            payload["attendance"] = state.as_str().into();
            record_event(tx, "training.enrolment.attendance_marked", &payload)?;
            view(tx.conn(), row)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// Leave approved for a cadre.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeaveRequest {
    /// Hours of leave, more than 0 and at most 1000.
    pub hours: Hours,
    #[schema(min_length = 1, max_length = 500, pattern = "\\S")]
    pub reason: String,
}

impl Validate for LeaveRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.hours.0 <= 0 || self.hours.0 > 100_000 {
            errors.push(FieldError::new(
                "hours",
                "out_of_range",
                "more than 0, at most 1000.00",
            ));
        }
        check_text("reason", &self.reason, 500, &mut errors);
        field_errors(errors)
    }
}

/// Approve leave. During full-time (脱产) training, leave above the attendance policy's
/// share of the course's hours (1/7 by default) withdraws the cadre (event
/// `training.enrolment.withdrawn`, reason `leave_limit_exceeded`) and their seat goes to
/// the waitlist. Audited.
#[utoipa::path(post, path = "/api/v1/training/enrolments/{enrolment_id}/leaves", tag = "attendance", security(("bearer" = [])),
    request_body = LeaveRequest,
    responses((status = 201, body = EnrolmentView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn approve_leave(
    store: web::Data<Store>,
    caller: Caller,
    enrolment_id: web::Path<String>,
    body: Json<LeaveRequest>,
) -> Result<HttpResponse, ApiError> {
    let row = managed_enrolment(&store, &caller, enrolment_id.into_inner()).await?;
    let request = body.into_inner();
    let actor = caller.user.subject().into_owned();
    let view = store
        .write(move |tx| {
            use diesel::prelude::*;
            let session = sessions::lock(tx, &row.session_id)?;
            let row = enrolments::find(tx.conn(), &row.id)?;
            if row.status != status::ENROLLED {
                return Err(
                    ApiError::new(&NOT_ACTIVE).with_detail("leave is approved for enrolled cadres")
                );
            }
            let course = courses::find(tx.conn(), &row.course_id)?;
            let reason = trimmed(&request.reason).to_owned();
            diesel::insert_into(schema::leaves::table)
                .values((
                    schema::leaves::id.eq(new_id()),
                    schema::leaves::enrolment_id.eq(&row.id),
                    schema::leaves::hours.eq(request.hours.0),
                    schema::leaves::reason.eq(&reason),
                    schema::leaves::approved_by.eq(&actor),
                    schema::leaves::approved_at.eq(now_utc()),
                ))
                .execute(tx.conn())?;
            let total = Hours(row.leave_hours + request.hours.0);
            let row = enrolments::change(
                tx,
                &row,
                &EnrolmentChange {
                    leave_hours: Some(total.0),
                    ..EnrolmentChange::default()
                },
            )?
            .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            audit::record(
                tx,
                &actor,
                "leave.approved",
                &row.id,
                &serde_json::json!({ "hours": request.hours, "reason": reason, "total": total }),
            )?;
            let day = lt_programme::day_of(utc(session.starts_at));
            let policy = policies::in_force::<AttendancePolicy>(tx.conn(), day)?.document;
            let row = if course.full_time
                && leave_exceeds_limit(&policy, Hours(course.credit_hours), total)
            {
                let (withdrawn, _) = seats::withdraw(tx, &row, Some("leave_limit_exceeded"))?;
                withdrawn
            } else {
                row
            };
            view(tx.conn(), row)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/training/enrolments/{}", view.id),
        ))
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// The result of a course's assessment.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentResult {
    pub passed: bool,
}

impl Validate for AssessmentResult {}

/// Record an assessment result (courses that require one complete only when passed).
/// Needs `If-Match`.
#[utoipa::path(put, path = "/api/v1/training/enrolments/{enrolment_id}/assessment", tag = "attendance", security(("bearer" = [])),
    request_body = AssessmentResult, params(IfMatchHeader),
    responses((status = 200, body = EnrolmentView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn assess(
    store: web::Data<Store>,
    caller: Caller,
    enrolment_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<AssessmentResult>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.required()?.clone();
    let row = managed_enrolment(&store, &caller, enrolment_id.into_inner()).await?;
    let passed = body.into_inner().passed;
    let view = store
        .write(move |tx| {
            let row = enrolments::find(tx.conn(), &row.id)?;
            precondition.check(row.version)?;
            if row.status != status::ENROLLED {
                return Err(ApiError::new(&NOT_ACTIVE)
                    .with_detail("assessments are recorded for enrolled cadres"));
            }
            let row = enrolments::change(
                tx,
                &row,
                &EnrolmentChange {
                    assessment_passed: Some(Some(passed)),
                    ..EnrolmentChange::default()
                },
            )?
            .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            view(tx.conn(), row)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/api/v1/training/sessions/{session_id}/check-in-codes",
        web::post().to(issue_code),
    )
    .route("/api/v1/training/check-ins", web::post().to(check_in))
    .route(
        "/api/v1/training/enrolments/{enrolment_id}/attendance",
        web::put().to(mark),
    )
    .route(
        "/api/v1/training/enrolments/{enrolment_id}/leaves",
        web::post().to(approve_leave),
    )
    .route(
        "/api/v1/training/enrolments/{enrolment_id}/assessment",
        web::put().to(assess),
    );
}
