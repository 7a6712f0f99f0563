//! Renewals and returns of shelf loans: a renewal within the policy's count while nobody
//! waits for the title; a return that hands the copy to the first reader in the title's
//! hold queue.

use actix_web::{HttpResponse, web};
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::openapi::WriteErrors;
use lt_http::{ApiError, JsonOrEmpty, Validate};
use lt_service::Caller;
use lt_store::{Store, WriteTx, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::loans::{LoanView, loan_event, loan_view, visible_loan};
use crate::domain::circulation::{NoRenewal, renewed_due_on};
use crate::domain::policy::{CirculationPolicy, ItemType};
use crate::problems::{LOAN_CLOSED, RENEWAL_REFUSED};
use crate::store::loans::{self, hold_status};
use crate::store::{policies, shelves};

/// Renew a loan (its borrower or the shelf's keepers): refused past the policy's renewals
/// or while others wait for the title.
#[utoipa::path(post, path = "/api/v1/reading/loans/{loan_id}/renewal", tag = "loans", security(("bearer" = [])),
    responses((status = 200, body = LoanView), WriteErrors),
    extensions(("x-roles" = json!(["the borrower", "admin", "coordinator (their department's shelves)"]))))]
pub async fn renew(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    loan_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (row, _) = visible_loan(&store, &directory, &caller, loan_id.into_inner()).await?;
    let borrower = directory.person(&row.person_id).await?;
    let view = store
        .write(move |tx| {
            shelves::lock_copy(tx, &row.copy_id)?;
            let row = loans::find(tx.conn(), &row.id)?;
            if row.returned_at.is_some() {
                return Err(ApiError::new(&LOAN_CLOSED));
            }
            let today = lt_programme::today();
            let policy = policies::in_force::<CirculationPolicy>(tx.conn(), today)?.document;
            let item_type = ItemType::parse(&row.item_type)
                .ok_or_else(|| anyhow::anyhow!("loan {} has an invalid item type", row.id))?;
            let category = policy.category_of(borrower.as_ref().map(|p| p.rank.as_str()));
            let rule = policy.rule(category, item_type).cloned().ok_or_else(|| {
                ApiError::new(&RENEWAL_REFUSED).with_detail("this item type is not renewed")
            })?;
            let others = loans::open_holds(tx.conn(), &row.shelf_id, &row.book_id)?
                .iter()
                .any(|h| h.person_id != row.person_id);
            let renewals = u32::try_from(row.renewals).unwrap_or(u32::MAX);
            let due =
                renewed_due_on(&rule, row.due_on, renewals, others, today).map_err(|why| {
                    ApiError::new(&RENEWAL_REFUSED).with_detail(match why {
                        NoRenewal::Exhausted => format!(
                            "renewed {} times already: the most the policy allows",
                            row.renewals
                        ),
                        NoRenewal::OnHold => "another reader is waiting for this title".to_owned(),
                    })
                })?;
            let row = loans::renew(tx, &row, due)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            record_event(tx, "reading.loan.renewed", &loan_event(&row))?;
            loan_view(tx.conn(), row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Hands the copy to the first waiting hold of its title, if any: that hold becomes ready.
pub(super) fn pass_on(
    tx: &mut WriteTx<'_>,
    shelf_id: &str,
    book_id: &str,
    copy_id: &str,
) -> Result<(), ApiError> {
    let waiting = loans::open_holds(tx.conn(), shelf_id, book_id)?
        .into_iter()
        .find(|h| h.status == hold_status::WAITING);
    if let Some(hold) = waiting {
        let hold = loans::set_hold(tx, &hold, hold_status::READY, Some(copy_id))?;
        record_event(
            tx,
            "reading.hold.ready",
            &serde_json::json!({
                "hold_id": hold.id, "person_id": hold.person_id, "shelf_id": hold.shelf_id,
                "book_id": hold.book_id, "copy_id": copy_id,
            }),
        )?;
    }
    Ok(())
}

/// Return a copy (its borrower at the shelf, or a keeper). The copy goes to the first
/// reader waiting for its title (event `reading.hold.ready`).
#[utoipa::path(post, path = "/api/v1/reading/loans/{loan_id}/return", tag = "loans", security(("bearer" = [])),
    request_body = Option<Empty>,
    responses((status = 200, body = LoanView), WriteErrors),
    extensions(("x-roles" = json!(["the borrower", "admin", "coordinator (their department's shelves)"]))))]
pub async fn give_back(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    loan_id: web::Path<String>,
    _body: JsonOrEmpty<Empty>,
) -> Result<HttpResponse, ApiError> {
    let (row, _) = visible_loan(&store, &directory, &caller, loan_id.into_inner()).await?;
    let view = store
        .write(move |tx| {
            shelves::lock_copy(tx, &row.copy_id)?;
            let row = loans::find(tx.conn(), &row.id)?;
            if row.returned_at.is_some() {
                return Err(ApiError::new(&LOAN_CLOSED));
            }
            let row = loans::close(tx, &row)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            record_event(tx, "reading.loan.returned", &loan_event(&row))?;
            pass_on(tx, &row.shelf_id, &row.book_id, &row.copy_id)?;
            loan_view(tx.conn(), row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// No body (or `{}`).
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

impl Validate for Empty {}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![renew, give_back]
}
