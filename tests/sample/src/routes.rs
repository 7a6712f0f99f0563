//! The sample resource's handlers: create (idempotent), read (ETag), update (If-Match),
//! delete (tombstone), list (cursor), extract (`updated_since`), take a seat.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lt_auth::AuthUser;
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::csv::{csv_response, csv_text, wants_csv};
use lt_http::openapi::ReadErrors;
use lt_http::{
    ApiError, ChangesPage, ChangesQuery, Created, FieldError, IfMatch, Json, Page, PageQuery,
    ProblemKind, Validate, create_once, etag,
};
use lt_store::{
    Store, next_change_seq, now_utc, record_event, record_tombstone, take_seat, tombstones_after,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::store::{STREAM, SessionRow, find, insert_session, sample_sessions};

pub const SESSION_FULL: ProblemKind =
    ProblemKind::new("session_full", 409, "名额已满", "The session is full");
/// A title that makes creation fail after the idempotency key was claimed (tests only).
pub const FAIL_INSIDE: &str = "fail inside the transaction";
const BASE: &str = "/api/v1/sample/sessions";

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSession {
    pub title: String,
    pub capacity: i32,
}

fn check_title(title: &str, errors: &mut Vec<FieldError>) {
    if title.trim().is_empty() {
        errors.push(FieldError::new("title", "required", "must not be empty"));
    } else if title.chars().count() > 100 {
        errors.push(FieldError::new(
            "title",
            "too_long",
            "at most 100 characters",
        ));
    }
}

fn check_capacity(capacity: i32, errors: &mut Vec<FieldError>) {
    if !(1..=10_000).contains(&capacity) {
        errors.push(FieldError::new(
            "capacity",
            "out_of_range",
            "between 1 and 10000",
        ));
    }
}

impl Validate for NewSession {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_title(&self.title, &mut errors);
        check_capacity(self.capacity, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionChanges {
    pub title: Option<String>,
    pub capacity: Option<i32>,
}

impl Validate for SessionChanges {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Some(title) = &self.title {
            check_title(title, &mut errors);
        }
        if let Some(capacity) = self.capacity {
            check_capacity(capacity, &mut errors);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SessionView {
    pub id: String,
    pub title: String,
    pub capacity: i32,
    pub taken: i32,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<SessionRow> for SessionView {
    fn from(row: SessionRow) -> Self {
        Self {
            id: row.id,
            title: row.title,
            capacity: row.capacity,
            taken: row.taken,
            version: row.version,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        }
    }
}

fn with_etag(view: SessionView) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view)
}

#[utoipa::path(post, path = "/api/v1/sample/sessions", request_body = NewSession,
    responses((status = 201, body = SessionView)))]
pub async fn create(
    store: web::Data<Store>,
    req: HttpRequest,
    body: Json<NewSession>,
) -> Result<HttpResponse, ApiError> {
    let new = body.into_inner();
    let request = new.clone();
    create_once(&store, &req, "anonymous", &request, move |tx| {
        let seq = next_change_seq(tx, STREAM)?;
        if new.title == FAIL_INSIDE {
            return Err(ApiError::conflict("asked to fail inside the transaction"));
        }
        let id = insert_session(tx, seq, new.title.trim(), new.capacity)?;
        let view = SessionView::from(find(tx.conn(), &id)?);
        record_event(tx, "sample.session.created", &view)?;
        Ok(Created {
            location: format!("{BASE}/{id}"),
            version: Some(view.version),
            body: view,
        })
    })
    .await
}

#[utoipa::path(get, path = "/api/v1/sample/sessions/{id}", responses((status = 200, body = SessionView)))]
pub async fn read(
    store: web::Data<Store>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(find(conn, &id)?) })
        .await?;
    Ok(with_etag(row.into()))
}

#[utoipa::path(patch, path = "/api/v1/sample/sessions/{id}", request_body = SessionChanges,
    responses((status = 200, body = SessionView)))]
pub async fn update(
    store: web::Data<Store>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<SessionChanges>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.required()?.clone();
    let (id, changes) = (id.into_inner(), body.into_inner());
    let view = store
        .write(move |tx| {
            let current = find(tx.conn(), &id)?;
            precondition.check(current.version)?;
            let seq = next_change_seq(tx, STREAM)?;
            let updated = diesel::update(
                sample_sessions::table
                    .find(&id)
                    .filter(sample_sessions::version.eq(current.version)),
            )
            .set((
                sample_sessions::title.eq(changes
                    .title
                    .as_deref()
                    .map_or(current.title.clone(), |t| t.trim().to_owned())),
                sample_sessions::capacity.eq(changes.capacity.unwrap_or(current.capacity)),
                sample_sessions::version.eq(current.version + 1),
                sample_sessions::change_seq.eq(seq),
                sample_sessions::updated_at.eq(now_utc()),
            ))
            .execute(tx.conn())?;
            if updated == 0 {
                return Err(ApiError::new(&lt_http::kinds::PRECONDITION_FAILED));
            }
            let view = SessionView::from(find(tx.conn(), &id)?);
            record_event(tx, "sample.session.updated", &view)?;
            Ok(view)
        })
        .await?;
    Ok(with_etag(view))
}

#[utoipa::path(delete, path = "/api/v1/sample/sessions/{id}", responses((status = 204)))]
pub async fn delete(
    store: web::Data<Store>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    store
        .write(move |tx| {
            let deleted = diesel::delete(sample_sessions::table.find(&id)).execute(tx.conn())?;
            if deleted == 0 {
                return Err(ApiError::not_found());
            }
            record_tombstone(tx, STREAM, &id, now_utc())?;
            record_event(
                tx,
                "sample.session.deleted",
                &serde_json::json!({ "id": id }),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(get, path = "/api/v1/sample/sessions", params(PageQuery),
    responses((status = 200, body = Page<SessionView>)))]
pub async fn list(
    store: web::Data<Store>,
    req: HttpRequest,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let rows: Vec<SessionRow> = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(sample_sessions::table
                .filter(sample_sessions::seq.gt(page.after))
                .order(sample_sessions::seq.asc())
                .limit(page.fetch())
                .select(SessionRow::as_select())
                .load(conn)?)
        })
        .await?;
    if wants_csv(&req) {
        let text = csv_text(
            &["编号", "标题", "名额", "已报名"],
            rows.iter().map(|r| {
                vec![
                    r.id.clone(),
                    r.title.clone(),
                    r.capacity.to_string(),
                    r.taken.to_string(),
                ]
            }),
        );
        return Ok(csv_response("场次.csv", text));
    }
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, page, |r| r.seq, SessionView::from)))
}

#[utoipa::path(get, path = "/api/v1/sample/sessions/changes", params(ChangesQuery),
    responses((status = 200, body = ChangesPage<SessionView>)))]
pub async fn changes(
    store: web::Data<Store>,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    let request = query.resolve()?;
    let page = store
        .snapshot(move |conn| -> Result<_, ApiError> {
            let mut rows = sample_sessions::table
                .filter(sample_sessions::change_seq.gt(request.after))
                .order(sample_sessions::change_seq.asc())
                .limit(request.limit + 1)
                .select(SessionRow::as_select())
                .into_boxed();
            if let Some(since) = request.since {
                rows = rows.filter(sample_sessions::updated_at.ge(since));
            }
            let rows: Vec<SessionRow> = rows.load(conn)?;
            let tombstones = tombstones_after(
                conn,
                STREAM,
                request.after,
                request.since,
                request.limit + 1,
            )?;
            let rows = rows
                .into_iter()
                .map(|r| (r.change_seq, SessionView::from(r)))
                .collect();
            Ok(ChangesPage::merge(rows, tombstones, request))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

#[utoipa::path(post, path = "/api/v1/sample/sessions/{id}/seats", responses((status = 200, body = SessionView)))]
pub async fn take_a_seat(
    store: web::Data<Store>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let view = store
        .write(move |tx| {
            let seated = take_seat!(
                tx.conn(),
                sample_sessions::table.filter(sample_sessions::id.eq(&id)),
                sample_sessions::taken,
                sample_sessions::capacity
            )?;
            let row = find(tx.conn(), &id)?;
            if !seated {
                return Err(ApiError::new(&SESSION_FULL));
            }
            Ok(SessionView::from(row))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// A person as the service's live directory copy knows them (any signed-in caller). A
/// person created in identity a moment ago is found: the copy refreshes on a miss.
#[utoipa::path(get, path = "/api/v1/sample/people/{id}", security(("bearer" = [])),
    responses((status = 200, body = Object), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person or service"]))))]
pub async fn person(
    directory: web::Data<Directory>,
    _caller: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let person = directory
        .person(&id.into_inner())
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(HttpResponse::Ok().json(person))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![
        create,
        read,
        update,
        delete,
        list,
        changes,
        take_a_seat,
        person
    ]
}
