//! Attendance as the organiser records it: attendance marks, approved leave (too much leave
//! during full-time training withdraws the cadre), and assessment results.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_http::Endpoints;
use lt_http::idempotency::{IdempotencyKeyHeader, IfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_text, field_errors, trimmed};
use lt_http::{ApiError, Created, FieldError, IfMatch, Json, Validate, create_once, etag};
use lt_programme::Hours;
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::enrolments::{EnrolmentView, view, visible_enrolment};
use super::sessions::managed_session;
use super::{BASE, utc};
use crate::domain::attendance::{Attendance, leave_exceeds_limit};
use crate::domain::policy::AttendancePolicy;
use crate::operations::seats;
use crate::problems::{NOT_ACTIVE, SESSION_CANCELLED};
use crate::store::enrolments::{self, EnrolmentChange, status};
use crate::store::leaves::{self, LeaveRow};
use crate::store::sessions::{self, CANCELLED, SessionRow};
use crate::store::{audit, courses, policies};

/// Attendance as the organiser records it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceMark {
    pub attendance: Attendance,
}

impl Validate for AttendanceMark {}

/// The enrolment, when the caller manages its course: 404 when the caller may not see it
/// (as for no such enrolment, so another cadre's enrolment is no different from a made-up
/// id), 403 when they see it but do not manage its course (the cadre themself, their
/// coordinator).
async fn managed_enrolment(
    store: &Store,
    caller: &Caller,
    id: String,
) -> Result<enrolments::EnrolmentRow, ApiError> {
    let row = visible_enrolment(store, caller, id).await?;
    managed_session(store, caller, row.session_id.clone()).await?;
    if caller.user.person_id() == Some(row.person_id.as_str()) && !caller.is_admin() {
        return Err(ApiError::forbidden().with_detail(
            "an organiser's own attendance, leave and assessment are recorded by another organiser or an admin",
        ));
    }
    Ok(row)
}

/// Locks the enrolment's session (every enrolment change starts there: see
/// `sessions::lock`; `seats` says whether the change may move seats) and reads the
/// enrolment afresh; refused when the session was cancelled.
fn lock_enrolment(
    tx: &mut lt_store::WriteTx<'_>,
    row: &enrolments::EnrolmentRow,
    seats: bool,
) -> Result<(SessionRow, enrolments::EnrolmentRow), ApiError> {
    let session = if seats {
        sessions::lock(tx, &row.session_id)?
    } else {
        sessions::hold(tx, &row.session_id)?
    };
    if session.status == CANCELLED {
        return Err(ApiError::new(&SESSION_CANCELLED));
    }
    Ok((session, enrolments::find(tx.conn(), &row.id)?))
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
            let (_, row) = lock_enrolment(tx, &row, false)?;
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

/// Leave approved for a cadre, as recorded.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct LeaveView {
    pub id: String,
    pub enrolment_id: String,
    pub hours: Hours,
    pub reason: String,
    pub approved_by: String,
    pub approved_at: DateTime<Utc>,
    /// The enrolment after the leave: `withdrawn` (reason `leave_limit_exceeded`) when the
    /// leave took it over the limit.
    pub enrolment: EnrolmentView,
}

impl LeaveView {
    fn new(row: LeaveRow, enrolment: EnrolmentView) -> Self {
        Self {
            hours: Hours(row.hours),
            approved_at: utc(row.approved_at),
            id: row.id,
            enrolment_id: row.enrolment_id,
            reason: row.reason,
            approved_by: row.approved_by,
            enrolment,
        }
    }
}

/// The hours a session of `course` counts for the leave limit: what it would credit under
/// the conversion policy in force (course hours, per day, by length), else its length.
fn session_hours(
    conn: &mut lt_store::DbConnection,
    course: &crate::store::courses::CourseRow,
    session: &crate::store::sessions::SessionRow,
) -> Result<Hours, ApiError> {
    use crate::domain::hours::{ActivityFacts, base_hours, days_spanned, rule_for};
    let first = lt_programme::day_of(utc(session.starts_at));
    let last = lt_programme::day_of(utc(session.ends_at));
    let minutes = (session.ends_at - session.starts_at).num_minutes().max(0);
    let kind = crate::domain::kinds::CourseKind::parse(&course.kind)
        .ok_or_else(|| anyhow::anyhow!("course {} has an invalid kind", course.id))?;
    let policy = policies::in_force::<crate::domain::policy::HourConversionPolicy>(conn, first)?;
    let facts = ActivityFacts {
        activity: kind.activity(),
        course_hours: Some(Hours(course.credit_hours)),
        days: days_spanned(first, last),
        minutes: u32::try_from(minutes).unwrap_or(u32::MAX),
    };
    let credited = rule_for(&policy.document, kind.activity())
        .map_or(Hours(0), |rule| base_hours(rule, &facts));
    Ok(if credited.0 > 0 {
        credited
    } else {
        Hours(minutes * 100 / 60)
    })
}

/// Approve leave. During full-time (脱产) training, leave above the attendance policy's
/// share of the session's hours (1/7 by default; the hours the session would credit, else
/// its length) withdraws the cadre (event `training.enrolment.withdrawn`, reason
/// `leave_limit_exceeded`) and their seat goes to the waitlist. Audited; retry-safe with
/// `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/training/enrolments/{enrolment_id}/leaves", tag = "attendance", security(("bearer" = [])),
    request_body = LeaveRequest, params(IdempotencyKeyHeader),
    responses((status = 201, body = LeaveView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn approve_leave(
    store: web::Data<Store>,
    req: HttpRequest,
    caller: Caller,
    enrolment_id: web::Path<String>,
    body: Json<LeaveRequest>,
) -> Result<HttpResponse, ApiError> {
    let row = managed_enrolment(&store, &caller, enrolment_id.into_inner()).await?;
    let request = body.into_inner();
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor.clone(), &request.clone(), move |tx| {
        let (session, row) = lock_enrolment(tx, &row, true)?;
        if row.status != status::ENROLLED {
            return Err(
                ApiError::new(&NOT_ACTIVE).with_detail("leave is approved for enrolled cadres")
            );
        }
        let course = courses::find(tx.conn(), &row.course_id)?;
        let reason = trimmed(&request.reason).to_owned();
        let leave = leaves::insert(tx, &row.id, request.hours.0, &reason, &actor)?;
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
        let mut payload = seats::event(&row);
        payload["leave_hours"] = serde_json::to_value(request.hours).unwrap_or_default();
        payload["leave_total"] = serde_json::to_value(total).unwrap_or_default();
        record_event(tx, "training.enrolment.leave_approved", &payload)?;
        let day = lt_programme::day_of(utc(session.starts_at));
        let policy = policies::in_force::<AttendancePolicy>(tx.conn(), day)?.document;
        let row = if course.full_time
            && leave_exceeds_limit(&policy, session_hours(tx.conn(), &course, &session)?, total)
        {
            let (withdrawn, _) = seats::withdraw(tx, &row, Some("leave_limit_exceeded"))?;
            withdrawn
        } else {
            row
        };
        let enrolment = view(tx.conn(), row)?;
        Ok(Created {
            location: format!("{BASE}/enrolments/{}/leaves/{}", enrolment.id, leave.id),
            version: None,
            body: LeaveView::new(leave, enrolment),
        })
    })
    .await
}

/// One approved leave (its cadre and the course's organisers).
#[utoipa::path(get, path = "/api/v1/training/enrolments/{enrolment_id}/leaves/{leave_id}", tag = "attendance", security(("bearer" = [])),
    responses((status = 200, body = LeaveView), ReadErrors),
    extensions(("x-roles" = json!(["the cadre", "admin", "organiser (own provider)", "coordinator (their subtree)"]))))]
pub async fn read_leave(
    store: web::Data<Store>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (enrolment_id, leave_id) = path.into_inner();
    let row = super::enrolments::visible_enrolment(&store, &caller, enrolment_id).await?;
    let leave = store
        .read(move |conn| -> Result<_, ApiError> {
            let leave = leaves::find(conn, &row.id, &leave_id)?;
            Ok(LeaveView::new(leave, view(conn, row)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(leave))
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
            let (_, row) = lock_enrolment(tx, &row, false)?;
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
            let mut payload = seats::event(&row);
            payload["passed"] = passed.into();
            record_event(tx, "training.enrolment.assessed", &payload)?;
            view(tx.conn(), row)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![mark, approve_leave, read_leave, assess]
}
