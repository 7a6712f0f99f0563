//! `/api/v1/reading/notes`: reading notes (读书心得). A cadre submits a note on a book; the
//! reading programme reviews it — featured, or returned with a comment (the author may
//! rewrite and submit again). Featured notes are listed publicly, without a token, with the
//! author's name only if they agreed. Notes under review are the author's and reviewers'.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_http::Endpoints;
use lt_http::idempotency::{IdempotencyKeyHeader, IfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_text, field_errors, trimmed};
use lt_http::{
    ApiError, Created, FieldError, IfMatch, Json, Page, PageQuery, Validate, create_once, etag,
};
use lt_service::Caller;
use lt_store::{DbConnection, Store, WriteTx, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::books::parse_isbn;
use super::{BASE, utc};
use crate::access::{require_programme, runs_programme};
use crate::domain::isbn::Isbn;
use crate::problems::WRONG_STATE;
use crate::store::books::{self, BookFields};
use crate::store::notes::{self, NoteRow, NoteText, status};

mod views;
pub use views::*;

/// The note's text with its book (found or added to the catalogue).
fn text_of(tx: &mut WriteTx<'_>, request: &NoteRequest) -> Result<NoteText, ApiError> {
    let title = request.book_title.as_deref().map(|t| trimmed(t).to_owned());
    let book = match request.isbn.as_deref().and_then(|i| Isbn::parse(i).ok()) {
        Some(isbn) => match books::by_isbn(tx.conn(), isbn.as_str())? {
            Some(book) => book,
            None => {
                let title = title.clone().ok_or_else(|| {
                    ApiError::validation(vec![FieldError::new(
                        "book_title",
                        "required",
                        "the catalogue does not know this ISBN yet: give the title too",
                    )])
                })?;
                books::find_or_add(
                    tx,
                    &BookFields {
                        isbn: Some(isbn.to_string()),
                        title,
                        ..BookFields::default()
                    },
                )?
            }
        },
        None => books::find_or_add(
            tx,
            &BookFields {
                title: title.unwrap_or_default(),
                ..BookFields::default()
            },
        )?,
    };
    Ok(NoteText {
        book_id: Some(book.id),
        book_title: book.title,
        title: trimmed(&request.title).to_owned(),
        body: request.body.trim().to_owned(),
        show_name: request.show_name,
    })
}

/// Submit a note for review.
#[utoipa::path(post, path = "/api/v1/reading/notes", tag = "notes", security(("bearer" = [])),
    request_body = NoteRequest, params(IdempotencyKeyHeader),
    responses((status = 201, body = NoteView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn submit(
    store: web::Data<Store>,
    req: HttpRequest,
    caller: Caller,
    body: Json<NoteRequest>,
) -> Result<HttpResponse, ApiError> {
    let person = caller.person()?.clone();
    let request = body.into_inner();
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor, &request.clone(), move |tx| {
        let text = text_of(tx, &request)?;
        let row = notes::insert(tx, &person.id, person.org_unit_id.as_deref(), &text)?;
        record_event(tx, "reading.note.submitted", &serde_json::json!({"note_id": row.id, "person_id": row.person_id, "org_unit_id": row.org_unit_id}))?;
        let view = NoteView::from(row);
        Ok(Created { location: format!("{BASE}/notes/{}", view.id), version: Some(view.version), body: view })
    })
    .await
}

/// The caller's own notes, in the order written.
#[utoipa::path(get, path = "/api/v1/reading/notes", tag = "notes", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<NoteView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person (their own)"]))))]
pub async fn mine(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let person = caller.person_id()?.to_owned();
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = notes::list(conn, Some(&person), None, page.after, page.fetch())?;
            Ok(Page::from_rows(rows, page, |r| r.seq, NoteView::from))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Notes waiting for review, oldest first (the reading programme).
#[utoipa::path(get, path = "/api/v1/reading/notes/review-queue", tag = "notes", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<NoteView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "reading_coordinator"]))))]
pub async fn queue(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    require_programme(&caller)?;
    let page = query.resolve()?;
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = notes::list(
                conn,
                None,
                Some(status::SUBMITTED),
                page.after,
                page.fetch(),
            )?;
            Ok(Page::from_rows(rows, page, |r| r.seq, NoteView::from))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// The note for its author or a reviewer (404 for anyone else, featured or not).
async fn visible_note(store: &Store, caller: &Caller, id: String) -> Result<NoteRow, ApiError> {
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(notes::find(conn, &id)?) })
        .await?;
    if caller.user.person_id() == Some(row.person_id.as_str()) || runs_programme(caller) {
        Ok(row)
    } else {
        Err(ApiError::not_found())
    }
}

/// Read a note (its author, the reading programme).
#[utoipa::path(get, path = "/api/v1/reading/notes/{note_id}", tag = "notes", security(("bearer" = [])),
    responses((status = 200, body = NoteView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["the author", "admin", "reading_coordinator"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    note_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let row = visible_note(&store, &caller, note_id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(row.version)))
        .json(NoteView::from(row)))
}

/// Rewrite a note under review or returned (its author); it is submitted again. A featured
/// note stays as featured. Needs `If-Match`.
#[utoipa::path(put, path = "/api/v1/reading/notes/{note_id}", tag = "notes", security(("bearer" = [])),
    request_body = NoteRequest, params(IfMatchHeader),
    responses((status = 200, body = NoteView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["the author"]))))]
pub async fn rewrite(
    store: web::Data<Store>,
    caller: Caller,
    note_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<NoteRequest>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.required()?.clone();
    let row = visible_note(&store, &caller, note_id.into_inner()).await?;
    if caller.user.person_id() != Some(row.person_id.as_str()) {
        return Err(ApiError::forbidden().with_detail("only the author rewrites a note"));
    }
    let request = body.into_inner();
    let view = store
        .write(move |tx| {
            let row = notes::find(tx.conn(), &row.id)?;
            precondition.check(row.version)?;
            if row.status == status::FEATURED {
                return Err(ApiError::new(&WRONG_STATE).with_detail("a featured note stays as it was featured"));
            }
            let text = text_of(tx, &request)?;
            let row = notes::rewrite(tx, &row, &text)?.ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            record_event(tx, "reading.note.submitted", &serde_json::json!({"note_id": row.id, "person_id": row.person_id, "org_unit_id": row.org_unit_id}))?;
            Ok::<_, ApiError>(NoteView::from(row))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// A review.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    #[schema(pattern = "^(feature|return)$")]
    pub decision: String,
    /// Required when returning the note.
    #[schema(min_length = 1, max_length = 1000, pattern = "\\S")]
    pub comment: Option<String>,
}

impl Validate for Review {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if !["feature", "return"].contains(&self.decision.as_str()) {
            errors.push(FieldError::new("decision", "invalid", "feature or return"));
        }
        match &self.comment {
            Some(comment) => check_text("comment", comment, 1000, &mut errors),
            None if self.decision == "return" => errors.push(FieldError::new(
                "comment",
                "required",
                "say why it is returned",
            )),
            None => {}
        }
        field_errors(errors)
    }
}

/// Review a submitted note (the reading programme; not one's own).
#[utoipa::path(post, path = "/api/v1/reading/notes/{note_id}/review", tag = "notes", security(("bearer" = [])),
    request_body = Review,
    responses((status = 200, body = NoteView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "reading_coordinator"]))))]
pub async fn review(
    store: web::Data<Store>,
    caller: Caller,
    note_id: web::Path<String>,
    body: Json<Review>,
) -> Result<HttpResponse, ApiError> {
    require_programme(&caller)?;
    let row = visible_note(&store, &caller, note_id.into_inner()).await?;
    if caller.user.person_id() == Some(row.person_id.as_str()) {
        return Err(ApiError::forbidden().with_detail("nobody reviews their own note"));
    }
    let review = body.into_inner();
    let actor = caller.user.subject().into_owned();
    let view = store
        .write(move |tx| {
            let row = notes::find(tx.conn(), &row.id)?;
            if row.status != status::SUBMITTED {
                return Err(ApiError::new(&WRONG_STATE).with_detail(format!("the note is {}", row.status)));
            }
            let to = if review.decision == "feature" { status::FEATURED } else { status::RETURNED };
            let comment = review.comment.as_deref().map(trimmed);
            let row = notes::review(tx, &row, to, comment, &actor)?.ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            record_event(tx, &format!("reading.note.{to}"), &serde_json::json!({"note_id": row.id, "person_id": row.person_id, "org_unit_id": row.org_unit_id}))?;
            Ok::<_, ApiError>(NoteView::from(row))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// A featured note, as anyone sees it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FeaturedNote {
    pub id: String,
    pub book_title: String,
    pub title: String,
    pub body: String,
    /// The author's name, only if they agreed to show it.
    pub author_name: Option<String>,
    pub featured_at: Option<DateTime<Utc>>,
}

fn featured(conn: &mut DbConnection, row: NoteRow) -> Result<FeaturedNote, ApiError> {
    let author_name = if row.show_name {
        lt_directory::local::person(conn, &row.person_id)?.map(|p| p.name)
    } else {
        None
    };
    Ok(FeaturedNote {
        featured_at: row.reviewed_at.map(utc),
        id: row.id,
        book_title: row.book_title,
        title: row.title,
        body: row.body,
        author_name,
    })
}

/// Featured notes, in the order written: public, no token needed.
#[utoipa::path(get, path = "/api/v1/reading/notes/featured", tag = "notes",
    params(PageQuery), responses((status = 200, body = Page<FeaturedNote>), ReadErrors),
    extensions(("x-roles" = json!(["anyone (no token)"]))))]
pub async fn featured_list(
    store: web::Data<Store>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = notes::list(conn, None, Some(status::FEATURED), page.after, page.fetch())?;
            Page::try_from_rows(rows, page, |r| r.seq, |r| featured(conn, r))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![submit, mine, queue, read, rewrite, review, featured_list]
}
