//! `POST /api/v1/identity/directory/sync`: the OA system's bulk directory push.

use actix_web::{HttpResponse, web};
use lt_auth::{AuthUser, roles, scopes};
use lt_http::Endpoints;
use lt_http::openapi::WriteErrors;
use lt_http::{ApiError, FieldError, Json, Validate};
use lt_store::{Store, record_event};

use crate::domain::sync::{self, DirectoryFeed, SyncReport};
use crate::store::audit;

impl Validate for DirectoryFeed {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        sync::check_feed(self)
    }
}

/// Push the OA system's complete directory (units and people, keyed by OA id). All or
/// nothing; sending the same feed again changes nothing. Units and people missing from the
/// feed are deactivated and lose their refresh tokens. Answers what changed.
#[utoipa::path(post, path = "/api/v1/identity/directory/sync", tag = "directory", security(("bearer" = [])),
    request_body = DirectoryFeed, responses((status = 200, body = SyncReport), WriteErrors),
    extensions(("x-roles" = json!(["scope:directory:write", "admin"]))))]
pub async fn sync(
    store: web::Data<Store>,
    user: AuthUser,
    body: Json<DirectoryFeed>,
) -> Result<HttpResponse, ApiError> {
    if !user.has_role(roles::ADMIN) {
        user.require_scope(scopes::DIRECTORY_WRITE)?;
    }
    let (feed, actor) = (body.into_inner(), user.subject().into_owned());
    let report = store
        .write(move |tx| {
            let report = sync::apply(tx, &feed)?;
            audit::record(tx, &actor, "directory.synced", "directory", &report)?;
            record_event(tx, "identity.directory.synced", &report)?;
            Ok::<_, ApiError>(report)
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![sync]
}
