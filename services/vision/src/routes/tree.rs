//! Finding one's way around the graph: the caller's own nodes, and the children of a node
//! that the caller may see (what contributes to it).

use actix_web::{HttpResponse, web};
use lt_directory::{Directory, local};
use lt_http::Endpoints;
use lt_http::openapi::ReadErrors;
use lt_http::{ApiError, Page, PageQuery};
use lt_service::Caller;
use lt_store::Store;

use super::nodes::{NodeView, node_view, parents_of, visible_node};
use crate::access::Viewer;
use crate::store::nodes;

/// The caller's own nodes (personal visions and what hangs below them), in the order made.
#[utoipa::path(get, path = "/api/v1/vision/me/nodes", tag = "nodes", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<NodeView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person (their own)"]))))]
pub async fn mine(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let page = query.resolve()?;
    let view = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = nodes::list(conn, None, Some(&me), None, page.after, page.fetch())?;
            Page::try_from_rows(
                rows,
                page,
                |r| r.seq,
                |row| {
                    let parents = parents_of(conn, &row.id)?;
                    node_view(row, parents)
                },
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// What contributes to a node: its children the caller may see, with their weights in the
/// node's own link list (`parents`).
#[utoipa::path(get, path = "/api/v1/vision/nodes/{node_id}/children", tag = "nodes", security(("bearer" = [])),
    responses((status = 200, body = Vec<NodeView>), ReadErrors),
    extensions(("x-roles" = json!(["whoever sees the node; children as their own visibility allows"]))))]
pub async fn children(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    node_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let viewer = Viewer::of(&directory, &caller).await?;
    let node = visible_node(&store, &directory, &viewer, &node_id).await?;
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let mut out = Vec::new();
            for link in nodes::children_of(conn, &node.id)? {
                let child = nodes::find(conn, &link.child_id)?;
                let ancestry = match &child.org_unit_id {
                    Some(u) => local::ancestry(conn, u)?,
                    None => Vec::new(),
                };
                if viewer.sees(&child, &ancestry) {
                    let parents = parents_of(conn, &child.id)?;
                    out.push(node_view(child, parents)?);
                }
            }
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![mine, children]
}
