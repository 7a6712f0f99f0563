//! Enrolments: a cadre enrols (seat or waitlist), an organiser enrols someone or assigns a
//! batch, anyone enrolled may withdraw before the deadline (an organiser any time, with a
//! reason), and a seat given back goes to the first waitlisted cadre.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::idempotency::{IdempotencyKeyHeader, OptionalIfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_text, field_errors, trimmed, unknown_reference};
use lt_http::{
    ApiError, Created, FieldError, IfMatch, Json, JsonOrEmpty, Page, PageQuery, Validate,
    create_once, etag,
};
use lt_programme::Hours;
use lt_service::Caller;
use lt_store::{DbConnection, Store};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::courses::visible_course;
use super::sessions::{managed_session, visible_session};
use super::{BASE, shown, utc};
use crate::access;
use crate::domain::attendance::Attendance;
use crate::operations::seats;
use crate::problems::{ENROLMENT_CLOSED, SESSION_CANCELLED, WITHDRAWAL_DEADLINE_PASSED};
use crate::store::courses;
use crate::store::enrolments::{self, EnrolmentRow, source, status};
use crate::store::sessions::{self, CANCELLED};

mod views;
pub use views::*;

/// The enrolment, when the caller is its cadre, manages its course, or oversees the org
/// unit it was made in; else 404.
pub async fn visible_enrolment(
    store: &Store,
    caller: &Caller,
    id: String,
) -> Result<EnrolmentRow, ApiError> {
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(enrolments::find(conn, &id)?) })
        .await?;
    if caller.user.person_id() == Some(row.person_id.as_str()) {
        return Ok(row);
    }
    let course_id = row.course_id.clone();
    let course = store
        .read(move |conn| -> Result<_, ApiError> { Ok(courses::find(conn, &course_id)?) })
        .await?;
    let provider = crate::domain::kinds::Provider::parse(&course.provider)
        .unwrap_or(crate::domain::kinds::Provider::External);
    if access::may_manage(caller, provider) {
        return Ok(row);
    }
    let unit = row.org_unit_id.clone();
    let ancestry = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(match unit {
                Some(unit) => lt_directory::local::ancestry(conn, &unit)?,
                None => Vec::new(),
            })
        })
        .await?;
    if caller.oversees(&ancestry) {
        Ok(row)
    } else {
        Err(ApiError::not_found())
    }
}

/// Enrol in a session: the caller (`{}`, when the course targets them and the window is
/// open), or a person named by an organiser or admin (any time, also to record a session
/// after the fact).
/// A full session puts the cadre on the waitlist, in commit order.
#[utoipa::path(post, path = "/api/v1/training/sessions/{session_id}/enrolments", tag = "enrolments", security(("bearer" = [])),
    request_body = EnrolmentRequest, params(IdempotencyKeyHeader),
    responses((status = 201, body = EnrolmentView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["cadre (self, courses that target them)", "admin", "organiser (own provider)"]))))]
pub async fn enrol(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    req: HttpRequest,
    caller: Caller,
    session_id: web::Path<String>,
    body: Json<EnrolmentRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    let session_id = session_id.into_inner();
    let now = Utc::now().naive_utc();
    let (session, how, person) = match request.person_id.as_deref().map(trimmed) {
        Some(someone) if caller.user.person_id() != Some(someone) => {
            // Organisers may enrol anyone at any time: also after the fact, to record a
            // session that has taken place.
            let (session, _) = managed_session(&store, &caller, session_id).await?;
            let person = directory
                .person(someone)
                .await?
                .filter(|p| p.active)
                .ok_or_else(|| unknown_reference("person_id", "active person"))?;
            (session, source::ORGANISER, person)
        }
        _ => {
            let person = caller.person()?.clone();
            let (session, course) = visible_session(&store, &caller, session_id).await?;
            if !super::courses::targets_caller(&store, &caller, &course).await? {
                return Err(ApiError::not_found());
            }
            if now < session.enrolment_opens_at || now >= session.enrolment_closes_at {
                return Err(ApiError::new(&ENROLMENT_CLOSED).with_detail(format!(
                    "enrolment is open from {} to {}",
                    shown(session.enrolment_opens_at),
                    shown(session.enrolment_closes_at)
                )));
            }
            (session, source::SELF, person)
        }
    };
    if session.status == CANCELLED {
        return Err(ApiError::new(&SESSION_CANCELLED));
    }
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor, &request, move |tx| {
        let session = sessions::lock(tx, &session.id)?;
        if session.status == CANCELLED {
            return Err(ApiError::new(&SESSION_CANCELLED));
        }
        let row = seats::enrol(tx, &session, &person.id, person.org_unit_id.as_deref(), how)?;
        let view = view(tx.conn(), row)?;
        Ok(Created {
            location: format!("{BASE}/enrolments/{}", view.id),
            version: Some(view.version),
            body: view,
        })
    })
    .await
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EnrolmentFilter {
    /// Only enrolments in this status.
    #[param(pattern = "^(enrolled|waitlisted|withdrawn|completed)$")]
    pub status: Option<String>,
}

/// The enrolments of a session, in creation order (its organisers and admins).
#[utoipa::path(get, path = "/api/v1/training/sessions/{session_id}/enrolments", tag = "enrolments", security(("bearer" = [])),
    params(PageQuery, EnrolmentFilter), responses((status = 200, body = Page<EnrolmentView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    session_id: web::Path<String>,
    query: web::Query<PageQuery>,
    filter: web::Query<EnrolmentFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let wanted = filter.into_inner().status;
    if wanted.as_deref().is_some_and(|s| {
        ![
            status::ENROLLED,
            status::WAITLISTED,
            status::WITHDRAWN,
            status::COMPLETED,
        ]
        .contains(&s)
    }) {
        return Err(
            ApiError::new(&lt_http::kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "status",
                "invalid",
                "enrolled, waitlisted, withdrawn or completed",
            )]),
        );
    }
    let (session, _) = managed_session(&store, &caller, session_id.into_inner()).await?;
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = enrolments::for_session(
                conn,
                &session.id,
                wanted.as_deref(),
                page.after,
                page.fetch(),
            )?;
            Page::try_from_rows(rows, page, |r| r.seq, |row| view(conn, row))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Read an enrolment (its cadre, its course's organisers, coordinators over its org unit,
/// admins).
#[utoipa::path(get, path = "/api/v1/training/enrolments/{enrolment_id}", tag = "enrolments", security(("bearer" = [])),
    responses((status = 200, body = EnrolmentView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["the cadre", "admin", "organiser (own provider)", "coordinator (their subtree)"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    enrolment_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let row = visible_enrolment(&store, &caller, enrolment_id.into_inner()).await?;
    let view = store.read(move |conn| view(conn, row)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// Why an enrolment is withdrawn; optional for the cadre, required of an organiser.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawalRequest {
    #[schema(min_length = 1, max_length = 500, pattern = "\\S")]
    pub reason: Option<String>,
}

impl Validate for WithdrawalRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Some(reason) = &self.reason {
            check_text("reason", reason, 500, &mut errors);
        }
        field_errors(errors)
    }
}

/// An enrolment withdrawn, and who got its seat.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct WithdrawalView {
    pub enrolment: EnrolmentView,
    /// Waitlisted enrolments promoted into the seat given back.
    pub promoted: Vec<EnrolmentView>,
}

/// Withdraw an enrolment. The cadre may until the session's withdrawal deadline; organisers
/// and admins any time, with a reason (their own enrolment keeps to the deadline too). A
/// seat given back goes to the first waitlisted cadre at once (`training.enrolment.promoted`).
/// `If-Match` is optional: sent, it must name the enrolment's current ETag.
#[utoipa::path(post, path = "/api/v1/training/enrolments/{enrolment_id}/withdrawal", tag = "enrolments", security(("bearer" = [])),
    request_body = Option<WithdrawalRequest>, params(OptionalIfMatchHeader),
    responses((status = 200, body = WithdrawalView), WriteErrors),
    extensions(("x-roles" = json!(["the cadre (before the deadline)", "admin", "organiser (own provider)"]))))]
pub async fn withdraw(
    store: web::Data<Store>,
    caller: Caller,
    enrolment_id: web::Path<String>,
    if_match: IfMatch,
    body: JsonOrEmpty<WithdrawalRequest>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.optional()?;
    let request = body.into_inner();
    let row = visible_enrolment(&store, &caller, enrolment_id.into_inner()).await?;
    let own = caller.user.person_id() == Some(row.person_id.as_str());
    let course = visible_course(&store, &caller, row.course_id.clone()).await;
    let manages = course
        .as_ref()
        .is_ok_and(|c| access::may_manage(&caller, c.provider));
    if !own && !manages {
        return Err(ApiError::forbidden()
            .with_detail("withdrawn by the cadre, or by the course's organisers"));
    }
    if !own && request.reason.is_none() {
        return Err(ApiError::validation(vec![FieldError::new(
            "reason",
            "required",
            "an organiser gives a reason",
        )]));
    }
    let reason = request.reason.as_deref().map(|r| trimmed(r).to_owned());
    let result = store
        .write(move |tx| {
            let session = sessions::lock(tx, &row.session_id)?;
            let row = enrolments::find(tx.conn(), &row.id)?;
            precondition.check(row.version)?;
            // A cadre withdrawing themself keeps to the deadline even when they also
            // organise the course; the organiser's override is for other people.
            if own && Utc::now().naive_utc() > session.withdrawal_deadline {
                return Err(
                    ApiError::new(&WITHDRAWAL_DEADLINE_PASSED).with_detail(format!(
                        "cadres may withdraw until {}; ask the organiser",
                        shown(session.withdrawal_deadline)
                    )),
                );
            }
            let (withdrawn, promoted) = seats::withdraw(tx, &row, reason.as_deref())?;
            Ok::<_, ApiError>(WithdrawalView {
                enrolment: view(tx.conn(), withdrawn)?,
                promoted: promoted
                    .into_iter()
                    .map(|p| view(tx.conn(), p))
                    .collect::<Result<_, _>>()?,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// The caller's own enrolments (their schedule), in creation order.
#[utoipa::path(get, path = "/api/v1/training/me/enrolments", tag = "enrolments", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<EnrolmentView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn mine(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let person = caller.person_id()?.to_owned();
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = enrolments::for_person(conn, &person, page.after, page.fetch())?;
            Page::try_from_rows(rows, page, |r| r.seq, |row| view(conn, row))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![enrol, list, mine, read, withdraw]
}
