//! `/api/v1/identity/audit`: the audit log of admin changes, for programme admins.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_auth::{AuthUser, roles};
use lt_http::Endpoints;
use lt_http::openapi::ReadErrors;
use lt_http::{ApiError, Page, PageQuery};
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::store::audit::{self, AuditRow};

/// One admin change.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub id: String,
    pub at: DateTime<Utc>,
    /// Subject of the token that made the change.
    pub actor: String,
    /// E.g. `person.updated`, `roles.set`, `password.reset`, `signing_key.rotated`.
    pub action: String,
    /// Id of what was changed.
    pub target: String,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

impl From<AuditRow> for AuditEntry {
    fn from(row: AuditRow) -> Self {
        Self {
            details: serde_json::from_str(&row.details).unwrap_or(serde_json::Value::Null),
            id: row.id,
            at: row.at.and_utc(),
            actor: row.actor,
            action: row.action,
            target: row.target,
        }
    }
}

/// The audit log, oldest first.
#[utoipa::path(get, path = "/api/v1/identity/audit", tag = "accounts", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<AuditEntry>), ReadErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn list(
    store: web::Data<Store>,
    user: AuthUser,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    user.require_role(roles::ADMIN)?;
    let page = query.resolve()?;
    let rows = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(audit::list(conn, page.after, page.fetch())?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, page, |r| r.seq, AuditEntry::from)))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![list]
}
