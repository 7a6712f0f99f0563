//! `/api/v1/reading/book-lists`: recommended book lists (推荐书目), on their own or for a
//! campaign, made by the reading programme and read by anyone signed in.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_optional_text, check_text, field_errors, referenced, trimmed};
use lt_http::{ApiError, Created, FieldError, Json, Page, PageQuery, Validate, create_once};
use lt_service::Caller;
use lt_store::{DbConnection, Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::books::{BookView, parse_isbn};
use super::{BASE, utc};
use crate::access::require_programme;
use crate::domain::isbn::Isbn;
use crate::store::books::{self, BookFields};
use crate::store::campaigns;
use crate::store::lists::{self, ListRow};

/// A book on a list, with the list's word on it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ListEntry {
    pub book: BookView,
    pub note: Option<String>,
}

/// A recommended book list.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct BookListView {
    pub id: String,
    pub campaign_id: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub books: Vec<ListEntry>,
    pub created_at: DateTime<Utc>,
}

fn list_view(conn: &mut DbConnection, row: ListRow) -> Result<BookListView, ApiError> {
    let mut entries = Vec::new();
    for (book, note) in lists::items(conn, &row.id)? {
        entries.push(ListEntry {
            book: BookView::from(books::find(conn, &book)?),
            note,
        });
    }
    Ok(BookListView {
        created_at: utc(row.created_at),
        id: row.id,
        campaign_id: row.campaign_id,
        title: row.title,
        description: row.description,
        books: entries,
    })
}

/// A book for a new list: by ISBN (with its title when the catalogue lacks it) or id.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ListBook {
    #[schema(min_length = 10, max_length = 17)]
    pub isbn: Option<String>,
    #[schema(min_length = 1, max_length = 100)]
    pub book_id: Option<String>,
    #[schema(min_length = 1, max_length = 300, pattern = "\\S")]
    pub title: Option<String>,
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBookList {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: String,
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    #[schema(min_length = 1, max_length = 100)]
    pub campaign_id: Option<String>,
    #[schema(min_items = 1, max_items = 100)]
    pub books: Vec<ListBook>,
}

impl Validate for NewBookList {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("title", &self.title, 200, &mut errors);
        if self
            .description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 2000)
        {
            errors.push(FieldError::new(
                "description",
                "too_long",
                "at most 2000 characters",
            ));
        }
        if self.books.is_empty() || self.books.len() > 100 {
            errors.push(FieldError::new("books", "out_of_range", "1 to 100 books"));
        }
        for (i, book) in self.books.iter().enumerate() {
            match (&book.isbn, &book.book_id) {
                (Some(isbn), _) => {
                    parse_isbn(&format!("books[{i}].isbn"), isbn, &mut errors);
                }
                (None, Some(id)) => {
                    check_text(&format!("books[{i}].book_id"), id, 100, &mut errors)
                }
                (None, None) => errors.push(FieldError::new(
                    format!("books[{i}].isbn"),
                    "required",
                    "by isbn or book_id",
                )),
            }
            check_optional_text(
                &format!("books[{i}].title"),
                book.title.as_deref(),
                300,
                &mut errors,
            );
            if book.note.as_ref().is_some_and(|n| n.chars().count() > 500) {
                errors.push(FieldError::new(
                    format!("books[{i}].note"),
                    "too_long",
                    "at most 500 characters",
                ));
            }
        }
        field_errors(errors)
    }
}

/// Publish a book list (the reading programme).
#[utoipa::path(post, path = "/api/v1/reading/book-lists", tag = "catalogue", security(("bearer" = [])),
    request_body = NewBookList, params(IdempotencyKeyHeader),
    responses((status = 201, body = BookListView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "reading_coordinator"]))))]
pub async fn create(
    store: web::Data<Store>,
    req: HttpRequest,
    caller: Caller,
    body: Json<NewBookList>,
) -> Result<HttpResponse, ApiError> {
    require_programme(&caller)?;
    let request = body.into_inner();
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor.clone(), &request.clone(), move |tx| {
        let campaign = match request.campaign_id.as_deref().map(trimmed) {
            Some(id) => Some(campaigns::find(tx.conn(), id).map_err(referenced("campaign_id", "campaign"))?.id),
            None => None,
        };
        let mut items = Vec::new();
        for (i, entry) in request.books.iter().enumerate() {
            let book = match (entry.isbn.as_deref().and_then(|t| Isbn::parse(t).ok()), &entry.book_id) {
                (Some(isbn), _) => match books::by_isbn(tx.conn(), isbn.as_str())? {
                    Some(book) => book,
                    None => {
                        let title = entry.title.as_deref().map(|t| trimmed(t).to_owned()).ok_or_else(|| {
                            ApiError::validation(vec![FieldError::new(format!("books[{i}].title"), "required", "the catalogue does not know this ISBN yet: give the title too")])
                        })?;
                        books::find_or_add(tx, &BookFields { isbn: Some(isbn.to_string()), title, ..BookFields::default() })?
                    }
                },
                (None, Some(id)) => books::find(tx.conn(), trimmed(id)).map_err(referenced(format!("books[{i}].book_id"), "book"))?,
                (None, None) => return Err(ApiError::validation(vec![FieldError::new(format!("books[{i}].isbn"), "required", "by isbn or book_id")])),
            };
            items.push((book.id, entry.note.as_deref().map(|n| n.trim().to_owned()).filter(|n| !n.is_empty())));
        }
        let row = lists::insert(tx, campaign.as_deref(), trimmed(&request.title), request.description.as_deref(), &items, &actor)?;
        let view = list_view(tx.conn(), row)?;
        record_event(tx, "reading.book_list.published", &serde_json::json!({"list_id": view.id, "campaign_id": view.campaign_id, "books": view.books.len()}))?;
        Ok(Created { location: format!("{BASE}/book-lists/{}", view.id), version: None, body: view })
    })
    .await
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListFilter {
    /// Only the lists of this campaign.
    pub campaign_id: Option<String>,
}

/// Book lists, in the order published.
#[utoipa::path(get, path = "/api/v1/reading/book-lists", tag = "catalogue", security(("bearer" = [])),
    params(PageQuery, ListFilter), responses((status = 200, body = Page<BookListView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
    filter: web::Query<ListFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.person_id()?;
    let page = query.resolve()?;
    let campaign = filter.into_inner().campaign_id;
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = lists::list(conn, campaign.as_deref(), page.after, page.fetch())?;
            Page::try_from_rows(rows, page, |r| r.seq, |r| list_view(conn, r))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Read a book list.
#[utoipa::path(get, path = "/api/v1/reading/book-lists/{list_id}", tag = "catalogue", security(("bearer" = [])),
    responses((status = 200, body = BookListView), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    list_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.person_id()?;
    let id = list_id.into_inner();
    let view = store
        .read(move |conn| -> Result<_, ApiError> {
            let row = lists::find(conn, &id)?;
            list_view(conn, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, list, read]
}
