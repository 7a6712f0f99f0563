//! Changes feeds for reporting tools and the OA system: nodes and check-ins created or
//! changed since a cursor (or an instant), in commit order. Admins get everything; a
//! `reports:read` account everything but private nodes and their check-ins (a node made
//! private leaves a tombstone).

use actix_web::{HttpResponse, web};
use lt_http::Endpoints;
use lt_http::openapi::ReadErrors;
use lt_http::{ApiError, ChangesPage, ChangesQuery};
use lt_service::Caller;
use lt_store::Store;

use super::check_ins::ResultCheckInView;
use super::nodes::{NodeView, node_view, parents_of};
use crate::domain::model::Visibility;
use crate::store::{check_ins, nodes};

/// Nodes created or changed since a cursor or instant.
#[utoipa::path(get, path = "/api/v1/vision/nodes/changes", tag = "extraction", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<NodeView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:reports:read (no private nodes)"]))))]
pub async fn node_changes(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_extractor()?;
    let admin = caller.is_admin();
    lt_http::changes::feed_visible(&store, &query, move |conn, row: nodes::NodeRow| {
        let visible = admin || row.visibility != Visibility::Private;
        let parents = parents_of(conn, &row.id)?;
        visible.then(|| node_view(row, parents)).transpose()
    })
    .await
}

/// Check-ins recorded or edited since a cursor or instant.
#[utoipa::path(get, path = "/api/v1/vision/check-ins/changes", tag = "extraction", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<ResultCheckInView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:reports:read (not on private nodes)"]))))]
pub async fn check_in_changes(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_extractor()?;
    let admin = caller.is_admin();
    lt_http::changes::feed_visible(&store, &query, move |conn, row: check_ins::CheckInRow| {
        let visible = admin || nodes::find(conn, &row.node_id)?.visibility != Visibility::Private;
        Ok(visible.then(|| ResultCheckInView::from(row)))
    })
    .await
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![node_changes, check_in_changes]
}
