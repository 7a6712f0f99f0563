//! Venue check-in: the organiser shows a rotating code (as a QR code at the venue); a cadre
//! checks in with it from the phone, on time or late by the attendance policy's window.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Duration, Utc};
use lt_http::Endpoints;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_text, field_errors, trimmed};
use lt_http::{ApiError, FieldError, Json, Validate};
use lt_service::Caller;
use lt_store::{Store, now_utc, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::sessions::managed_session;
use super::{BASE, shown, utc};
use crate::domain::attendance::{self, Attendance, CheckInWindow};
use crate::domain::policy::AttendancePolicy;
use crate::operations::seats;
use crate::problems::{
    CHECK_IN_CLOSED, CHECK_IN_CODE_EXPIRED, CHECK_IN_CODE_OTHER_SESSION, CHECK_IN_CODE_UNKNOWN,
    NOT_ENROLLED, SESSION_CANCELLED,
};
use crate::store::enrolments::{self, EnrolmentChange, status};
use crate::store::sessions::{self, CANCELLED};
use crate::store::{check_ins, policies};

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
            format!(
                "{BASE}/sessions/{}/check-in-codes/{}",
                issued.session_id, issued.code
            ),
        ))
        .json(issued))
}

/// A check-in code issued for a session (its organisers): when it expires.
#[utoipa::path(get, path = "/api/v1/training/sessions/{session_id}/check-in-codes/{code}", tag = "attendance", security(("bearer" = [])),
    responses((status = 200, body = CheckInCodeView), ReadErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn read_code(
    store: web::Data<Store>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (session_id, code) = path.into_inner();
    let (session, _) = managed_session(&store, &caller, session_id).await?;
    let wanted = attendance::normalise_code(&code);
    let (issued, seconds) = store
        .read(move |conn| -> Result<_, ApiError> {
            let issued = check_ins::find(conn, &wanted)?
                .filter(|c| c.session_id == session.id)
                .ok_or_else(ApiError::not_found)?;
            let day = lt_programme::day_of(utc(session.starts_at));
            let policy = policies::in_force::<AttendancePolicy>(conn, day)?.document;
            Ok((issued, policy.check_in_code_seconds))
        })
        .await?;
    Ok(HttpResponse::Ok().json(CheckInCodeView {
        code: issued.code,
        session_id: issued.session_id,
        expires_at: utc(issued.expires_at),
        valid_seconds: seconds,
    }))
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
            // Scans of one session take turns (as every enrolment change: `sessions::lock`).
            let session = sessions::hold(tx, &issued.session_id)?;
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
                    return Err(ApiError::new(&CHECK_IN_CLOSED).with_detail(format!(
                        "check-in opens at {}",
                        shown(opens_at.naive_utc())
                    )));
                }
                CheckInWindow::Closed { closed_at } => {
                    return Err(ApiError::new(&CHECK_IN_CLOSED).with_detail(format!(
                        "check-in closed at {}",
                        shown(closed_at.naive_utc())
                    )));
                }
            };
            let Some(row) = enrolments::change(
                tx,
                &enrolment,
                &EnrolmentChange {
                    attendance: Some(Some(state.as_str().to_owned())),
                    checked_in_at: Some(Some(now)),
                    ..EnrolmentChange::default()
                },
            )?
            else {
                // Changed since it was read (cannot happen under the session lock; kept as
                // the answer should that ever change): answer what is recorded now.
                let recorded = enrolments::find(tx.conn(), &enrolment.id)?;
                return match (
                    recorded.checked_in_at,
                    recorded.attendance.as_deref().and_then(Attendance::parse),
                ) {
                    (Some(at), Some(state)) if state.attended() => Ok(CheckInView {
                        enrolment_id: recorded.id,
                        session_id: recorded.session_id,
                        status: state,
                        checked_in_at: utc(at),
                    }),
                    _ => Err(ApiError::new(&lt_http::kinds::PRECONDITION_FAILED)),
                };
            };
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

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![issue_code, check_in, read_code]
}
