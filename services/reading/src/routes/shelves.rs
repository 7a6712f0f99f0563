//! `/api/v1/reading/shelves`: department shelves (optional per department) and their copies.
//! A coordinator keeps their department's shelves (their unit and below), admins all; a
//! cadre sees and borrows from the shelves of their own unit and the units above it.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{
    check_optional_text, check_text, field_errors, referenced, trimmed, unknown_reference,
};
use lt_http::{ApiError, Created, FieldError, Json, Page, PageQuery, Validate, create_once};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::books::parse_isbn;
use super::{BASE, utc};
use crate::access::keeps_shelf;
use crate::domain::isbn::Isbn;
use crate::domain::policy::ItemType;
use crate::store::books::{self, BookFields};
use crate::store::loans;
use crate::store::shelves::{self, CopyRow, ShelfRow};

/// A department shelf.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ShelfView {
    pub id: String,
    /// The department it belongs to: it lends to the cadres of this unit and below.
    pub org_unit_id: String,
    pub name: String,
    pub location: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<ShelfRow> for ShelfView {
    fn from(row: ShelfRow) -> Self {
        Self {
            created_at: utc(row.created_at),
            id: row.id,
            org_unit_id: row.org_unit_id,
            name: row.name,
            location: row.location,
        }
    }
}

/// What the caller may do with a shelf.
#[derive(Clone, Copy, Debug)]
pub struct ShelfAccess {
    /// Keeps it: adds copies, lends, records returns, sees every loan.
    pub keeper: bool,
    /// Borrows from it (their unit is the shelf's or below it).
    pub reader: bool,
}

/// The shelf and what the caller may do with it; 404 when neither.
pub async fn shelf_for(
    store: &Store,
    directory: &Directory,
    caller: &Caller,
    id: String,
) -> Result<(ShelfRow, ShelfAccess), ApiError> {
    let shelf = store
        .read(move |conn| -> Result<_, ApiError> { Ok(shelves::find(conn, &id)?) })
        .await?;
    let ancestry = lt_service::ancestry(directory, Some(shelf.org_unit_id.clone())).await?;
    let mine = lt_service::ancestry(directory, caller.org_unit().map(str::to_owned)).await?;
    let access = ShelfAccess {
        keeper: keeps_shelf(caller, &ancestry),
        reader: mine.contains(&shelf.org_unit_id),
    };
    if access.keeper || access.reader {
        Ok((shelf, access))
    } else {
        Err(ApiError::not_found())
    }
}

/// A new shelf.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewShelf {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: String,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub location: Option<String>,
    /// The department; default: the coordinator's own unit (admins must say).
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub org_unit_id: Option<String>,
}

impl Validate for NewShelf {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("name", &self.name, 100, &mut errors);
        check_optional_text("location", self.location.as_deref(), 200, &mut errors);
        check_optional_text("org_unit_id", self.org_unit_id.as_deref(), 100, &mut errors);
        field_errors(errors)
    }
}

/// Open a shelf for a department: a coordinator for their unit or one below it, admins for
/// any.
#[utoipa::path(post, path = "/api/v1/reading/shelves", tag = "shelves", security(("bearer" = [])),
    request_body = NewShelf, params(IdempotencyKeyHeader),
    responses((status = 201, body = ShelfView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their department)"]))))]
pub async fn create(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    req: HttpRequest,
    caller: Caller,
    body: Json<NewShelf>,
) -> Result<HttpResponse, ApiError> {
    // Only admins and coordinators keep shelves: anyone else is refused before any lookup.
    if !caller.is_admin() && caller.coordinated_unit().is_none() {
        return Err(ApiError::forbidden()
            .with_detail("shelves are set up by the programme office and coordinators"));
    }
    let request = body.into_inner();
    let unit = match request.org_unit_id.as_deref().map(trimmed) {
        Some(unit) => unit.to_owned(),
        None => caller
            .coordinated_unit()
            .map(str::to_owned)
            .ok_or_else(|| {
                ApiError::validation(vec![FieldError::new(
                    "org_unit_id",
                    "required",
                    "the department the shelf belongs to",
                )])
            })?,
    };
    if directory.org_unit(&unit).await?.is_none() {
        return Err(unknown_reference("org_unit_id", "org unit"));
    }
    let ancestry = lt_service::ancestry(&directory, Some(unit.clone())).await?;
    if !keeps_shelf(&caller, &ancestry) {
        return Err(ApiError::forbidden()
            .with_detail("a department's coordinator or the programme office opens its shelves"));
    }
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor.clone(), &request.clone(), move |tx| {
        let row = shelves::insert(
            tx,
            &unit,
            trimmed(&request.name),
            request.location.as_deref().map(trimmed),
            &actor,
        )?;
        let view = ShelfView::from(row);
        record_event(tx, "reading.shelf.opened", &view)?;
        Ok(Created {
            location: format!("{BASE}/shelves/{}", view.id),
            version: None,
            body: view,
        })
    })
    .await
}

/// Shelves the caller borrows from or keeps (admins: all), in the order opened.
#[utoipa::path(get, path = "/api/v1/reading/shelves", tag = "shelves", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<ShelfView>), ReadErrors),
    extensions(("x-roles" = json!(["admin (all)", "coordinator (their subtree)", "any signed-in person (their unit's and above)"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    caller.person_id()?;
    let (admin, own_unit, coordinated) = (
        caller.is_admin(),
        caller.org_unit().map(str::to_owned),
        caller.coordinated_unit().map(str::to_owned),
    );
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let units = if admin {
                None
            } else {
                let mut units = match &own_unit {
                    Some(unit) => lt_directory::local::ancestry(conn, unit)?,
                    None => Vec::new(),
                };
                if let Some(root) = &coordinated {
                    units.extend(lt_directory::local::subtree(conn, root)?);
                }
                Some(units)
            };
            let rows = shelves::list(conn, page.after, page.fetch(), units.as_deref())?;
            Ok(Page::from_rows(rows, page, |r| r.seq, ShelfView::from))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Read a shelf.
#[utoipa::path(get, path = "/api/v1/reading/shelves/{shelf_id}", tag = "shelves", security(("bearer" = [])),
    responses((status = 200, body = ShelfView), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their subtree)", "any signed-in person (their unit's and above)"]))))]
pub async fn read(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    shelf_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (shelf, _) = shelf_for(&store, &directory, &caller, shelf_id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ShelfView::from(shelf)))
}

/// A copy on a shelf.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CopyView {
    pub id: String,
    pub shelf_id: String,
    pub book_id: String,
    pub isbn: Option<String>,
    pub title: String,
    pub item_type: ItemType,
    pub barcode: Option<String>,
    /// `available` (on the shelf or on loan) or `withdrawn`.
    pub status: String,
    pub on_loan: bool,
    /// While on loan.
    pub due_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

pub fn copy_view(conn: &mut lt_store::DbConnection, row: CopyRow) -> Result<CopyView, ApiError> {
    let book = books::find(conn, &row.book_id)?;
    let open = loans::open_loan_of(conn, &row.id)?;
    Ok(CopyView {
        item_type: ItemType::parse(&row.item_type)
            .ok_or_else(|| anyhow::anyhow!("copy {} has an invalid item type", row.id))?,
        on_loan: open.is_some(),
        due_on: open.map(|l| l.due_on),
        created_at: utc(row.created_at),
        id: row.id,
        shelf_id: row.shelf_id,
        book_id: book.id,
        isbn: book.isbn,
        title: book.title,
        barcode: row.barcode,
        status: row.status,
    })
}

/// A copy to add: the book by ISBN (added to the catalogue with `title` when new) or by
/// `book_id`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCopy {
    #[schema(min_length = 10, max_length = 17)]
    pub isbn: Option<String>,
    #[schema(min_length = 1, max_length = 100)]
    pub book_id: Option<String>,
    #[schema(min_length = 1, max_length = 300, pattern = "\\S")]
    pub title: Option<String>,
    /// Default `book`.
    pub item_type: Option<ItemType>,
    #[schema(min_length = 1, max_length = 50, pattern = "\\S")]
    pub barcode: Option<String>,
}

impl Validate for NewCopy {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        match (&self.isbn, &self.book_id) {
            (Some(isbn), _) => {
                parse_isbn("isbn", isbn, &mut errors);
            }
            (None, Some(id)) => check_text("book_id", id, 100, &mut errors),
            (None, None) => errors.push(FieldError::new(
                "isbn",
                "required",
                "the book, by isbn or book_id",
            )),
        }
        check_optional_text("title", self.title.as_deref(), 300, &mut errors);
        check_optional_text("barcode", self.barcode.as_deref(), 50, &mut errors);
        field_errors(errors)
    }
}

/// Add a copy to a shelf (its keepers).
#[utoipa::path(post, path = "/api/v1/reading/shelves/{shelf_id}/copies", tag = "shelves", security(("bearer" = [])),
    request_body = NewCopy, params(IdempotencyKeyHeader),
    responses((status = 201, body = CopyView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their department)"]))))]
pub async fn add_copy(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    req: HttpRequest,
    caller: Caller,
    shelf_id: web::Path<String>,
    body: Json<NewCopy>,
) -> Result<HttpResponse, ApiError> {
    let (shelf, access) = shelf_for(&store, &directory, &caller, shelf_id.into_inner()).await?;
    if !access.keeper {
        return Err(ApiError::forbidden().with_detail("the shelf's keepers add copies"));
    }
    let request = body.into_inner();
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor, &request.clone(), move |tx| {
        let book = match (request.isbn.as_deref().and_then(|i| Isbn::parse(i).ok()), &request.book_id) {
            (Some(isbn), _) => match books::by_isbn(tx.conn(), isbn.as_str())? {
                Some(book) => book,
                None => {
                    let title = request.title.as_deref().map(|t| trimmed(t).to_owned()).ok_or_else(|| {
                        ApiError::validation(vec![FieldError::new("title", "required", "the catalogue does not know this ISBN yet: give the title too")])
                    })?;
                    books::find_or_add(tx, &BookFields { isbn: Some(isbn.to_string()), title, ..BookFields::default() })?
                }
            },
            (None, Some(id)) => books::find(tx.conn(), trimmed(id)).map_err(referenced("book_id", "book"))?,
            (None, None) => return Err(ApiError::validation(vec![FieldError::new("isbn", "required", "the book")])),
        };
        let item_type = request.item_type.unwrap_or(ItemType::Book);
        let row = shelves::insert_copy(tx, &shelf.id, &book.id, item_type.as_str(), request.barcode.as_deref().map(trimmed))?;
        let view = copy_view(tx.conn(), row)?;
        record_event(tx, "reading.copy.added", &serde_json::json!({
            "copy_id": view.id, "shelf_id": view.shelf_id, "book_id": view.book_id, "item_type": view.item_type,
        }))?;
        Ok(Created { location: format!("{BASE}/copies/{}", view.id), version: None, body: view })
    })
    .await
}

/// A shelf's copies, in the order added, with whether each is on loan.
#[utoipa::path(get, path = "/api/v1/reading/shelves/{shelf_id}/copies", tag = "shelves", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<CopyView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their subtree)", "any signed-in person (their unit's and above)"]))))]
pub async fn copies(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    shelf_id: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let (shelf, _) = shelf_for(&store, &directory, &caller, shelf_id.into_inner()).await?;
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = shelves::copies_of(conn, &shelf.id, page.after, page.fetch())?;
            Page::try_from_rows(rows, page, |r| r.seq, |r| copy_view(conn, r))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Read a copy.
#[utoipa::path(get, path = "/api/v1/reading/copies/{copy_id}", tag = "shelves", security(("bearer" = [])),
    responses((status = 200, body = CopyView), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their subtree)", "any signed-in person (their unit's and above)"]))))]
pub async fn read_copy(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    copy_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = copy_id.into_inner();
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(shelves::find_copy(conn, &id)?) })
        .await?;
    shelf_for(&store, &directory, &caller, row.shelf_id.clone()).await?;
    let view = store.read(move |conn| copy_view(conn, row)).await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, list, read, add_copy, copies, read_copy]
}
