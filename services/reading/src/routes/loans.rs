//! `/api/v1/reading/loans`: borrowing from department shelves. A cadre borrows for themself
//! at the shelf (self-service); its keepers lend to the department's cadres and record
//! returns. Due days come from the circulation policy by reader category and item type;
//! the first reader in a title's hold queue gets the next copy; a copy is never on two open
//! loans (100 readers reaching for one copy at once: one loan, 99 answers `copy_on_loan`).

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{
    check_text, field_errors, referenced, referenced_answer, trimmed, unknown_reference,
};
use lt_http::{ApiError, Created, FieldError, Json, Page, PageQuery, Validate, create_once};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::shelves::shelf_for;
use super::{BASE, utc};
use crate::domain::circulation::{days_overdue, due_on};
use crate::domain::policy::{CirculationPolicy, ItemType};
use crate::problems::{
    COPY_ON_LOAN, COPY_WITHDRAWN, HELD_FOR_ANOTHER, LOAN_LIMIT_REACHED, NOT_FOR_LOAN,
};
use crate::store::loans::{self, HoldRow, LoanRow, NewLoan, hold_status};
use crate::store::shelves::{self, copy_status};
use crate::store::{books, policies};

/// A loan of a shelf copy.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct LoanView {
    #[serde(flatten)]
    pub loan: LoanChange,
    pub person_id: String,
}

/// A loan of a shelf copy without its borrower, as the changes feed gives it (who read
/// what is private).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct LoanChange {
    pub id: String,
    pub copy_id: String,
    pub shelf_id: String,
    pub book_id: String,
    pub title: String,
    pub item_type: ItemType,
    pub borrowed_at: DateTime<Utc>,
    pub due_on: NaiveDate,
    pub renewals: i32,
    pub returned_at: Option<DateTime<Utc>>,
    /// Days past due today (0 when not due yet or returned).
    pub days_overdue: i64,
    /// The circulation policy version that set the loan's terms.
    pub policy_version: i32,
}

pub fn loan_view(conn: &mut lt_store::DbConnection, row: LoanRow) -> Result<LoanView, ApiError> {
    let title = books::find(conn, &row.book_id)?.title;
    Ok(LoanView {
        person_id: row.person_id.clone(),
        loan: LoanChange {
            item_type: ItemType::parse(&row.item_type)
                .ok_or_else(|| anyhow::anyhow!("loan {} has an invalid item type", row.id))?,
            days_overdue: if row.returned_at.is_some() {
                0
            } else {
                days_overdue(row.due_on, lt_programme::today())
            },
            borrowed_at: utc(row.borrowed_at),
            returned_at: row.returned_at.map(utc),
            id: row.id,
            copy_id: row.copy_id,
            shelf_id: row.shelf_id,
            book_id: row.book_id,
            title,
            due_on: row.due_on,
            renewals: row.renewals,
            policy_version: row.policy_version,
        },
    })
}

/// The payload of every `reading.loan.*` event (docs/events.md).
pub(crate) fn loan_event(row: &LoanRow) -> serde_json::Value {
    serde_json::json!({
        "loan_id": row.id, "copy_id": row.copy_id, "shelf_id": row.shelf_id, "book_id": row.book_id,
        "person_id": row.person_id, "org_unit_id": row.org_unit_id, "due_on": row.due_on,
        "renewals": row.renewals, "returned_at": row.returned_at.map(utc),
    })
}

/// A loan to make: the copy, and the borrower when a keeper lends (default: the caller).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLoanRequest {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub copy_id: String,
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub person_id: Option<String>,
}

impl Validate for NewLoanRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("copy_id", &self.copy_id, 100, &mut errors);
        if let Some(person) = &self.person_id {
            check_text("person_id", person, 100, &mut errors);
        }
        field_errors(errors)
    }
}

/// Whether the hold queue lets `borrower` have `copy_id` now: no one else holds it ready,
/// and no one waits ahead of them. Their own hold, if any, is returned to fulfil.
fn queue_allows(
    holds: &[HoldRow],
    copy_id: &str,
    borrower: &str,
) -> Result<Option<HoldRow>, ApiError> {
    let mine = holds.iter().find(|h| h.person_id == borrower).cloned();
    let kept_for_other = holds.iter().any(|h| {
        h.status == hold_status::READY
            && h.copy_id.as_deref() == Some(copy_id)
            && h.person_id != borrower
    });
    let first_waiting = holds.iter().find(|h| h.status == hold_status::WAITING);
    let mine_ready_here = mine
        .as_ref()
        .is_some_and(|h| h.status == hold_status::READY && h.copy_id.as_deref() == Some(copy_id));
    if kept_for_other
        || (!mine_ready_here && first_waiting.is_some_and(|h| h.person_id != borrower))
    {
        return Err(ApiError::new(&HELD_FOR_ANOTHER));
    }
    Ok(mine)
}

/// Borrow a copy (a cadre at their department's shelf) or lend it (a keeper, `person_id`).
#[utoipa::path(post, path = "/api/v1/reading/loans", tag = "loans", security(("bearer" = [])),
    request_body = NewLoanRequest, params(IdempotencyKeyHeader),
    responses((status = 201, body = LoanView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["any signed-in person (for themself, at their unit's shelves)", "admin", "coordinator (their department's shelves)"]))))]
pub async fn create(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    req: HttpRequest,
    caller: Caller,
    body: Json<NewLoanRequest>,
) -> Result<HttpResponse, ApiError> {
    // People borrow and lend; a service account is refused before any lookup answers it.
    caller.person_id()?;
    let request = body.into_inner();
    let copy_id = trimmed(&request.copy_id).to_owned();
    let lookup = copy_id.clone();
    let copy = store
        .read(move |conn| shelves::find_copy(conn, &lookup).map_err(referenced("copy_id", "copy")))
        .await?;
    let (shelf, access) = shelf_for(&store, &directory, &caller, copy.shelf_id.clone())
        .await
        .map_err(referenced_answer("copy_id", "copy"))?;
    let borrower = match request.person_id.as_deref().map(trimmed) {
        Some(someone) if caller.user.person_id() != Some(someone) => {
            if !access.keeper {
                return Err(ApiError::forbidden().with_detail("the shelf's keepers lend to others"));
            }
            let person = directory
                .person(someone)
                .await?
                .filter(|p| p.active)
                .ok_or_else(|| unknown_reference("person_id", "active person"))?;
            let within = match &person.org_unit_id {
                Some(unit) => lt_service::ancestry(&directory, Some(unit.clone()))
                    .await?
                    .contains(&shelf.org_unit_id),
                None => false,
            };
            if !within {
                return Err(ApiError::validation(vec![FieldError::new(
                    "person_id",
                    "out_of_scope",
                    "this shelf lends to its department's cadres",
                )]));
            }
            person
        }
        _ => {
            if !access.reader {
                return Err(
                    ApiError::forbidden().with_detail("borrow from your own department's shelves")
                );
            }
            caller.person()?.clone()
        }
    };
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor.clone(), &request.clone(), move |tx| {
        // Loans of one copy take turns here; the unique index backs it.
        let copy = shelves::lock_copy(tx, &copy_id)?;
        if copy.status == copy_status::WITHDRAWN {
            return Err(ApiError::new(&COPY_WITHDRAWN));
        }
        if let Some(open) = loans::open_loan_of(tx.conn(), &copy.id)? {
            return Err(
                ApiError::new(&COPY_ON_LOAN).with_detail(format!("due back on {}", open.due_on))
            );
        }
        let today = lt_programme::today();
        let policy = policies::in_force::<CirculationPolicy>(tx.conn(), today)?;
        let item_type = ItemType::parse(&copy.item_type)
            .ok_or_else(|| anyhow::anyhow!("copy {} has an invalid item type", copy.id))?;
        let category = policy.document.category_of(Some(borrower.rank.as_str()));
        let rule = policy
            .document
            .rule(category, item_type)
            .filter(|r| r.loan_days > 0)
            .ok_or_else(|| ApiError::new(&NOT_FOR_LOAN))?
            .clone();
        let open = loans::open_count(tx.conn(), &borrower.id, item_type.as_str())?;
        if open >= i64::from(rule.max_open_loans) {
            return Err(ApiError::new(&LOAN_LIMIT_REACHED)
                .with_detail(format!("at most {} at once", rule.max_open_loans)));
        }
        let holds = loans::open_holds(tx.conn(), &copy.shelf_id, &copy.book_id)?;
        let mine = queue_allows(&holds, &copy.id, &borrower.id)?;
        let row = loans::insert(
            tx,
            &NewLoan {
                copy_id: &copy.id,
                shelf_id: &copy.shelf_id,
                book_id: &copy.book_id,
                person_id: &borrower.id,
                org_unit_id: borrower.org_unit_id.as_deref(),
                item_type: item_type.as_str(),
                due_on: due_on(&rule, today),
                lent_by: &actor,
                policy_version: policy.version,
            },
        )?;
        if let Some(hold) = mine {
            loans::set_hold(tx, &hold, hold_status::FULFILLED, Some(&copy.id))?;
        }
        record_event(tx, "reading.loan.borrowed", &loan_event(&row))?;
        let view = loan_view(tx.conn(), row)?;
        Ok(Created {
            location: format!("{BASE}/loans/{}", view.loan.id),
            version: None,
            body: view,
        })
    })
    .await
}

/// The loan, for its borrower or the shelf's keepers (404 otherwise).
pub(super) async fn visible_loan(
    store: &Store,
    directory: &Directory,
    caller: &Caller,
    id: String,
) -> Result<(LoanRow, bool), ApiError> {
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(loans::find(conn, &id)?) })
        .await?;
    let own = caller.user.person_id() == Some(row.person_id.as_str());
    let keeper = match shelf_for(store, directory, caller, row.shelf_id.clone()).await {
        Ok((_, access)) => access.keeper,
        Err(_) => false,
    };
    if own || keeper {
        Ok((row, keeper))
    } else {
        Err(ApiError::not_found())
    }
}

/// Read a loan (its borrower, the shelf's keepers).
#[utoipa::path(get, path = "/api/v1/reading/loans/{loan_id}", tag = "loans", security(("bearer" = [])),
    responses((status = 200, body = LoanView), ReadErrors),
    extensions(("x-roles" = json!(["the borrower", "admin", "coordinator (their department's shelves)"]))))]
pub async fn read(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    loan_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (row, _) = visible_loan(&store, &directory, &caller, loan_id.into_inner()).await?;
    let view = store.read(move |conn| loan_view(conn, row)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The caller's loans (open and returned), in the order made.
#[utoipa::path(get, path = "/api/v1/reading/me/loans", tag = "loans", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<LoanView>), ReadErrors),
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
            let rows = loans::of_person(conn, &person, page.after, page.fetch())?;
            Page::try_from_rows(rows, page, |r| r.seq, |r| loan_view(conn, r))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShelfLoansQuery {
    /// Only loans past due.
    pub overdue: Option<bool>,
}

/// A shelf's open loans (its keepers), or only the overdue ones: the overdue list.
#[utoipa::path(get, path = "/api/v1/reading/shelves/{shelf_id}/loans", tag = "loans", security(("bearer" = [])),
    params(PageQuery, ShelfLoansQuery), responses((status = 200, body = Page<LoanView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their department's shelves)"]))))]
pub async fn on_shelf(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    shelf_id: web::Path<String>,
    query: web::Query<PageQuery>,
    filter: web::Query<ShelfLoansQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let (shelf, access) = shelf_for(&store, &directory, &caller, shelf_id.into_inner()).await?;
    if !access.keeper {
        return Err(ApiError::forbidden().with_detail("the shelf's keepers see its loans"));
    }
    let overdue = filter.overdue.unwrap_or(false).then(lt_programme::today);
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = loans::open_on_shelf(conn, &shelf.id, overdue, page.after, page.fetch())?;
            Page::try_from_rows(rows, page, |r| r.seq, |r| loan_view(conn, r))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, read, mine, on_shelf]
}
