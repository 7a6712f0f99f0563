//! `/api/v1/reading/books`: the catalogue. Reading coordinators add and correct books (by
//! ISBN-10 or ISBN-13, kept as ISBN-13); anyone signed in searches it. Logs, copies and
//! imports add books they name that the catalogue lacks.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_http::Endpoints;
use lt_http::idempotency::{IdempotencyKeyHeader, IfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_optional_text, check_text, field_errors, trimmed};
use lt_http::{
    ApiError, Created, FieldError, IfMatch, Json, Page, PageQuery, Validate, create_once, etag,
};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{BASE, utc};
use crate::access::require_programme;
use crate::domain::isbn::Isbn;
use crate::problems::BOOK_EXISTS;
use crate::store::books::{self, BookFields, BookRow};

/// A book of the catalogue.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct BookView {
    pub id: String,
    /// ISBN-13 (an ISBN-10 given is converted); absent for a book known by title only.
    pub isbn: Option<String>,
    pub title: String,
    pub author: Option<String>,
    pub category: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<BookRow> for BookView {
    fn from(row: BookRow) -> Self {
        Self {
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
            id: row.id,
            isbn: row.isbn,
            title: row.title,
            author: row.author,
            category: row.category,
            version: row.version,
        }
    }
}

/// An ISBN field: its ISBN-13, or the field error saying what is wrong with it.
pub fn parse_isbn(field: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<Isbn> {
    match Isbn::parse(text) {
        Ok(isbn) => Some(isbn),
        Err(e) => {
            errors.push(FieldError::new(field, "invalid_isbn", e.message()));
            None
        }
    }
}

/// A new book.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBook {
    /// ISBN-10 or ISBN-13, hyphens allowed.
    #[schema(min_length = 10, max_length = 17)]
    pub isbn: Option<String>,
    #[schema(min_length = 1, max_length = 300, pattern = "\\S")]
    pub title: String,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub author: Option<String>,
    /// The library's classification (中图分类) or a plain category.
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub category: Option<String>,
}

impl Validate for NewBook {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Some(isbn) = &self.isbn {
            parse_isbn("isbn", isbn, &mut errors);
        }
        check_text("title", &self.title, 300, &mut errors);
        check_optional_text("author", self.author.as_deref(), 200, &mut errors);
        check_optional_text("category", self.category.as_deref(), 100, &mut errors);
        field_errors(errors)
    }
}

impl NewBook {
    fn fields(&self) -> BookFields {
        BookFields {
            isbn: self
                .isbn
                .as_deref()
                .and_then(|i| Isbn::parse(i).ok())
                .map(|i| i.to_string()),
            title: trimmed(&self.title).to_owned(),
            author: self.author.as_deref().map(|a| trimmed(a).to_owned()),
            category: self.category.as_deref().map(|c| trimmed(c).to_owned()),
        }
    }
}

/// Add a book. A second book with the same ISBN is refused (`book_exists`, with the
/// existing one's id in the detail).
#[utoipa::path(post, path = "/api/v1/reading/books", tag = "catalogue", security(("bearer" = [])),
    request_body = NewBook, params(IdempotencyKeyHeader),
    responses((status = 201, body = BookView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "reading_coordinator"]))))]
pub async fn create(
    store: web::Data<Store>,
    req: HttpRequest,
    caller: Caller,
    body: Json<NewBook>,
) -> Result<HttpResponse, ApiError> {
    require_programme(&caller)?;
    let request = body.into_inner();
    let fields = request.fields();
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor, &request, move |tx| {
        if let Some(isbn) = &fields.isbn {
            // Taken first: two additions of one ISBN take turns and the second sees the first.
            lt_store::next_change_seq(tx, books::STREAM)?;
            if let Some(existing) = books::by_isbn(tx.conn(), isbn)? {
                return Err(ApiError::new(&BOOK_EXISTS)
                    .with_detail(format!("the catalogue has it: book {}", existing.id)));
            }
        }
        let view = BookView::from(books::insert(tx, &fields)?);
        record_event(tx, "reading.book.added", &view)?;
        Ok(Created {
            location: format!("{BASE}/books/{}", view.id),
            version: Some(view.version),
            body: view,
        })
    })
    .await
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BookSearch {
    /// Part of the title or the author (blank: every book).
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// An ISBN-10 or ISBN-13.
    #[param(min_length = 10, max_length = 17)]
    pub isbn: Option<String>,
}

/// Search the catalogue, in the order books were added.
#[utoipa::path(get, path = "/api/v1/reading/books", tag = "catalogue", security(("bearer" = [])),
    params(PageQuery, BookSearch), responses((status = 200, body = Page<BookView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
    search: web::Query<BookSearch>,
) -> Result<HttpResponse, ApiError> {
    caller.person_id()?;
    let page = query.resolve()?;
    let search = search.into_inner();
    let isbn = match search.isbn.as_deref() {
        None => None,
        Some(text) => Some(Isbn::parse(text).map_err(|e| {
            ApiError::new(&lt_http::kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "isbn",
                "invalid_isbn",
                e.message(),
            )])
        })?),
    };
    if search.q.as_ref().is_some_and(|q| q.chars().count() > 100) {
        return Err(
            ApiError::new(&lt_http::kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "q",
                "too_long",
                "at most 100 characters",
            )]),
        );
    }
    let text = search
        .q
        .map(|q| trimmed(&q).to_owned())
        .filter(|q| !q.is_empty());
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = books::list(
                conn,
                page.after,
                page.fetch(),
                text.as_deref(),
                isbn.as_ref().map(Isbn::as_str),
            )?;
            Ok(Page::from_rows(rows, page, |r| r.seq, BookView::from))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Read a book.
#[utoipa::path(get, path = "/api/v1/reading/books/{book_id}", tag = "catalogue", security(("bearer" = [])),
    responses((status = 200, body = BookView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    book_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.person_id()?;
    let id = book_id.into_inner();
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(books::find(conn, &id)?) })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(row.version)))
        .json(BookView::from(row)))
}

/// Fields to change; absent fields stay.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookChanges {
    #[schema(min_length = 10, max_length = 17)]
    pub isbn: Option<String>,
    #[schema(min_length = 1, max_length = 300, pattern = "\\S")]
    pub title: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub author: Option<String>,
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub category: Option<String>,
}

impl Validate for BookChanges {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Some(isbn) = &self.isbn {
            parse_isbn("isbn", isbn, &mut errors);
        }
        check_optional_text("title", self.title.as_deref(), 300, &mut errors);
        check_optional_text("author", self.author.as_deref(), 200, &mut errors);
        check_optional_text("category", self.category.as_deref(), 100, &mut errors);
        field_errors(errors)
    }
}

/// Correct a book. Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/reading/books/{book_id}", tag = "catalogue", security(("bearer" = [])),
    request_body = BookChanges, params(IfMatchHeader),
    responses((status = 200, body = BookView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "reading_coordinator"]))))]
pub async fn update(
    store: web::Data<Store>,
    caller: Caller,
    book_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<BookChanges>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.required()?.clone();
    require_programme(&caller)?;
    let id = book_id.into_inner();
    let changes = body.into_inner();
    let view = store
        .write(move |tx| {
            let current = books::find(tx.conn(), &id)?;
            precondition.check(current.version)?;
            let isbn = match changes.isbn.as_deref() {
                Some(text) => Isbn::parse(text).ok().map(|i| i.to_string()),
                None => current.isbn.clone(),
            };
            if let Some(isbn) = isbn
                .as_deref()
                .filter(|i| current.isbn.as_deref() != Some(*i))
            {
                lt_store::next_change_seq(tx, books::STREAM)?;
                if let Some(existing) = books::by_isbn(tx.conn(), isbn)? {
                    return Err(ApiError::new(&BOOK_EXISTS)
                        .with_detail(format!("the catalogue has it: book {}", existing.id)));
                }
            }
            let fields = BookFields {
                isbn,
                title: changes
                    .title
                    .as_deref()
                    .map_or(current.title.clone(), |t| trimmed(t).to_owned()),
                author: changes
                    .author
                    .as_deref()
                    .map(|a| trimmed(a).to_owned())
                    .or(current.author.clone()),
                category: changes
                    .category
                    .as_deref()
                    .map(|c| trimmed(c).to_owned())
                    .or(current.category.clone()),
            };
            let row = books::update(tx, &current.id, current.version, &fields)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            let view = BookView::from(row);
            record_event(tx, "reading.book.updated", &view)?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, list, read, update]
}
