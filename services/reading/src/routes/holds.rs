//! Holds (预约) on a shelf's titles: a reader queues for a title; the copies that come back
//! go to the queue in order (`ready`: kept for the reader until they borrow it or cancel).
//! A hold placed while a copy is on the shelf is ready at once.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_text, field_errors, trimmed, unknown_reference};
use lt_http::{
    ApiError, Created, FieldError, Json, JsonOrEmpty, Page, PageQuery, Validate, create_once,
};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::returns::{Empty, pass_on};
use super::shelves::shelf_for;
use super::{BASE, utc};
use crate::domain::policy::{CirculationPolicy, ItemType};
use crate::problems::{ALREADY_HOLDING, NOT_FOR_LOAN, WRONG_STATE};
use crate::store::loans::{self, HoldRow, hold_status};
use crate::store::policies;
use crate::store::shelves::{self, copy_status};

/// A hold on a shelf's title.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct HoldView {
    pub id: String,
    pub shelf_id: String,
    pub book_id: String,
    pub person_id: String,
    /// `waiting`, `ready` (a copy is kept for the reader), `fulfilled` or `cancelled`.
    pub status: String,
    /// The copy kept, while ready.
    pub copy_id: Option<String>,
    /// 1 for the next reader served; while waiting.
    pub position: Option<i64>,
    pub created_at: DateTime<Utc>,
}

pub fn hold_view(conn: &mut lt_store::DbConnection, row: HoldRow) -> Result<HoldView, ApiError> {
    let position = if row.status == hold_status::WAITING {
        let ahead = loans::open_holds(conn, &row.shelf_id, &row.book_id)?
            .iter()
            .filter(|h| h.status == hold_status::WAITING && h.seq < row.seq)
            .count();
        Some(i64::try_from(ahead).unwrap_or(i64::MAX) + 1)
    } else {
        None
    };
    Ok(HoldView {
        created_at: utc(row.created_at),
        id: row.id,
        shelf_id: row.shelf_id,
        book_id: row.book_id,
        person_id: row.person_id,
        status: row.status,
        copy_id: row.copy_id,
        position,
    })
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHold {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub book_id: String,
}

impl Validate for NewHold {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("book_id", &self.book_id, 100, &mut errors);
        field_errors(errors)
    }
}

/// Hold a title of a shelf the caller borrows from.
#[utoipa::path(post, path = "/api/v1/reading/shelves/{shelf_id}/holds", tag = "loans", security(("bearer" = [])),
    request_body = NewHold, params(IdempotencyKeyHeader),
    responses((status = 201, body = HoldView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["any signed-in person (their unit's shelves and above)"]))))]
pub async fn place(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    req: HttpRequest,
    caller: Caller,
    shelf_id: web::Path<String>,
    body: Json<NewHold>,
) -> Result<HttpResponse, ApiError> {
    let (shelf, access) = shelf_for(&store, &directory, &caller, shelf_id.into_inner()).await?;
    if !access.reader {
        return Err(
            ApiError::forbidden().with_detail("hold titles of your own department's shelves")
        );
    }
    let reader = caller.person()?.clone();
    let person = reader.id.clone();
    let request = body.into_inner();
    let book = trimmed(&request.book_id).to_owned();
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor, &request, move |tx| {
        let copies = shelves::copies_of_title(tx.conn(), &shelf.id, &book)?;
        if copies.is_empty() {
            return Err(unknown_reference("book_id", "title on this shelf"));
        }
        // Only copies the reader could borrow count (reference items are read on the spot).
        let policy =
            policies::in_force::<CirculationPolicy>(tx.conn(), lt_programme::today())?.document;
        let category = policy.category_of(Some(reader.rank.as_str()));
        let copies: Vec<_> = copies
            .into_iter()
            .filter(|c| {
                ItemType::parse(&c.item_type)
                    .and_then(|t| policy.rule(category, t))
                    .is_some_and(|r| r.loan_days > 0)
            })
            .collect();
        if copies.is_empty() {
            return Err(ApiError::new(&NOT_FOR_LOAN)
                .with_detail("no copy of this title on the shelf is lent"));
        }
        // The title's copies take turns (as every loan and return of them).
        for copy in &copies {
            shelves::lock_copy(tx, &copy.id)?;
        }
        let holds = loans::open_holds(tx.conn(), &shelf.id, &book)?;
        if holds.iter().any(|h| h.person_id == person) {
            return Err(ApiError::new(&ALREADY_HOLDING));
        }
        let kept: Vec<Option<String>> = holds.iter().map(|h| h.copy_id.clone()).collect();
        let mut free = None;
        if holds.iter().all(|h| h.status != hold_status::WAITING) {
            for copy in copies.iter().filter(|c| c.status == copy_status::AVAILABLE) {
                if !kept.contains(&Some(copy.id.clone()))
                    && loans::open_loan_of(tx.conn(), &copy.id)?.is_none()
                {
                    free = Some(copy.id.clone());
                    break;
                }
            }
        }
        let status = if free.is_some() {
            hold_status::READY
        } else {
            hold_status::WAITING
        };
        let row = loans::insert_hold(tx, &shelf.id, &book, &person, status, free.as_deref())?;
        record_event(
            tx,
            "reading.hold.placed",
            &serde_json::json!({
                "hold_id": row.id, "person_id": row.person_id, "shelf_id": row.shelf_id,
                "book_id": row.book_id, "status": row.status,
            }),
        )?;
        let view = hold_view(tx.conn(), row)?;
        Ok(Created {
            location: format!("{BASE}/holds/{}", view.id),
            version: None,
            body: view,
        })
    })
    .await
}

/// The caller's holds, in the order placed.
#[utoipa::path(get, path = "/api/v1/reading/me/holds", tag = "loans", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<HoldView>), ReadErrors),
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
            let rows = loans::holds_of(conn, &person, page.after, page.fetch())?;
            Page::try_from_rows(rows, page, |r| r.seq, |r| hold_view(conn, r))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// The hold, for its reader or the shelf's keepers (404 otherwise).
async fn visible_hold(
    store: &Store,
    directory: &Directory,
    caller: &Caller,
    id: String,
) -> Result<HoldRow, ApiError> {
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(loans::find_hold(conn, &id)?) })
        .await?;
    if caller.user.person_id() == Some(row.person_id.as_str()) {
        return Ok(row);
    }
    match shelf_for(store, directory, caller, row.shelf_id.clone()).await {
        Ok((_, access)) if access.keeper => Ok(row),
        _ => Err(ApiError::not_found()),
    }
}

/// Read a hold (its reader, the shelf's keepers).
#[utoipa::path(get, path = "/api/v1/reading/holds/{hold_id}", tag = "loans", security(("bearer" = [])),
    responses((status = 200, body = HoldView), ReadErrors),
    extensions(("x-roles" = json!(["the reader", "admin", "coordinator (their department's shelves)"]))))]
pub async fn read(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    hold_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let row = visible_hold(&store, &directory, &caller, hold_id.into_inner()).await?;
    let view = store.read(move |conn| hold_view(conn, row)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Cancel a hold (its reader or a keeper). A copy kept for it goes to the next in line.
#[utoipa::path(post, path = "/api/v1/reading/holds/{hold_id}/cancellation", tag = "loans", security(("bearer" = [])),
    request_body = Option<Empty>,
    responses((status = 200, body = HoldView), WriteErrors),
    extensions(("x-roles" = json!(["the reader", "admin", "coordinator (their department's shelves)"]))))]
pub async fn cancel(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    hold_id: web::Path<String>,
    _body: JsonOrEmpty<Empty>,
) -> Result<HttpResponse, ApiError> {
    let row = visible_hold(&store, &directory, &caller, hold_id.into_inner()).await?;
    let view = store
        .write(move |tx| {
            for copy in shelves::copies_of_title(tx.conn(), &row.shelf_id, &row.book_id)? {
                shelves::lock_copy(tx, &copy.id)?;
            }
            let row = loans::find_hold(tx.conn(), &row.id)?;
            if !hold_status::OPEN.contains(&row.status.as_str()) {
                return Err(ApiError::new(&WRONG_STATE).with_detail(format!("the hold is {}", row.status)));
            }
            let kept = row.copy_id.clone().filter(|_| row.status == hold_status::READY);
            let row = loans::set_hold(tx, &row, hold_status::CANCELLED, None)?;
            record_event(tx, "reading.hold.cancelled", &serde_json::json!({
                "hold_id": row.id, "person_id": row.person_id, "shelf_id": row.shelf_id, "book_id": row.book_id,
            }))?;
            if let Some(copy) = kept {
                pass_on(tx, &row.shelf_id, &row.book_id, &copy)?;
            }
            hold_view(tx.conn(), row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![place, mine, read, cancel]
}
