//! Changes feeds for reporting tools and the OA system: records created or changed since a
//! cursor (or an instant), with tombstones, in commit order. Admins and `reports:read`.
//! Reading logs, notes under review and family data are private and have no feed; reports
//! give their aggregates. The loan feed says what was borrowed from which shelf, never by
//! whom: who read what is private (a borrower sees their own loans at `/me/loans`).

use actix_web::{HttpResponse, web};
use lt_http::Endpoints;
use lt_http::openapi::ReadErrors;
use lt_http::{ApiError, ChangesPage, ChangesQuery};
use lt_service::Caller;
use lt_store::Store;

use super::books::BookView;
use super::campaigns::CampaignView;
use super::cards::CardView;
use super::loans::{LoanChange, loan_view};
use crate::store::{books, campaigns, cards, loans};

/// Books added or corrected since a cursor or instant.
#[utoipa::path(get, path = "/api/v1/reading/books/changes", tag = "extraction", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<BookView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:reports:read"]))))]
pub async fn book_changes(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_extractor()?;
    lt_http::changes::feed(&store, &query, |_, r: books::BookRow| Ok(BookView::from(r))).await
}

/// Library cards issued or changed since a cursor or instant.
#[utoipa::path(get, path = "/api/v1/reading/cards/changes", tag = "extraction", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<CardView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:reports:read"]))))]
pub async fn card_changes(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_extractor()?;
    lt_http::changes::feed(&store, &query, |_, r: cards::CardRow| Ok(CardView::from(r))).await
}

/// Shelf loans made, renewed or returned since a cursor or instant, without the borrower.
#[utoipa::path(get, path = "/api/v1/reading/loans/changes", tag = "extraction", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<LoanChange>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:reports:read"]))))]
pub async fn loan_changes(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_extractor()?;
    lt_http::changes::feed(&store, &query, |conn, r: loans::LoanRow| {
        loan_view(conn, r).map(|view| view.loan)
    })
    .await
}

/// Campaigns launched or changed since a cursor or instant.
#[utoipa::path(get, path = "/api/v1/reading/campaigns/changes", tag = "extraction", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<CampaignView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:reports:read"]))))]
pub async fn campaign_changes(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_extractor()?;
    lt_http::changes::feed(&store, &query, |_, r: campaigns::CampaignRow| {
        Ok(CampaignView::from(r))
    })
    .await
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![loan_changes, campaign_changes, book_changes, card_changes]
}
