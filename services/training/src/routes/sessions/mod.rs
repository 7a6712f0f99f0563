//! `/api/v1/training/courses/{course_id}/sessions` and `/api/v1/training/sessions/{id}`:
//! when and where a course runs, its seats and enrolment window; cancellation.

mod requests;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDateTime, Utc};
use lt_http::Endpoints;
use lt_http::idempotency::{IdempotencyKeyHeader, IfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::trimmed;
use lt_http::{ApiError, Created, FieldError, IfMatch, Json, Page, PageQuery, create_once, etag};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use requests::check_schedule;
pub use requests::{NewSession, Reason, SessionChanges};

use super::courses::{CourseView, managed_course, visible_course};
use super::{BASE, utc};
use crate::operations::seats;
use crate::problems::CAPACITY_BELOW_ENROLLED;
use crate::store::audit;
use crate::store::enrolments::{self, status};
use crate::store::sessions::{self, CANCELLED, Schedule, SessionRow};

/// A session of a course.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SessionView {
    pub id: String,
    pub course_id: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue: String,
    /// Seats for self-enrolment (assigned batches come on top).
    pub capacity: i32,
    pub seats_taken: i32,
    pub seats_left: i32,
    /// Enrolled cadres, assigned ones included.
    pub enrolled: i64,
    pub waitlisted: i64,
    pub enrolment_opens_at: DateTime<Utc>,
    pub enrolment_closes_at: DateTime<Utc>,
    /// Cadres may withdraw themselves until then.
    pub withdrawal_deadline: DateTime<Utc>,
    /// `scheduled` or `cancelled`.
    pub status: String,
    pub cancel_reason: Option<String>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The version of what organisers set (schedule, venue, capacity, status), which the
    /// `ETag` carries and `If-Match` checks. The live counts (`seats_taken`, `seats_left`,
    /// `enrolled`, `waitlisted`) move with every enrolment without a new version, so an
    /// organiser's edit is not refused because a cadre enrolled meanwhile (capacity is still
    /// checked against the seats taken at that moment).
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl SessionView {
    pub fn from_row(row: SessionRow, (enrolled, waitlisted): (i64, i64)) -> Self {
        Self {
            seats_left: (row.capacity - row.taken).max(0),
            seats_taken: row.taken,
            enrolled,
            waitlisted,
            starts_at: utc(row.starts_at),
            ends_at: utc(row.ends_at),
            enrolment_opens_at: utc(row.enrolment_opens_at),
            enrolment_closes_at: utc(row.enrolment_closes_at),
            withdrawal_deadline: utc(row.withdrawal_deadline),
            cancelled_at: row.cancelled_at.map(utc),
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
            id: row.id,
            course_id: row.course_id,
            venue: row.venue,
            capacity: row.capacity,
            status: row.status,
            cancel_reason: row.cancel_reason,
            version: row.version,
        }
    }
}

/// Reads a session with its counts.
pub fn view(conn: &mut lt_store::DbConnection, row: SessionRow) -> Result<SessionView, ApiError> {
    let counts = enrolments::counts(conn, &row.id)?;
    Ok(SessionView::from_row(row, counts))
}

/// The session and its course, when the caller may see the course.
pub async fn visible_session(
    store: &Store,
    caller: &Caller,
    id: String,
) -> Result<(SessionRow, CourseView), ApiError> {
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(sessions::find(conn, &id)?) })
        .await?;
    let course = visible_course(store, caller, row.course_id.clone()).await?;
    Ok((row, course))
}

/// The session and its course, when the caller may manage the course (404 / 403 otherwise).
pub async fn managed_session(
    store: &Store,
    caller: &Caller,
    id: String,
) -> Result<(SessionRow, CourseView), ApiError> {
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(sessions::find(conn, &id)?) })
        .await?;
    let course = managed_course(store, caller, row.course_id.clone()).await?;
    Ok((row, course))
}

/// Schedule a session of a course.
#[utoipa::path(post, path = "/api/v1/training/courses/{course_id}/sessions", tag = "sessions", security(("bearer" = [])),
    request_body = NewSession, params(IdempotencyKeyHeader),
    responses((status = 201, body = SessionView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn create(
    store: web::Data<Store>,
    req: HttpRequest,
    caller: Caller,
    course_id: web::Path<String>,
    body: Json<NewSession>,
) -> Result<HttpResponse, ApiError> {
    let course = managed_course(&store, &caller, course_id.into_inner()).await?;
    let request = body.into_inner();
    let closes = request
        .enrolment_closes_at
        .unwrap_or(request.starts_at)
        .naive_utc();
    // By default the window opens now; for a session already under way or over it is empty:
    // self-enrolment is closed, and organisers enrol or assign to record it after the fact.
    let opens = request
        .enrolment_opens_at
        .map_or_else(|| lt_store::now_utc().min(closes), |t| t.naive_utc());
    if closes < opens || (closes == opens && request.enrolment_opens_at.is_some()) {
        return Err(ApiError::validation(vec![FieldError::new(
            "enrolment_closes_at",
            "out_of_range",
            "the enrolment window must end after it opens (by default it opens now and ends at the start)",
        )]));
    }
    let schedule = Schedule {
        starts_at: request.starts_at.naive_utc(),
        ends_at: request.ends_at.naive_utc(),
        venue: trimmed(&request.venue).to_owned(),
        capacity: request.capacity,
        enrolment_opens_at: opens,
        enrolment_closes_at: closes,
        withdrawal_deadline: request
            .withdrawal_deadline
            .unwrap_or(request.starts_at)
            .naive_utc(),
    };
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor, &request, move |tx| {
        let row = sessions::insert(tx, &course.id, &schedule)?;
        let view = view(tx.conn(), row)?;
        record_event(tx, "training.session.created", &view)?;
        Ok(Created {
            location: format!("{BASE}/sessions/{}", view.id),
            version: Some(view.version),
            body: view,
        })
    })
    .await
}

/// Read a session (whoever may see its course).
#[utoipa::path(get, path = "/api/v1/training/sessions/{session_id}", tag = "sessions", security(("bearer" = [])),
    responses((status = 200, body = SessionView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)", "cadre (courses that target them)"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    session_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (row, _) = visible_session(&store, &caller, session_id.into_inner()).await?;
    let view = store.read(move |conn| view(conn, row)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// The sessions of a course, in creation order.
#[utoipa::path(get, path = "/api/v1/training/courses/{course_id}/sessions", tag = "sessions", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<SessionView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)", "cadre (courses that target them)"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    course_id: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let course = visible_course(&store, &caller, course_id.into_inner()).await?;
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = sessions::for_course(conn, &course.id, page.after, page.fetch())?;
            Page::try_from_rows(rows, page, |r| r.seq, |row| view(conn, row))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Reschedule a session. Needs `If-Match`. Capacity cannot go below the seats taken; more
/// capacity promotes waitlisted cadres at once.
#[utoipa::path(patch, path = "/api/v1/training/sessions/{session_id}", tag = "sessions", security(("bearer" = [])),
    request_body = SessionChanges, params(IfMatchHeader),
    responses((status = 200, body = SessionView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn update(
    store: web::Data<Store>,
    caller: Caller,
    session_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<SessionChanges>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.required()?.clone();
    let (current, _) = managed_session(&store, &caller, session_id.into_inner()).await?;
    let changes = body.into_inner();
    let view = store
        .write(move |tx| {
            let row = sessions::lock(tx, &current.id)?;
            precondition.check(row.version)?;
            if row.status == CANCELLED {
                return Err(ApiError::new(&crate::problems::SESSION_CANCELLED));
            }
            let schedule = Schedule {
                starts_at: changes.starts_at.map_or(row.starts_at, |t| t.naive_utc()),
                ends_at: changes.ends_at.map_or(row.ends_at, |t| t.naive_utc()),
                venue: changes
                    .venue
                    .as_deref()
                    .map_or(row.venue.clone(), |v| trimmed(v).to_owned()),
                capacity: changes.capacity.unwrap_or(row.capacity),
                enrolment_opens_at: changes
                    .enrolment_opens_at
                    .map_or(row.enrolment_opens_at, |t| t.naive_utc()),
                // A window end or deadline at the start moves with a rescheduled start.
                enrolment_closes_at: changes.enrolment_closes_at.map_or(
                    moved_with_start(row.enrolment_closes_at, row.starts_at, changes.starts_at),
                    |t| t.naive_utc(),
                ),
                withdrawal_deadline: changes.withdrawal_deadline.map_or(
                    moved_with_start(row.withdrawal_deadline, row.starts_at, changes.starts_at),
                    |t| t.naive_utc(),
                ),
            };
            let mut errors = Vec::new();
            // The window's order is checked when it changes (a session recorded after the
            // fact keeps its empty window through other changes).
            let window_changed =
                changes.enrolment_opens_at.is_some() || changes.enrolment_closes_at.is_some();
            check_schedule(
                utc(schedule.starts_at),
                utc(schedule.ends_at),
                window_changed.then(|| utc(schedule.enrolment_opens_at)),
                Some(utc(schedule.enrolment_closes_at)),
                Some(utc(schedule.withdrawal_deadline)),
                &mut errors,
            );
            if !errors.is_empty() {
                return Err(ApiError::validation(errors));
            }
            if schedule.capacity < row.taken {
                return Err(ApiError::new(&CAPACITY_BELOW_ENROLLED).with_errors(vec![
                    FieldError::new(
                        "capacity",
                        "out_of_range",
                        format!("{} seats are taken", row.taken),
                    ),
                ]));
            }
            sessions::reschedule(tx, &row.id, row.version, &schedule)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            seats::promote(tx, &row.id)?;
            let updated = sessions::find(tx.conn(), &row.id)?;
            // When, where: news for every enrolled and waitlisted cadre (their inbox).
            let moved = updated.starts_at != row.starts_at
                || updated.ends_at != row.ends_at
                || updated.venue != row.venue;
            if moved {
                for enrolment in enrolments::active_in_session(tx.conn(), &row.id)? {
                    let mut payload = seats::event(&enrolment);
                    payload["starts_at"] = utc(updated.starts_at).to_rfc3339().into();
                    payload["ends_at"] = utc(updated.ends_at).to_rfc3339().into();
                    payload["venue"] = updated.venue.clone().into();
                    record_event(tx, "training.enrolment.session_changed", &payload)?;
                }
            }
            let view = view(tx.conn(), updated)?;
            record_event(tx, "training.session.updated", &view)?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// Cancel a session with a reason. The session and its enrolments are kept; each active
/// enrolment gets a `training.enrolment.session_cancelled` event (the OA system notifies the
/// cadre). Needs `If-Match`.
#[utoipa::path(post, path = "/api/v1/training/sessions/{session_id}/cancellation", tag = "sessions", security(("bearer" = [])),
    request_body = Reason, params(IfMatchHeader),
    responses((status = 200, body = SessionView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn cancel(
    store: web::Data<Store>,
    caller: Caller,
    session_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<Reason>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.required()?.clone();
    let (current, _) = managed_session(&store, &caller, session_id.into_inner()).await?;
    let reason = trimmed(&body.into_inner().reason).to_owned();
    let actor = caller.user.subject().into_owned();
    let view = store
        .write(move |tx| {
            let row = sessions::lock(tx, &current.id)?;
            precondition.check(row.version)?;
            if row.status == CANCELLED {
                return Err(ApiError::new(&crate::problems::SESSION_CANCELLED));
            }
            let row = sessions::cancel(tx, &row.id, row.version, &reason)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            for enrolment in enrolments::active_in_session(tx.conn(), &row.id)? {
                let mut payload = seats::event(&enrolment);
                payload["reason"] = reason.clone().into();
                record_event(tx, "training.enrolment.session_cancelled", &payload)?;
            }
            audit::record(
                tx,
                &actor,
                "session.cancelled",
                &row.id,
                &serde_json::json!({ "reason": reason }),
            )?;
            let view = view(tx.conn(), row)?;
            record_event(tx, "training.session.cancelled", &view)?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// Still in the waitlist or enrolled (for the other modules).
/// `at` after the start moves from `old_start` to `new_start`: it moves along when it was
/// the start (the default of the enrolment window's end and of the withdrawal deadline).
fn moved_with_start(
    at: NaiveDateTime,
    old_start: NaiveDateTime,
    new_start: Option<DateTime<Utc>>,
) -> NaiveDateTime {
    match new_start {
        Some(start) if at == old_start => start.naive_utc(),
        _ => at,
    }
}

pub fn is_active_status(status_text: &str) -> bool {
    status_text == status::ENROLLED || status_text == status::WAITLISTED
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, list, read, update, cancel]
}
