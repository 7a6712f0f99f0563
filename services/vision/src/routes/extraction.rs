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
    let request = query.resolve()?;
    let page = store
        .snapshot(move |conn| -> Result<_, ApiError> {
            let (rows, tombstones) =
                nodes::changes(conn, request.after, request.since, request.limit + 1)?;
            let mut live = Vec::new();
            for row in rows {
                let seq = row.change_seq;
                let visible = admin || row.visibility != "private";
                let parents = parents_of(conn, &row.id)?;
                live.push((seq, visible.then(|| node_view(row, parents)).transpose()?));
            }
            Ok(ChangesPage::merge(live, tombstones, request).flattened())
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
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
    let request = query.resolve()?;
    let page = store
        .snapshot(move |conn| -> Result<_, ApiError> {
            let (rows, tombstones) =
                check_ins::changes(conn, request.after, request.since, request.limit + 1)?;
            let mut live = Vec::new();
            for row in rows {
                let visible = admin || nodes::find(conn, &row.node_id)?.visibility != "private";
                live.push((
                    row.change_seq,
                    visible.then(|| ResultCheckInView::from(row)),
                ));
            }
            Ok(ChangesPage::merge(live, tombstones, request).flattened())
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![node_changes, check_in_changes]
}
