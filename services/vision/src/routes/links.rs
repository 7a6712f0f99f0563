//! `/api/v1/vision/nodes/{node_id}/parents`: more "contributes to" links after a node is
//! made (a personal goal that also serves a team goal), and their removal. The caller keeps
//! the child and sees the parent (404 otherwise: another department's private goal is as
//! good as absent); a link that would close a cycle is refused.
//!
//! A link counts toward the parent's progress only once the parent's keeper has accepted it
//! (`…/nodes/{parent}/children/{child}/acceptance`) and set its weight: nobody steers the
//! computed progress of a vision they do not keep. A link made by the parent's keeper counts
//! at once; changing a link's weight from the child's side makes it pending again. Either
//! side's keeper may remove a link (for the parent's keeper: declining it).

use actix_web::{HttpResponse, web};
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::openapi::WriteErrors;
use lt_http::validation::field_errors;
use lt_http::{ApiError, FieldError, Json, Validate};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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

/// Link a node to another parent (or change the weight of an existing link). Pending until
/// the parent's keeper accepts it, unless the caller keeps the parent too.
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
    if !viewer.keeps(&directory, &child).await? {
        return Err(ApiError::forbidden());
    }
    let parent = visible_node(&store, &directory, &viewer, &request.node_id).await?;
    let accepted = viewer.keeps(&directory, &parent).await?;
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
            nodes::add_link(tx, &child.id, &parent.id, weight, accepted)?;
            let parents = parents_of(tx.conn(), &child.id)?;
            let view = node_view(nodes::find(tx.conn(), &child.id)?, parents)?;
            record_event(tx, "vision.node.linked", &serde_json::json!({"node_id": view.id, "parent_id": parent.id, "weight": lt_programme::format_scaled(weight, 2), "accepted": accepted}))?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Remove a link (a node keeps at least one parent): the child's keeper, or the parent's
/// keeper declining it.
#[utoipa::path(delete, path = "/api/v1/vision/nodes/{node_id}/parents/{parent_id}", tag = "nodes", security(("bearer" = [])),
    responses((status = 200, body = NodeView), (status = 204, description = "Declined by the parent's keeper, who does not see the child"), WriteErrors),
    extensions(("x-roles" = json!(["whoever keeps the node or the parent (owner, coordinator over its unit, admin)"]))))]
pub async fn unlink(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (node_id, parent_id) = path.into_inner();
    let viewer = Viewer::of(&directory, &caller).await?;
    // The parent's keeper may decline a link from a child they cannot see (another cadre's
    // private vision): the answer then carries no view of that child.
    let declining = keeps(&store, &directory, &viewer, &parent_id).await?;
    let shown = match visible_node(&store, &directory, &viewer, &node_id).await {
        Ok(child) => {
            if !declining && !viewer.keeps(&directory, &child).await? {
                return Err(ApiError::forbidden());
            }
            true
        }
        Err(e) if declining && e.code() == "not_found" => false,
        Err(e) => return Err(e),
    };
    let view = store
        .write(move |tx| {
            nodes::lock_graph(tx)?;
            let parents = nodes::parents_of(tx.conn(), &node_id)?;
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
            nodes::remove_link(tx, &node_id, &parent_id)?;
            let view = node_view(
                nodes::find(tx.conn(), &node_id)?,
                parents_of(tx.conn(), &node_id)?,
            )?;
            record_event(
                tx,
                "vision.node.unlinked",
                &serde_json::json!({"node_id": view.id, "parent_id": parent_id}),
            )?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(if shown {
        HttpResponse::Ok().json(view)
    } else {
        HttpResponse::NoContent().finish()
    })
}

/// Whether the caller keeps node `id` (false when it does not exist or is not theirs to see).
async fn keeps(
    store: &Store,
    directory: &Directory,
    viewer: &Viewer,
    id: &str,
) -> Result<bool, ApiError> {
    match visible_node(store, directory, viewer, id).await {
        Ok(node) => viewer.keeps(directory, &node).await,
        Err(e) if e.code() == "not_found" => Ok(false),
        Err(e) => Err(e),
    }
}

/// The weight a parent's keeper gives a link they accept.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkAcceptance {
    /// Decimal text, more than 0, at most 9999.99, two places at most.
    #[schema(
        pattern = r"^(([1-9]\d{0,3}|0[1-9]\d{0,2}|00[1-9]\d?|000[1-9])(\.\d{1,2})?|0{1,4}\.(0[1-9]|[1-9]\d?))$",
        example = "1"
    )]
    pub weight: String,
}

impl Validate for LinkAcceptance {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        model::weight("weight", &self.weight, &mut errors);
        field_errors(errors)
    }
}

/// Accept a child's link so that it counts toward this node's progress, with the weight the
/// keeper sets (this node's owner, a coordinator over its unit, an admin). 404 when the
/// caller does not see this node or no such link exists.
#[utoipa::path(put, path = "/api/v1/vision/nodes/{node_id}/children/{child_id}/acceptance", tag = "nodes", security(("bearer" = [])),
    request_body = LinkAcceptance, responses((status = 200, body = NodeView), WriteErrors),
    extensions(("x-roles" = json!(["whoever keeps the parent node (owner, coordinator over its unit, admin)"]))))]
pub async fn accept(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: Json<LinkAcceptance>,
) -> Result<HttpResponse, ApiError> {
    let (parent_id, child_id) = path.into_inner();
    let viewer = Viewer::of(&directory, &caller).await?;
    let parent = visible_node(&store, &directory, &viewer, &parent_id).await?;
    if !viewer.keeps(&directory, &parent).await? {
        return Err(
            ApiError::forbidden().with_detail("links are accepted by whoever keeps the parent")
        );
    }
    let mut errors = Vec::new();
    let weight = model::weight("weight", &body.weight, &mut errors)
        .ok_or_else(|| ApiError::validation(errors))?;
    let view = store
        .write(move |tx| {
            nodes::lock_graph(tx)?;
            if !nodes::accept_link(tx, &child_id, &parent.id, weight)? {
                return Err(ApiError::not_found());
            }
            let view = node_view(nodes::find(tx.conn(), &child_id)?, parents_of(tx.conn(), &child_id)?)?;
            record_event(tx, "vision.node.link_accepted", &serde_json::json!({"node_id": view.id, "parent_id": parent.id, "weight": lt_programme::format_scaled(weight, 2)}))?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![link, unlink, accept]
}
