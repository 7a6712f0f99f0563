//! `/api/v1/vision/nodes/{node_id}/parents`: more "contributes to" links after a node is
//! made (a personal goal that also serves a team goal), and their removal. The caller keeps
//! the child and sees the parent (404 otherwise: another department's private goal is as
//! good as absent); a link that would close a cycle is refused.

use actix_web::{HttpResponse, web};
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::openapi::WriteErrors;
use lt_http::validation::field_errors;
use lt_http::{ApiError, FieldError, Json, Validate};
use lt_service::Caller;
use lt_store::{Store, record_event};

use super::nodes::{NodeView, ParentLink, node_view, parents_of, visible_node};
use crate::access::Viewer;
use crate::domain::model::{self};
use crate::domain::rollup::{self, Link};
use crate::problems::{CYCLE, WRONG_PARENT};
use crate::store::nodes;

impl Validate for ParentLink {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        model::weight("weight", self.weight.as_deref().unwrap_or("1"), &mut errors);
        lt_http::validation::check_text("node_id", &self.node_id, 100, &mut errors);
        field_errors(errors)
    }
}

/// Link a node to another parent (or change the weight of an existing link).
#[utoipa::path(post, path = "/api/v1/vision/nodes/{node_id}/parents", tag = "nodes", security(("bearer" = [])),
    request_body = ParentLink, responses((status = 200, body = NodeView), WriteErrors),
    extensions(("x-roles" = json!(["whoever keeps the node (owner, coordinator over its unit, admin), seeing the parent"]))))]
pub async fn link(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    node_id: web::Path<String>,
    body: Json<ParentLink>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    let viewer = Viewer::of(&directory, &caller).await?;
    let child = visible_node(&store, &directory, &viewer, &node_id).await?;
    let ancestry = crate::access::ancestry_of(&directory, child.org_unit_id.clone()).await?;
    if !viewer.writes(&child, &ancestry) {
        return Err(ApiError::forbidden());
    }
    let parent = visible_node(&store, &directory, &viewer, &request.node_id).await?;
    let (c, p) = (child.kind, parent.kind);
    if !c.parent_kinds().contains(&p) {
        return Err(ApiError::new(&WRONG_PARENT).with_detail(format!(
            "a {} cannot contribute to a {}",
            c.as_str(),
            p.as_str()
        )));
    }
    let mut errors = Vec::new();
    let weight = model::weight(
        "weight",
        request.weight.as_deref().unwrap_or("1"),
        &mut errors,
    )
    .ok_or_else(|| ApiError::validation(errors))?;
    let view = store
        .write(move |tx| {
            nodes::lock_graph(tx)?;
            let links: Vec<Link> = nodes::all_links(tx.conn())?
                .into_iter()
                .map(|l| Link { child: l.child_id, parent: l.parent_id, weight: i128::from(l.weight) })
                .collect();
            if rollup::creates_cycle(&links, &child.id, &parent.id) {
                return Err(ApiError::new(&CYCLE).with_detail("the parent already contributes, directly or not, to this node"));
            }
            nodes::remove_link(tx, &child.id, &parent.id)?;
            nodes::add_link(tx, &child.id, &parent.id, weight)?;
            let parents = parents_of(tx.conn(), &child.id)?;
            let view = node_view(nodes::find(tx.conn(), &child.id)?, parents)?;
            record_event(tx, "vision.node.linked", &serde_json::json!({"node_id": view.id, "parent_id": parent.id, "weight": lt_programme::format_scaled(weight, 2)}))?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Remove a link (a node keeps at least one parent).
#[utoipa::path(delete, path = "/api/v1/vision/nodes/{node_id}/parents/{parent_id}", tag = "nodes", security(("bearer" = [])),
    responses((status = 200, body = NodeView), WriteErrors),
    extensions(("x-roles" = json!(["whoever keeps the node (owner, coordinator over its unit, admin)"]))))]
pub async fn unlink(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (node_id, parent_id) = path.into_inner();
    let viewer = Viewer::of(&directory, &caller).await?;
    let child = visible_node(&store, &directory, &viewer, &node_id).await?;
    let ancestry = crate::access::ancestry_of(&directory, child.org_unit_id.clone()).await?;
    if !viewer.writes(&child, &ancestry) {
        return Err(ApiError::forbidden());
    }
    let view = store
        .write(move |tx| {
            nodes::lock_graph(tx)?;
            let parents = nodes::parents_of(tx.conn(), &child.id)?;
            if !parents.iter().any(|p| p.parent_id == parent_id) {
                return Err(ApiError::not_found());
            }
            if parents.len() == 1 {
                return Err(ApiError::validation(vec![FieldError::new(
                    "parent_id",
                    "required",
                    "a node keeps at least one parent",
                )]));
            }
            nodes::remove_link(tx, &child.id, &parent_id)?;
            let view = node_view(
                nodes::find(tx.conn(), &child.id)?,
                parents_of(tx.conn(), &child.id)?,
            )?;
            record_event(
                tx,
                "vision.node.unlinked",
                &serde_json::json!({"node_id": view.id, "parent_id": parent_id}),
            )?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![link, unlink]
}
