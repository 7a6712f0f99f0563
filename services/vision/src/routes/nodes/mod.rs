//! `/api/v1/vision/nodes`: the vision graph — the district vision and its targets (the
//! programme office), team visions (a department's coordinator), personal visions (each
//! cadre), and the goals and key results under them. Every node but the district vision
//! contributes to one or more parents with a weight; progress is computed (`…/progress`),
//! never typed. A node takes its owner, unit and (by default) visibility from where it hangs:
//! a personal vision from its author (their unit when written), a goal or key result from the
//! first parent.

use actix_web::{HttpRequest, HttpResponse, web};
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::idempotency::{IdempotencyKeyHeader, IfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{trimmed, unknown_reference};
use lt_http::{ApiError, Created, FieldError, IfMatch, Json, create_once, etag};
use lt_service::Caller;
use lt_store::{Store, record_event, record_tombstone};

mod shape;

pub use shape::{
    LinkView, NewNode, NodeChanges, NodeView, ParentLink, check_measure, decimal_text, node_view,
    parents_of,
};

use super::BASE;
use crate::access::Viewer;
use crate::domain::model::{self, DirectionText, Kind, Visibility};
use crate::problems::WRONG_PARENT;
use crate::store::nodes::{self, NodeFields, NodeRow, STREAM};

/// Loads a node the viewer sees (404 otherwise) with its unit's ancestry.
pub async fn visible_node(
    store: &Store,
    directory: &Directory,
    viewer: &Viewer,
    id: &str,
) -> Result<NodeRow, ApiError> {
    let id = id.to_owned();
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(nodes::find(conn, &id)?) })
        .await?;
    let ancestry = crate::access::ancestry_of(directory, row.org_unit_id.clone()).await?;
    if viewer.sees(&row, &ancestry) {
        Ok(row)
    } else {
        Err(ApiError::not_found())
    }
}

/// Create a node (see the kinds for who may).
#[utoipa::path(post, path = "/api/v1/vision/nodes", tag = "nodes", security(("bearer" = [])),
    request_body = NewNode, params(IdempotencyKeyHeader),
    responses((status = 201, body = NodeView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin (district, targets)", "coordinator (their department's team vision and below)", "any signed-in person (their personal vision and below)"]))))]
pub async fn create(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    req: HttpRequest,
    caller: Caller,
    body: Json<NewNode>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    let viewer = Viewer::of(&directory, &caller).await?;
    let mut parents = Vec::new();
    for (i, link) in request.parents.iter().enumerate() {
        let parent = visible_node(&store, &directory, &viewer, &link.node_id)
            .await
            .map_err(|e| {
                if e.code() == "not_found" {
                    ApiError::not_found().with_detail(format!("parents[{i}]: no such node"))
                } else {
                    e
                }
            })?;
        let kind = parent.kind;
        if !request.kind.parent_kinds().contains(&kind) {
            return Err(ApiError::new(&WRONG_PARENT).with_detail(format!(
                "a {} cannot contribute to a {}",
                request.kind.as_str(),
                kind.as_str()
            )));
        }
        let mut errors = Vec::new();
        let weight = model::weight("weight", link.weight.as_deref().unwrap_or("1"), &mut errors)
            .unwrap_or(100);
        let accepted = viewer.keeps(&directory, &parent).await?;
        parents.push((parent, weight, accepted));
    }
    let (owner, unit, default_visibility) = match request.kind {
        Kind::District | Kind::Target => {
            if !viewer.admin {
                return Err(ApiError::forbidden().with_detail(
                    "the district vision and its targets are the programme office's",
                ));
            }
            let unit = match (&request.org_unit_id, parents.first()) {
                (Some(unit), _) => Some(
                    directory
                        .org_unit(unit)
                        .await?
                        .ok_or_else(|| unknown_reference("org_unit_id", "org unit"))?
                        .id,
                ),
                (None, Some((p, _, _))) => p.org_unit_id.clone(),
                (None, None) => None,
            };
            (None, unit, Visibility::Public)
        }
        Kind::Team => {
            let unit = request.org_unit_id.clone().unwrap_or_default();
            directory
                .org_unit(&unit)
                .await?
                .ok_or_else(|| unknown_reference("org_unit_id", "org unit"))?;
            let ancestry = crate::access::ancestry_of(&directory, Some(unit.clone())).await?;
            if !viewer.admin && !viewer.coordinates(&ancestry) {
                return Err(ApiError::forbidden()
                    .with_detail("a team vision is its department's coordinator's"));
            }
            (None, Some(unit), Visibility::Department)
        }
        Kind::Personal => {
            let person = caller.person()?;
            (
                Some(person.id.clone()),
                person.org_unit_id.clone(),
                Visibility::Private,
            )
        }
        Kind::Goal | Kind::KeyResult => {
            let (home, _, _) = parents.first().ok_or_else(|| {
                ApiError::validation(vec![FieldError::new(
                    "parents",
                    "required",
                    "what it contributes to",
                )])
            })?;
            if !viewer.keeps(&directory, home).await? {
                return Err(ApiError::forbidden()
                    .with_detail("goals and key results hang under a vision the caller keeps"));
            }
            let visibility = home.visibility;
            (home.owner_id.clone(), home.org_unit_id.clone(), visibility)
        }
    };
    let mut errors = Vec::new();
    let measure = if request.kind == Kind::KeyResult {
        check_measure(
            request.baseline.as_deref(),
            request.target.as_deref(),
            request.direction,
            &mut errors,
        )
    } else {
        None
    };
    let fields = NodeFields {
        kind: request.kind,
        title: trimmed(&request.title).to_owned(),
        description: request.description.clone(),
        visibility: request.visibility.unwrap_or(default_visibility),
        owner_id: owner,
        org_unit_id: unit,
        baseline: measure.map(|(b, _)| b),
        target: measure.map(|(_, t)| t),
        direction: request.direction.map(|d| d.as_str().to_owned()),
        unit: request.unit.clone(),
        period: request.period.clone(),
    };
    let actor = caller.user.subject().into_owned();
    let links: Vec<(String, i64, bool)> = parents
        .iter()
        .map(|(p, w, accepted)| (p.id.clone(), *w, *accepted))
        .collect();
    let fingerprint = request.clone();
    create_once(&store, &req, &actor.clone(), &fingerprint, move |tx| {
        nodes::lock_graph(tx)?;
        let row = nodes::insert(tx, &fields, &actor)?;
        for (parent, weight, accepted) in &links {
            nodes::add_link(tx, &row.id, parent, *weight, *accepted)?;
        }
        let parents = parents_of(tx.conn(), &row.id)?;
        let view = node_view(row, parents)?;
        record_event(tx, "vision.node.created", &view)?;
        Ok(Created {
            location: format!("{BASE}/nodes/{}", view.id),
            version: Some(view.version),
            body: view,
        })
    })
    .await
}

/// Read a node (404 when the caller may not see it).
#[utoipa::path(get, path = "/api/v1/vision/nodes/{node_id}", tag = "nodes", security(("bearer" = [])),
    responses((status = 200, body = NodeView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["whoever its visibility allows: owner, coordinators over its unit, admin; its department; everyone if public"]))))]
pub async fn read(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    node_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let viewer = Viewer::of(&directory, &caller).await?;
    let row = visible_node(&store, &directory, &viewer, &node_id).await?;
    let id = row.id.clone();
    let parents = store.read(move |conn| parents_of(conn, &id)).await?;
    let view = node_view(row, parents)?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// Change a node (whoever keeps it). Needs `If-Match`. Making a node private removes it
/// from the changes feed (a tombstone).
#[utoipa::path(patch, path = "/api/v1/vision/nodes/{node_id}", tag = "nodes", security(("bearer" = [])),
    request_body = NodeChanges, params(IfMatchHeader),
    responses((status = 200, body = NodeView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["its owner", "coordinator (their department's nodes)", "admin"]))))]
pub async fn update(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    node_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<NodeChanges>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.required()?.clone();
    let viewer = Viewer::of(&directory, &caller).await?;
    let row = visible_node(&store, &directory, &viewer, &node_id).await?;
    if !viewer.keeps(&directory, &row).await? {
        return Err(ApiError::forbidden());
    }
    let changes = body.into_inner();
    let mut fields = NodeFields::of(&row);
    if let Some(t) = &changes.title {
        fields.title = trimmed(t).to_owned();
    }
    if changes.description.is_some() {
        fields.description.clone_from(&changes.description);
    }
    if let Some(v) = changes.visibility {
        fields.visibility = v;
    }
    if changes.baseline.is_some() || changes.target.is_some() || changes.direction.is_some() {
        if row.kind != Kind::KeyResult {
            return Err(ApiError::validation(vec![FieldError::new(
                "baseline",
                "invalid",
                "only key results are measured",
            )]));
        }
        let direction = changes.direction.or(match row.direction.as_deref() {
            Some("decrease") => Some(DirectionText::Decrease),
            _ => Some(DirectionText::Increase),
        });
        let baseline = changes.baseline.clone().or(row.baseline.map(decimal_text));
        let target = changes.target.clone().or(row.target.map(decimal_text));
        let mut errors = Vec::new();
        let measure = check_measure(
            baseline.as_deref(),
            target.as_deref(),
            direction,
            &mut errors,
        );
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        fields.baseline = measure.map(|(b, _)| b);
        fields.target = measure.map(|(_, t)| t);
        fields.direction = direction.map(|d| d.as_str().to_owned());
    }
    let became_private =
        fields.visibility == Visibility::Private && row.visibility != Visibility::Private;
    let view = store
        .write(move |tx| {
            let current = nodes::find(tx.conn(), &row.id)?;
            precondition.check(current.version)?;
            let updated = nodes::update(tx, &row.id, current.version, &fields)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            if became_private {
                record_tombstone(tx, STREAM, &updated.id, updated.updated_at)?;
            }
            let parents = parents_of(tx.conn(), &updated.id)?;
            let view = node_view(updated, parents)?;
            record_event(tx, "vision.node.updated", &view)?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, read, update]
}
