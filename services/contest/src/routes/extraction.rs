//! Changes feeds for reporting tools and the OA system: contests and entries created or
//! changed since a cursor (or an instant), with tombstones for withdrawn and disqualified
//! entries, in commit order. Admins and `reports:read`. Score sheets have no feed: results
//! are published, sheets stay with the judges and the programme office.

use actix_web::{HttpResponse, web};
use lt_http::Endpoints;
use lt_http::openapi::ReadErrors;
use lt_http::{ApiError, ChangesPage, ChangesQuery};
use lt_service::Caller;
use lt_store::Store;

use super::contests::ContestView;
use super::entries::EntryView;
use crate::store::{contests, entries};

/// Contests created or changed (phase moves included) since a cursor or instant.
#[utoipa::path(get, path = "/api/v1/contest/contests/changes", tag = "extraction", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<ContestView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:reports:read"]))))]
pub async fn contest_changes(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_extractor()?;
    lt_http::changes::feed(&store, &query, |_, r: contests::ContestRow| {
        ContestView::try_from(r)
    })
    .await
}

/// Entries created or changed since a cursor or instant; withdrawn and disqualified ones
/// also as tombstones.
#[utoipa::path(get, path = "/api/v1/contest/entries/changes", tag = "extraction", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<EntryView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:reports:read"]))))]
pub async fn entry_changes(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_extractor()?;
    lt_http::changes::feed(&store, &query, |_, r: entries::EntryRow| EntryView::of(r)).await
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![contest_changes, entry_changes]
}
