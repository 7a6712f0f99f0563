//! `/api/v1/identity/org-units`: the org tree. Read by anyone signed in (the mobile front end
//! shows department names) and by services; changed by programme admins, audited.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_auth::AuthUser;
use lt_http::Endpoints;
use lt_http::idempotency::{IdempotencyKeyHeader, IfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::{
    ApiError, ChangesPage, ChangesQuery, Created, FieldError, IfMatch, Json, Page, PageQuery,
    Validate, create_once, etag,
};
use lt_store::{Store, WriteTx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::directory::{OrgUnitKind, require_directory_admin, require_org_tree_reader};
use crate::problems::{ORG_UNIT_CYCLE, ORG_UNIT_NOT_EMPTY};
use crate::store::audit;
use crate::store::org_units::{self, NewOrgUnit, OrgUnitFields, OrgUnitRow};
use lt_http::validation::{check_text, field_errors, referenced};

const BASE: &str = "/api/v1/identity/org-units";

/// A node of the org tree.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OrgUnitView {
    pub id: String,
    /// Id in the OA system, when synced from it.
    pub external_id: Option<String>,
    /// Parent unit; absent for a root.
    pub parent_id: Option<String>,
    pub name: String,
    pub kind: OrgUnitKind,
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<OrgUnitRow> for OrgUnitView {
    fn from(row: OrgUnitRow) -> Self {
        Self {
            kind: OrgUnitKind::parse(&row.kind).unwrap_or(OrgUnitKind::Unit),
            id: row.id,
            external_id: row.external_id,
            parent_id: row.parent_id,
            name: row.name,
            active: row.active,
            version: row.version,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrgUnitRequest {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: String,
    pub kind: OrgUnitKind,
    pub parent_id: Option<String>,
    #[serde(default)]
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub external_id: Option<String>,
}

impl Validate for NewOrgUnitRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("name", &self.name, 100, &mut errors);
        if let Some(external_id) = &self.external_id {
            check_text("external_id", external_id, 100, &mut errors);
        }
        field_errors(errors)
    }
}

/// Fields to change; absent fields stay. `parent_id: null` makes the unit a root.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgUnitChanges {
    #[serde(default)]
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: Option<String>,
    pub kind: Option<OrgUnitKind>,
    #[serde(
        default,
        deserialize_with = "lt_http::extract::absent_or_null",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>)]
    pub parent_id: Option<Option<String>>,
    pub active: Option<bool>,
}

impl Validate for OrgUnitChanges {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Some(name) = &self.name {
            check_text("name", name, 100, &mut errors);
        }
        field_errors(errors)
    }
}

fn found(row: OrgUnitRow) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("ETag", etag(row.version)))
        .json(OrgUnitView::from(row))
}

/// Create an org unit.
#[utoipa::path(post, path = "/api/v1/identity/org-units", tag = "directory",
    request_body = NewOrgUnitRequest, security(("bearer" = [])),
    params(IdempotencyKeyHeader),
    responses((status = 201, body = OrgUnitView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn create(
    store: web::Data<Store>,
    req: HttpRequest,
    user: AuthUser,
    body: Json<NewOrgUnitRequest>,
) -> Result<HttpResponse, ApiError> {
    require_directory_admin(&user)?;
    let request = body.into_inner();
    let actor = user.subject().into_owned();
    create_once(&store, &req, &actor.clone(), &request.clone(), move |tx| {
        if let Some(parent) = &request.parent_id {
            org_units::find(tx.conn(), parent).map_err(referenced("parent_id", "org unit"))?;
        }
        let row = org_units::insert(
            tx,
            &NewOrgUnit {
                external_id: request.external_id.as_deref(),
                parent_id: request.parent_id.as_deref(),
                name: lt_http::validation::trimmed(&request.name),
                kind: request.kind.as_str(),
                active: true,
            },
        )?;
        audit::record(
            tx,
            &actor,
            "org_unit.created",
            &row.id,
            &serde_json::json!({ "name": row.name }),
        )?;
        Ok(Created {
            location: format!("{BASE}/{}", row.id),
            version: Some(row.version),
            body: OrgUnitView::from(row),
        })
    })
    .await
}

/// Read one org unit.
#[utoipa::path(get, path = "/api/v1/identity/org-units/{id}", tag = "directory", security(("bearer" = [])),
    responses((status = 200, body = OrgUnitView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person", "scope:directory:read"]))))]
pub async fn read(
    store: web::Data<Store>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_org_tree_reader(&user)?;
    let id = id.into_inner();
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(org_units::find(conn, &id)?) })
        .await?;
    Ok(found(row))
}

/// Change an org unit (rename, re-parent, deactivate). Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/identity/org-units/{id}", tag = "directory", security(("bearer" = [])),
    request_body = OrgUnitChanges,
    params(IfMatchHeader),
    responses((status = 200, body = OrgUnitView), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn update(
    store: web::Data<Store>,
    user: AuthUser,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<OrgUnitChanges>,
) -> Result<HttpResponse, ApiError> {
    require_directory_admin(&user)?;
    let precondition = if_match.required()?.clone();
    let (id, changes, actor) = (
        id.into_inner(),
        body.into_inner(),
        user.subject().into_owned(),
    );
    let row = store
        .write(move |tx| change_org_unit(tx, &id, &precondition, &changes, &actor))
        .await?;
    Ok(found(row))
}

/// Applies `changes` to unit `id` in the caller's transaction, audited. A new parent is
/// checked for a cycle with the tree locked ([`org_units::lock_tree`]), so two concurrent
/// moves cannot make one.
pub fn change_org_unit(
    tx: &mut WriteTx<'_>,
    id: &str,
    precondition: &lt_http::Precondition,
    changes: &OrgUnitChanges,
    actor: &str,
) -> Result<OrgUnitRow, ApiError> {
    let current = org_units::find(tx.conn(), id)?;
    precondition.check(current.version)?;
    let parent_id = match &changes.parent_id {
        Some(Some(parent)) => {
            org_units::find(tx.conn(), parent).map_err(referenced("parent_id", "org unit"))?;
            org_units::lock_tree(tx)?;
            if org_units::would_create_cycle(tx.conn(), id, parent)? {
                return Err(ApiError::new(&ORG_UNIT_CYCLE));
            }
            Some(parent.clone())
        }
        Some(None) => None,
        None => current.parent_id.clone(),
    };
    let name = changes.name.as_deref().map_or(current.name.clone(), |n| {
        lt_http::validation::trimmed(n).to_owned()
    });
    let kind = changes
        .kind
        .map_or(current.kind.clone(), |k| k.as_str().to_owned());
    let fields = OrgUnitFields {
        parent_id: parent_id.as_deref(),
        name: &name,
        kind: &kind,
        active: changes.active.unwrap_or(current.active),
    };
    let row = org_units::update(tx, id, current.version, &fields)?
        .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
    audit::record(tx, actor, "org_unit.updated", id, &changes)?;
    Ok(row)
}

/// Delete an empty org unit (no sub-units, no members). Extraction reports it as a tombstone.
#[utoipa::path(delete, path = "/api/v1/identity/org-units/{id}", tag = "directory", security(("bearer" = [])),
    responses((status = 204), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn delete(
    store: web::Data<Store>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_directory_admin(&user)?;
    let (id, actor) = (id.into_inner(), user.subject().into_owned());
    store
        .write(move |tx| {
            org_units::find(tx.conn(), &id)?;
            // The tree first, as every change to it does: no deadlock with a concurrent
            // move, and no unit moved under this one between the check and the delete.
            org_units::lock_tree(tx)?;
            if org_units::has_dependants(tx.conn(), &id)? {
                return Err(ApiError::new(&ORG_UNIT_NOT_EMPTY));
            }
            org_units::delete(tx, &id)?;
            audit::record(tx, &actor, "org_unit.deleted", &id, &serde_json::json!({}))?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// List org units in creation order.
#[utoipa::path(get, path = "/api/v1/identity/org-units", tag = "directory", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<OrgUnitView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person", "scope:directory:read"]))))]
pub async fn list(
    store: web::Data<Store>,
    user: AuthUser,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    require_org_tree_reader(&user)?;
    let page = query.resolve()?;
    let rows = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(org_units::list(conn, page.after, page.fetch())?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, page, |r| r.seq, OrgUnitView::from)))
}

/// Org units changed or deleted since a cursor or instant (for local copies).
#[utoipa::path(get, path = "/api/v1/identity/org-units/changes", tag = "directory", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<OrgUnitView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person", "scope:directory:read"]))))]
pub async fn changes(
    store: web::Data<Store>,
    user: AuthUser,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    require_org_tree_reader(&user)?;
    lt_http::changes::feed(&store, &query, |_, r: org_units::OrgUnitRow| {
        Ok(OrgUnitView::from(r))
    })
    .await
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, list, changes, read, update, delete]
}
