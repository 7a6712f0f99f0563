//! `POST /api/v1/auth/token`: the OAuth 2.0 token endpoint (RFC 6749), form-encoded.
//! Grants: `refresh_token` (rotating; a reused token revokes its family),
//! `client_credentials` (service accounts), and RFC 8693 token exchange (OA single sign-on).
//! Errors carry RFC 6749 §5.2 `error` / `error_description` inside the problem body.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use lt_http::Endpoints;
use lt_http::openapi::WriteErrors;
use lt_http::{ApiError, ProblemKind};
use lt_store::{Store, now_utc};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::passwords::secret_digest;
use crate::domain::tokens::TokenResponse;
use crate::problems::{
    INVALID_CLIENT, INVALID_GRANT, INVALID_REQUEST, INVALID_SCOPE, UNSUPPORTED_GRANT_TYPE,
};
use crate::state::IdentityState;
use crate::store::{accounts, people, refresh_tokens};

pub const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const JWT_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:jwt";
const ID_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:id_token";
const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";

fn oauth(kind: &'static ProblemKind, description: &str) -> ApiError {
    ApiError::new(kind)
        .with_detail(description)
        .with_oauth_error(kind.code, description)
}

/// A token request (`application/x-www-form-urlencoded`). Which fields count depends on
/// `grant_type`; client credentials may come as HTTP Basic instead of form fields.
#[derive(Clone, Default, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// `refresh_token`, `client_credentials` or `urn:ietf:params:oauth:grant-type:token-exchange`.
    pub grant_type: Option<String>,
    pub refresh_token: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// Space-separated scopes wanted (client credentials); default: all the account has.
    pub scope: Option<String>,
    /// The OA system's JWT (token exchange).
    pub subject_token: Option<String>,
    /// `urn:ietf:params:oauth:token-type:jwt` (or `…:id_token`).
    pub subject_token_type: Option<String>,
}

impl std::fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRequest")
            .field("grant_type", &self.grant_type)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

fn required<'a>(value: &'a Option<String>, name: &str) -> Result<&'a str, ApiError> {
    value
        .as_deref()
        .filter(|v| !v.is_empty())
        .ok_or_else(|| oauth(&INVALID_REQUEST, &format!("`{name}` is required")))
}

/// Client id and secret from HTTP Basic or the form.
fn client_credentials(
    req: &HttpRequest,
    form: &TokenRequest,
) -> Result<(String, String), ApiError> {
    if let Some(value) = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        && let Some(encoded) = value
            .strip_prefix("Basic ")
            .or_else(|| value.strip_prefix("basic "))
    {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or_else(|| {
                oauth(&INVALID_CLIENT, "malformed Basic credentials")
                    .with_header(header::WWW_AUTHENTICATE, "Basic realm=\"learning-tree\"")
            })?;
        let (id, secret) = decoded.split_once(':').ok_or_else(|| {
            oauth(&INVALID_CLIENT, "malformed Basic credentials")
                .with_header(header::WWW_AUTHENTICATE, "Basic realm=\"learning-tree\"")
        })?;
        return Ok((id.to_owned(), secret.to_owned()));
    }
    Ok((
        required(&form.client_id, "client_id")?.to_owned(),
        required(&form.client_secret, "client_secret")?.to_owned(),
    ))
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0_u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

async fn client_credentials_grant(
    store: &Store,
    state: &IdentityState,
    req: &HttpRequest,
    form: &TokenRequest,
) -> Result<TokenResponse, ApiError> {
    let (client_id, secret) = client_credentials(req, form)?;
    let lookup = client_id.clone();
    let account = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(accounts::find_service_account(conn, &lookup)?)
        })
        .await?
        .filter(|a| a.active && same(&a.secret_hash, &secret_digest(&secret)))
        .ok_or_else(|| {
            oauth(&INVALID_CLIENT, "unknown client or wrong secret")
                .with_header(header::WWW_AUTHENTICATE, "Basic realm=\"learning-tree\"")
        })?;
    let allowed: Vec<String> = account
        .scopes
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let granted = match form.scope.as_deref().filter(|s| !s.trim().is_empty()) {
        None => allowed,
        Some(wanted) => {
            let wanted: Vec<String> = wanted.split_whitespace().map(str::to_owned).collect();
            if let Some(extra) = wanted.iter().find(|s| !allowed.contains(s)) {
                return Err(oauth(
                    &INVALID_SCOPE,
                    &format!("scope `{extra}` is not granted to this client"),
                ));
            }
            wanted
        }
    };
    state.tokens.for_service(&client_id, &granted)
}

enum Refreshed {
    Tokens(TokenResponse),
    Reused,
    Invalid(&'static str),
}

async fn refresh_grant(
    store: &Store,
    state: &IdentityState,
    form: &TokenRequest,
) -> Result<TokenResponse, ApiError> {
    let digest = secret_digest(required(&form.refresh_token, "refresh_token")?);
    let tokens = state.tokens.clone();
    // The reuse case must commit its revocation, so it is an Ok outcome, answered after.
    let outcome = store
        .write(move |tx| -> Result<Refreshed, ApiError> {
            let Some(token) = refresh_tokens::find_by_hash(tx.conn(), &digest)? else {
                return Ok(Refreshed::Invalid("unknown refresh token"));
            };
            if token.revoked_at.is_some() {
                return Ok(Refreshed::Invalid("refresh token revoked"));
            }
            if token.used_at.is_some() || !refresh_tokens::mark_used(tx, &token.id)? {
                refresh_tokens::revoke_family(tx, &token.family_id)?;
                return Ok(Refreshed::Reused);
            }
            if token.expires_at <= now_utc() {
                return Ok(Refreshed::Invalid("refresh token expired"));
            }
            let person = people::find(tx.conn(), &token.person_id)?;
            if !person.active {
                return Ok(Refreshed::Invalid("the account is no longer active"));
            }
            Ok(Refreshed::Tokens(tokens.for_person(
                tx,
                &person,
                Some(&token.family_id),
            )?))
        })
        .await?;
    match outcome {
        Refreshed::Tokens(tokens) => Ok(tokens),
        Refreshed::Reused => {
            tracing::warn!("refresh token reused: its family is revoked");
            Err(oauth(
                &INVALID_GRANT,
                "refresh token already used; every token of its session is revoked",
            ))
        }
        Refreshed::Invalid(why) => Err(oauth(&INVALID_GRANT, why)),
    }
}

async fn exchange_grant(
    store: &Store,
    state: &IdentityState,
    form: &TokenRequest,
) -> Result<TokenResponse, ApiError> {
    let subject_token = required(&form.subject_token, "subject_token")?;
    let token_type = required(&form.subject_token_type, "subject_token_type")?;
    if token_type != JWT_TOKEN_TYPE && token_type != ID_TOKEN_TYPE {
        return Err(oauth(
            &INVALID_REQUEST,
            "subject_token_type must be urn:ietf:params:oauth:token-type:jwt",
        ));
    }
    let oa = state.oa.as_ref().ok_or_else(|| {
        oauth(
            &UNSUPPORTED_GRANT_TYPE,
            "single sign-on from OA is not configured",
        )
    })?;
    let claims = oa
        .verify(subject_token)
        .map_err(|why| oauth(&INVALID_GRANT, &why))?;
    let tokens = state.tokens.clone();
    let mut issued = store
        .write(move |tx| -> Result<Option<TokenResponse>, ApiError> {
            let person = match people::find_by_external_id(tx.conn(), &claims.sub)? {
                Some(person) => Some(person),
                None => match &claims.employee_no {
                    Some(no) => people::find_by_employee_no(tx.conn(), no)?,
                    None => None,
                },
            };
            match person.filter(|p| p.active) {
                Some(person) => Ok(Some(tokens.for_person(tx, &person, None)?)),
                None => Ok(None),
            }
        })
        .await?
        .ok_or_else(|| {
            oauth(
                &INVALID_GRANT,
                "no active person in the directory matches the subject token",
            )
        })?;
    issued.issued_token_type = Some(ACCESS_TOKEN_TYPE.to_owned());
    Ok(issued)
}

/// The OAuth 2.0 token endpoint. Form fields by grant: `refresh_token` + `refresh_token`;
/// `client_credentials` + client id/secret (HTTP Basic or form) and optional `scope`;
/// token exchange + `subject_token` (the OA system's JWT) and `subject_token_type`.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, body = TokenResponse), WriteErrors),
    extensions(("x-roles" = json!(["holder of a refresh token", "service account (client credentials)", "OA system (token exchange)"]))))]
pub async fn token(
    store: web::Data<Store>,
    state: web::Data<IdentityState>,
    req: HttpRequest,
    form: web::Form<TokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    let issued = match required(&form.grant_type, "grant_type")? {
        "refresh_token" => refresh_grant(&store, &state, &form).await?,
        "client_credentials" => client_credentials_grant(&store, &state, &req, &form).await?,
        TOKEN_EXCHANGE => exchange_grant(&store, &state, &form).await?,
        other => {
            return Err(oauth(
                &UNSUPPORTED_GRANT_TYPE,
                &format!("grant_type `{other}` is not supported"),
            ));
        }
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(issued))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![token]
}
