//! Service accounts (OA system, reporting tools, platform services): admins create them;
//! the secret is shown once. Audited.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_auth::{AuthUser, roles};
use lt_http::Endpoints;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::{ApiError, Created, FieldError, Json, Validate};
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::access::Scope;
use crate::domain::passwords::{random_secret, secret_digest};
use crate::store::accounts::{self, ServiceAccountRow};
use crate::store::audit;
use lt_http::validation::{check_text, field_errors};

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ServiceAccountView {
    pub client_id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl From<ServiceAccountRow> for ServiceAccountView {
    fn from(row: ServiceAccountRow) -> Self {
        Self {
            scopes: row.scopes.split_whitespace().map(str::to_owned).collect(),
            client_id: row.client_id,
            name: row.name,
            active: row.active,
            created_at: row.created_at.and_utc(),
        }
    }
}

/// A new service account with its secret (shown only in this response).
#[derive(Clone, Serialize, Deserialize, ToSchema)]
pub struct IssuedServiceAccount {
    #[serde(flatten)]
    pub account: ServiceAccountView,
    pub client_secret: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewServiceAccount {
    #[schema(pattern = "^[a-z0-9-]{1,64}$")]
    pub client_id: String,
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: String,
    pub scopes: Vec<Scope>,
}

impl Validate for NewServiceAccount {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let id = &self.client_id;
        let plain = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if id.is_empty() || id.len() > 64 || !id.chars().all(plain) {
            errors.push(FieldError::new(
                "client_id",
                "invalid",
                "1 to 64 of a-z, 0-9 and -",
            ));
        }
        check_text("name", &self.name, 100, &mut errors);
        field_errors(errors)
    }
}

/// Create a service account; answers its secret once (it is never stored, only its hash).
/// `Idempotency-Key` is not honoured here, so no copy of the answer is kept; retrying is
/// safe anyway: the `client_id` is unique, so a repeat answers 409.
#[utoipa::path(post, path = "/api/v1/identity/service-accounts", tag = "accounts", security(("bearer" = [])),
    request_body = NewServiceAccount,
    responses((status = 201, body = IssuedServiceAccount, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn create(
    store: web::Data<Store>,
    user: AuthUser,
    body: Json<NewServiceAccount>,
) -> Result<HttpResponse, ApiError> {
    user.require_role(roles::ADMIN)?;
    let request = body.into_inner();
    let actor = user.subject().into_owned();
    let secret = random_secret()?;
    // No Idempotency-Key here: the stored answer would keep the secret. A retry is safe
    // anyway: the client_id is unique, so a repeated call answers 409.
    let created = store
        .write(move |tx| {
            if accounts::find_service_account(tx.conn(), &request.client_id)?.is_some() {
                return Err(ApiError::conflict(
                    "a service account with this client_id exists",
                ));
            }
            let mut scope_names: Vec<&str> = request.scopes.iter().map(|s| s.as_str()).collect();
            scope_names.sort_unstable();
            scope_names.dedup();
            let row = accounts::insert_service_account(
                tx,
                &request.client_id,
                lt_http::validation::trimmed(&request.name),
                &secret_digest(&secret),
                &scope_names.join(" "),
            )?;
            audit::record(
                tx,
                &actor,
                "service_account.created",
                &row.client_id,
                &serde_json::json!({ "scopes": scope_names }),
            )?;
            Ok(Created {
                location: format!("/api/v1/identity/service-accounts/{}", row.client_id),
                version: None,
                body: IssuedServiceAccount {
                    account: row.into(),
                    client_secret: secret.clone(),
                },
            })
        })
        .await?;
    Ok(created.respond())
}

/// Every service account (never their secrets).
#[utoipa::path(get, path = "/api/v1/identity/service-accounts", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = Vec<ServiceAccountView>), ReadErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn list(store: web::Data<Store>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    user.require_role(roles::ADMIN)?;
    let rows = store
        .read(|conn| -> Result<_, ApiError> { Ok(accounts::list_service_accounts(conn)?) })
        .await?;
    Ok(HttpResponse::Ok().json(
        rows.into_iter()
            .map(ServiceAccountView::from)
            .collect::<Vec<_>>(),
    ))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, list]
}
