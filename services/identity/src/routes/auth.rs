//! `/api/v1/auth/…`: password sign-in, the caller's identity, password change, sign-out.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::TimeDelta;
use lt_auth::AuthUser;
use lt_http::Endpoints;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::{ApiError, FieldError, Json, Validate};
use lt_store::{Store, now_utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::passwords::{
    MAX_PASSWORD_CHARS, hash_password, password_problems, secret_digest, verify_password,
};
use crate::domain::tokens::TokenResponse;
use crate::problems::{INVALID_CREDENTIALS, PASSWORD_CHANGE_REQUIRED, TOO_MANY_ATTEMPTS};
use crate::state::IdentityState;
use crate::store::throttle::{self, ThrottleRule};
use crate::store::{accounts, people, refresh_tokens};
use lt_http::client_address::client_address;
use lt_http::validation::{check_text, field_errors};

/// 5 failures in 15 minutes lock an account for 15 minutes.
const ACCOUNT_RULE: ThrottleRule = ThrottleRule {
    limit: 5,
    window: TimeDelta::minutes(15),
    lock: TimeDelta::minutes(15),
};
/// 20 failures in 15 minutes lock a client address for 15 minutes.
const ADDRESS_RULE: ThrottleRule = ThrottleRule {
    limit: 20,
    window: TimeDelta::minutes(15),
    lock: TimeDelta::minutes(15),
};

#[derive(Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub username: String,
    #[schema(format = Password, min_length = 1, max_length = 1024)]
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl Validate for LoginRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("username", &self.username, 100, &mut errors);
        check_password_length("password", &self.password, 1, &mut errors);
        field_errors(errors)
    }
}

fn check_password_length(field: &str, password: &str, min: usize, errors: &mut Vec<FieldError>) {
    let length = password.chars().count();
    if length < min || length > MAX_PASSWORD_CHARS {
        errors.push(FieldError::new(
            field,
            "invalid_length",
            format!("{min} to {MAX_PASSWORD_CHARS} characters"),
        ));
    }
}

fn throttle_keys(username: &str, address: Option<std::net::IpAddr>) -> Vec<(String, ThrottleRule)> {
    let mut keys = vec![(
        format!("account:{}", username.trim().to_lowercase()),
        ACCOUNT_RULE,
    )];
    if let Some(address) = address {
        keys.push((format!("address:{address}"), ADDRESS_RULE));
    }
    keys
}

fn too_many(until: chrono::NaiveDateTime) -> ApiError {
    let seconds = (until - now_utc()).num_seconds().max(1);
    ApiError::new(&TOO_MANY_ATTEMPTS).with_header(header::RETRY_AFTER, seconds.to_string())
}

/// Checks a username and password with throttling; the person id when they match.
async fn check_password(
    store: &Store,
    state: &IdentityState,
    req: &HttpRequest,
    username: &str,
    password: &str,
) -> Result<(accounts::AccountRow, people::PersonRow), ApiError> {
    let keys = throttle_keys(username, client_address(req, &state.trusted_proxies));
    let (probe, name) = (keys.clone(), username.trim().to_lowercase());
    let (locked, found) = store
        .read(move |conn| -> Result<_, ApiError> {
            let now = now_utc();
            let mut locked = None;
            for (key, _) in &probe {
                locked = locked.max(throttle::locked_until(conn, key, now)?);
            }
            let account = accounts::find_by_username(conn, &name)?;
            let person = match &account {
                Some(a) => Some(people::find(conn, &a.person_id)?),
                None => None,
            };
            Ok((locked, account.zip(person)))
        })
        .await?;
    if let Some(until) = locked {
        return Err(too_many(until));
    }
    let hash = found
        .as_ref()
        .and_then(|(a, _)| a.password_hash.clone())
        .unwrap_or_else(|| state.decoy_hash.clone());
    let candidate = password.to_owned();
    let matches = state
        .hashing
        .run(move || verify_password(&candidate, &hash))
        .await?;
    match found {
        Some((account, person)) if matches && account.password_hash.is_some() && person.active => {
            store
                .write(move |tx| -> Result<(), ApiError> {
                    throttle::clear(tx, &keys[0].0)?;
                    Ok(())
                })
                .await?;
            Ok((account, person))
        }
        _ => {
            let locked = store
                .write(move |tx| -> Result<_, ApiError> {
                    let now = now_utc();
                    let mut locked = None;
                    for (key, rule) in &keys {
                        locked = locked.max(throttle::record_failure(tx, key, *rule, now)?);
                    }
                    Ok(locked)
                })
                .await?;
            Err(locked.map_or_else(|| ApiError::new(&INVALID_CREDENTIALS), too_many))
        }
    }
}

/// Sign in with username and password. Answers an access token (15 min) and a refresh token.
/// Five failures in 15 minutes lock the account for 15 minutes (429 with `Retry-After`),
/// as do 20 failures from one client address. An account flagged by an admin reset answers
/// 403 `password_change_required` until the password is changed.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = TokenResponse), WriteErrors),
    extensions(("x-roles" = json!(["anyone"]))))]
pub async fn login(
    store: web::Data<Store>,
    state: web::Data<IdentityState>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let (account, person) =
        check_password(&store, &state, &req, &body.username, &body.password).await?;
    if account.must_change_password {
        return Err(ApiError::new(&PASSWORD_CHANGE_REQUIRED));
    }
    let state = state.into_inner();
    let tokens = store
        .write(move |tx| state.tokens.for_person(tx, &person, None))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(tokens))
}

#[derive(Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub username: String,
    #[schema(format = Password, min_length = 1, max_length = 1024)]
    pub current_password: String,
    /// At least 10 characters.
    #[schema(format = Password, min_length = 10, max_length = 1024)]
    pub new_password: String,
}

impl std::fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordChange")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl Validate for PasswordChange {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("username", &self.username, 100, &mut errors);
        check_password_length("current_password", &self.current_password, 1, &mut errors);
        errors.extend(
            password_problems(&self.new_password)
                .into_iter()
                .map(|p| FieldError::new("new_password", "weak_password", p)),
        );
        field_errors(errors)
    }
}

/// Change a password, proving the current one (throttled like sign-in). Also the way out of
/// an admin reset. Every refresh token of the account is revoked: other sessions end.
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "auth", request_body = PasswordChange,
    responses((status = 204), WriteErrors),
    extensions(("x-roles" = json!(["the account holder (current password)"]))))]
pub async fn change_password(
    store: web::Data<Store>,
    state: web::Data<IdentityState>,
    req: HttpRequest,
    body: Json<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let change = body.into_inner();
    let (account, _) = check_password(
        &store,
        &state,
        &req,
        &change.username,
        &change.current_password,
    )
    .await?;
    let cost = state.password_cost;
    let hash = state
        .hashing
        .run(move || hash_password(&change.new_password, cost))
        .await??;
    store
        .write(move |tx| -> Result<(), ApiError> {
            accounts::set_password(tx, &account.person_id, &hash, false)?;
            refresh_tokens::revoke_all_for_person(tx, &account.person_id)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LogoutRequest {
    #[schema(max_length = 200)]
    pub refresh_token: String,
}

impl std::fmt::Debug for LogoutRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LogoutRequest")
    }
}

impl Validate for LogoutRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        if self.refresh_token.chars().count() > 200 {
            return Err(vec![FieldError::new(
                "refresh_token",
                "too_long",
                "at most 200 characters",
            )]);
        }
        Ok(())
    }
}

/// Sign out: revokes the refresh token's whole family. Like RFC 7009, an unknown token also
/// answers 204, so the answer reveals nothing.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", request_body = LogoutRequest,
    responses((status = 204), WriteErrors),
    extensions(("x-roles" = json!(["holder of the refresh token"]))))]
pub async fn logout(
    store: web::Data<Store>,
    body: Json<LogoutRequest>,
) -> Result<HttpResponse, ApiError> {
    let digest = secret_digest(&body.refresh_token);
    store
        .write(move |tx| -> Result<(), ApiError> {
            if let Some(token) = refresh_tokens::find_by_hash(tx.conn(), &digest)? {
                refresh_tokens::revoke_family(tx, &token.family_id)?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Who the caller is, as the token says and the directory knows now.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Me {
    /// Person id, or `service:<client_id>`.
    pub subject: String,
    pub kind: String,
    pub name: Option<String>,
    pub employee_no: Option<String>,
    pub username: Option<String>,
    pub org_unit_id: Option<String>,
    pub roles: Vec<String>,
    pub scopes: Vec<String>,
}

/// The signed-in caller (person or service account).
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Me), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in caller"]))))]
pub async fn me(store: web::Data<Store>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    let Some(person_id) = user.person_id().map(str::to_owned) else {
        return Ok(HttpResponse::Ok().json(Me {
            subject: user.subject().into_owned(),
            kind: "service".into(),
            name: None,
            employee_no: None,
            username: None,
            org_unit_id: None,
            roles: Vec::new(),
            scopes: user.scopes().to_vec(),
        }));
    };
    let (person, account, roles) = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok((
                people::find(conn, &person_id)?,
                accounts::find(conn, &person_id)?,
                accounts::roles_of(conn, &person_id)?,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(Me {
        subject: person.id,
        kind: "person".into(),
        name: Some(person.name),
        employee_no: Some(person.employee_no),
        username: account.map(|a| a.username),
        org_unit_id: person.org_unit_id,
        roles,
        scopes: Vec::new(),
    }))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![login, change_password, logout, me]
}
