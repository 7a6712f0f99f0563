//! Completing a session: attendance (and a passed assessment where the course has one)
//! completes an enrolment, credits its hours through the hour-conversion policy and issues a
//! certificate that anyone can verify.

use actix_web::{HttpResponse, web};
use lt_http::ApiError;
use lt_http::Endpoints;
use lt_http::openapi::WriteErrors;
use lt_service::Caller;
use lt_store::{Store, now_utc, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::enrolments::{EnrolmentView, view};
use super::sessions::managed_session;
use super::{shown, utc};
use crate::domain::attendance::Attendance;
use crate::domain::hours::{ActivityFacts, days_spanned};
use crate::operations::crediting::{self, Crediting};
use crate::operations::seats;
use crate::problems::{SESSION_CANCELLED, SESSION_NOT_FINISHED};
use crate::store::courses;
use crate::store::credits::sources;
use crate::store::enrolments::{self, EnrolmentChange, status};
use crate::store::sessions::{self, CANCELLED};

/// An enrolment that did not complete, and why.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct NotCompleted {
    pub enrolment_id: String,
    pub person_id: String,
    /// `absent`, `no_attendance`, `assessment_missing`, `assessment_failed`, or
    /// `own_enrolment` (an organiser's own is completed by another organiser or an admin).
    pub reason: String,
}

/// What completing a session did.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CompletionView {
    pub completed: Vec<EnrolmentView>,
    pub not_completed: Vec<NotCompleted>,
}

/// A certificate's verification code: 16 readable characters (31¹⁶ ≈ 7 × 10²³), unguessable.
fn certificate_code() -> Result<String, ApiError> {
    crate::domain::attendance::random_code(16)
        .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("random certificate code: {e}")))
}

/// Complete a session once it has ended: every enrolled cadre who attended (and passed the
/// assessment, where the course has one) is completed, credited and certified; the others
/// are listed with the reason. Enrolments already completed are left as they are, so it can
/// be run again after late marks. Credits are stamped with each cadre's org unit now.
#[utoipa::path(post, path = "/api/v1/training/sessions/{session_id}/completions", tag = "attendance", security(("bearer" = [])),
    responses((status = 200, body = CompletionView), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn complete(
    store: web::Data<Store>,
    caller: Caller,
    session_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (session, _) = managed_session(&store, &caller, session_id.into_inner()).await?;
    // An organiser does not complete (and credit) their own enrolment: another organiser or
    // an admin does.
    let own = (!caller.is_admin())
        .then(|| caller.user.person_id().map(str::to_owned))
        .flatten();
    let result = store
        .write(move |tx| {
            let session = sessions::lock(tx, &session.id)?;
            if session.status == CANCELLED {
                return Err(ApiError::new(&SESSION_CANCELLED));
            }
            if now_utc() < session.ends_at {
                return Err(ApiError::new(&SESSION_NOT_FINISHED)
                    .with_detail(format!("the session ends at {}", shown(session.ends_at))));
            }
            let course = courses::find(tx.conn(), &session.course_id)?;
            let kind = crate::domain::kinds::CourseKind::parse(&course.kind)
                .ok_or_else(|| anyhow::anyhow!("course {} has an invalid kind", course.id))?;
            let day = lt_programme::day_of(utc(session.starts_at));
            let last_day = lt_programme::day_of(utc(session.ends_at));
            let facts = ActivityFacts {
                activity: kind.activity(),
                course_hours: Some(lt_programme::Hours(course.credit_hours)),
                days: days_spanned(day, last_day),
                minutes: u32::try_from((session.ends_at - session.starts_at).num_minutes())
                    .unwrap_or(0),
            };
            let mut completed = Vec::new();
            let mut not_completed = Vec::new();
            let enrolled = enrolments::for_session(
                tx.conn(),
                &session.id,
                Some(status::ENROLLED),
                0,
                i64::MAX,
            )?;
            // Every person's credits first, in one order: two completions (or a completion
            // and a self-study record) crediting the same people never wait on each other
            // crosswise.
            let mut people: Vec<&str> = enrolled.iter().map(|e| e.person_id.as_str()).collect();
            people.sort_unstable();
            people.dedup();
            for person in people {
                crate::store::credits::lock_person(tx, person)?;
            }
            for row in enrolled {
                let attended = row.attendance.as_deref().and_then(Attendance::parse);
                let reason = match (attended, course.assessment_required, row.assessment_passed) {
                    _ if own.as_deref() == Some(row.person_id.as_str()) => Some("own_enrolment"),
                    (None, _, _) => Some("no_attendance"),
                    (Some(Attendance::Absent), _, _) => Some("absent"),
                    (Some(_), true, None) => Some("assessment_missing"),
                    (Some(_), true, Some(false)) => Some("assessment_failed"),
                    _ => None,
                };
                if let Some(reason) = reason {
                    not_completed.push(NotCompleted {
                        enrolment_id: row.id,
                        person_id: row.person_id,
                        reason: reason.to_owned(),
                    });
                    continue;
                }
                // Stamped with the unit the cadre is in now (the directory copy), not the one
                // they enrolled from.
                let unit_now = lt_directory::local::person(tx.conn(), &row.person_id)?
                    .and_then(|p| p.org_unit_id)
                    .or_else(|| row.org_unit_id.clone());
                let credited = crediting::credit(
                    tx,
                    &Crediting {
                        person_id: &row.person_id,
                        org_unit_id: unit_now.as_deref(),
                        day,
                        facts,
                        mechanism: &course.mechanism,
                        source_kind: sources::ENROLMENT,
                        source_id: &row.id,
                        title: &course.title,
                    },
                )?;
                let done = enrolments::change(
                    tx,
                    &row,
                    &EnrolmentChange {
                        status: Some(status::COMPLETED.to_owned()),
                        completed_at: Some(Some(now_utc())),
                        hours_credited: Some(Some(credited.total().0)),
                        certificate_code: Some(Some(certificate_code()?)),
                        ..EnrolmentChange::default()
                    },
                )?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
                let mut payload = seats::event(&done);
                payload["hours_credited"] =
                    serde_json::to_value(credited.total()).unwrap_or_default();
                payload["policy_version"] = credited.policy_version.into();
                record_event(tx, "training.enrolment.completed", &payload)?;
                completed.push(view(tx.conn(), done)?);
            }
            Ok::<_, ApiError>(CompletionView {
                completed,
                not_completed,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![complete]
}
