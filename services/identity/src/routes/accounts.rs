//! Sign-in accounts and roles of people (admins; audited), and admin password resets.

use actix_web::{HttpRequest, HttpResponse, web};
use lt_auth::{AuthUser, roles};
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::{ApiError, Created, FieldError, Json, Validate, create_once};
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::access::{Role, role_names};
use crate::domain::passwords::{hash_password, password_problems, random_secret};
use crate::state::IdentityState;
use crate::store::{accounts, audit, people, refresh_tokens};

/// A person's sign-in account.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AccountView {
    pub person_id: String,
    pub username: String,
    /// False for people who sign in only through the OA system.
    pub has_password: bool,
    pub must_change_password: bool,
    pub roles: Vec<String>,
}

#[derive(Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccountRequest {
    /// Letters, digits and `. _ - @`; stored in lower case.
    #[schema(pattern = "^[A-Za-z0-9._@-]{1,64}$")]
    pub username: String,
    /// Initial password (at least 10 characters), to be changed at first sign-in; omit for
    /// OA-only sign-in.
    #[serde(default)]
    #[schema(format = Password, min_length = 10, max_length = 1024)]
    pub password: Option<String>,
    #[serde(default)]
    pub roles: Vec<Role>,
}

impl std::fmt::Debug for NewAccountRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewAccountRequest")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl Validate for NewAccountRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let username = self.username.trim();
        if username.is_empty()
            || username.len() > 64
            || !username
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-@".contains(c))
        {
            errors.push(FieldError::new(
                "username",
                "invalid",
                "1 to 64 of a-z, 0-9, . _ - @",
            ));
        }
        if let Some(password) = &self.password {
            errors.extend(
                password_problems(password)
                    .into_iter()
                    .map(|p| FieldError::new("password", "weak_password", p)),
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Give a person a sign-in account (and roles).
#[utoipa::path(post, path = "/api/v1/identity/people/{id}/account", tag = "accounts", security(("bearer" = [])),
    request_body = NewAccountRequest, params(IdempotencyKeyHeader),
    responses((status = 201, body = AccountView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn create(
    store: web::Data<Store>,
    state: web::Data<IdentityState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<String>,
    body: Json<NewAccountRequest>,
) -> Result<HttpResponse, ApiError> {
    user.require_role(roles::ADMIN)?;
    let request = body.into_inner();
    let cost = state.password_cost;
    let hash = match request.password.clone() {
        Some(password) => Some(
            state
                .hashing
                .run(move || hash_password(&password, cost))
                .await??,
        ),
        None => None,
    };
    let (person_id, actor) = (id.into_inner(), user.subject().into_owned());
    let roles = role_names(&request.roles);
    let fingerprint = serde_json::json!({ "username": request.username, "roles": roles, "password": request.password.is_some() });
    create_once(&store, &req, &actor.clone(), &fingerprint, move |tx| {
        people::find(tx.conn(), &person_id)?;
        if accounts::find(tx.conn(), &person_id)?.is_some() {
            return Err(ApiError::conflict("this person already has an account"));
        }
        let username = request.username.trim().to_lowercase();
        let account = accounts::insert(tx, &person_id, &username, hash.as_deref(), hash.is_some())?;
        accounts::set_roles(tx, &person_id, &roles, &actor)?;
        audit::record(
            tx,
            &actor,
            "account.created",
            &person_id,
            &serde_json::json!({ "username": username, "roles": roles }),
        )?;
        Ok(Created {
            location: format!("/api/v1/identity/people/{person_id}/account"),
            version: None,
            body: AccountView {
                person_id: account.person_id,
                username: account.username,
                has_password: account.password_hash.is_some(),
                must_change_password: account.must_change_password,
                roles: roles.clone(),
            },
        })
    })
    .await
}

/// A person's account (admins, or the person).
#[utoipa::path(get, path = "/api/v1/identity/people/{id}/account", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = AccountView), ReadErrors),
    extensions(("x-roles" = json!(["admin", "the person themself"]))))]
pub async fn read(
    store: web::Data<Store>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let person_id = id.into_inner();
    if !user.is_admin() && user.person_id() != Some(person_id.as_str()) {
        return Err(ApiError::not_found());
    }
    let view = store
        .read(move |conn| -> Result<_, ApiError> {
            let account = accounts::find(conn, &person_id)?.ok_or_else(ApiError::not_found)?;
            Ok(AccountView {
                roles: accounts::roles_of(conn, &person_id)?,
                person_id: account.person_id,
                username: account.username,
                has_password: account.password_hash.is_some(),
                must_change_password: account.must_change_password,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleGrant {
    /// The complete set of roles the person holds after this call.
    pub roles: Vec<Role>,
    /// Why (kept in the audit log).
    #[serde(default)]
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

impl Validate for RoleGrant {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        match &self.reason {
            Some(reason) if reason.chars().count() > 500 => Err(vec![FieldError::new(
                "reason",
                "too_long",
                "at most 500 characters",
            )]),
            _ => Ok(()),
        }
    }
}

/// Set a person's roles (takes effect in their next access token).
#[utoipa::path(put, path = "/api/v1/identity/people/{id}/roles", tag = "accounts", security(("bearer" = [])),
    request_body = RoleGrant, responses((status = 200, body = RoleGrant), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn set_roles(
    store: web::Data<Store>,
    user: AuthUser,
    id: web::Path<String>,
    body: Json<RoleGrant>,
) -> Result<HttpResponse, ApiError> {
    user.require_role(roles::ADMIN)?;
    let (person_id, grant, actor) = (
        id.into_inner(),
        body.into_inner(),
        user.subject().into_owned(),
    );
    let wanted = role_names(&grant.roles);
    let mut saved = grant.roles.clone();
    saved.sort();
    saved.dedup();
    store
        .write(move |tx| -> Result<(), ApiError> {
            accounts::find(tx.conn(), &person_id)?.ok_or_else(ApiError::not_found)?;
            let before = accounts::roles_of(tx.conn(), &person_id)?;
            accounts::set_roles(tx, &person_id, &wanted, &actor)?;
            audit::record(
                tx,
                &actor,
                "roles.set",
                &person_id,
                &serde_json::json!({ "before": before, "after": wanted, "reason": grant.reason }),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok().json(RoleGrant {
        roles: saved,
        reason: None,
    }))
}

/// A temporary password, shown once.
#[derive(Clone, Serialize, Deserialize, ToSchema)]
pub struct PasswordReset {
    pub temporary_password: String,
    pub must_change_password: bool,
}

/// Reset a person's password: a temporary password (shown once) that must be changed at
/// next sign-in; every refresh token of the account is revoked.
#[utoipa::path(post, path = "/api/v1/identity/people/{id}/account/password-reset", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = PasswordReset), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn reset_password(
    store: web::Data<Store>,
    state: web::Data<IdentityState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    user.require_role(roles::ADMIN)?;
    let temporary = random_secret()?[..16].to_owned();
    let (cost, secret) = (state.password_cost, temporary.clone());
    let hash = state
        .hashing
        .run(move || hash_password(&secret, cost))
        .await??;
    let (person_id, actor) = (id.into_inner(), user.subject().into_owned());
    store
        .write(move |tx| -> Result<(), ApiError> {
            accounts::find(tx.conn(), &person_id)?.ok_or_else(ApiError::not_found)?;
            accounts::set_password(tx, &person_id, &hash, true)?;
            refresh_tokens::revoke_all_for_person(tx, &person_id)?;
            audit::record(
                tx,
                &actor,
                "password.reset",
                &person_id,
                &serde_json::json!({}),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(PasswordReset {
            temporary_password: temporary,
            must_change_password: true,
        }))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, read, set_roles, reset_password]
}
