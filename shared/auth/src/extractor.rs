//! The caller of a request, as handlers see it: `async fn handler(user: AuthUser, …)` says
//! the route needs a token; `MaybeAuthUser` says it takes one if given.
//!
//! Refusals follow RFC 6750 §3 and render as problem+json through lt-http's `Conventions`:
//! no token → 401 with a bare `Bearer realm` challenge; a bad token → 401 `invalid_token`
//! with a safe `error_description`; identity's keys out of reach → 503 with `Retry-After`.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use lt_http::{ApiError, ProblemKind, kinds};

use crate::claims::AccessClaims;
use crate::error::TokenError;
use crate::verifier::Verifier;

/// The `realm` of every challenge this platform sends.
pub const REALM: &str = "learning-tree";

/// The HTTP authentication scheme of access tokens, as OpenAPI's `bearer` security scheme names it.
pub const BEARER_SCHEME: &str = "bearer";

/// 401 for a token that was sent but does not pass, so a client can tell "sign in again"
/// (this) from "sign in" (`unauthorized`).
pub const INVALID_TOKEN: ProblemKind = ProblemKind::new(
    "invalid_token",
    401,
    "令牌无效或已过期",
    "Invalid or expired token",
);

/// An authenticated caller: a person (a cadre, a coordinator, the programme office) or a
/// service account (the OA system, a reporting tool).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthUser {
    Person {
        /// The person id (`sub`).
        id: String,
        name: Option<String>,
        /// The org node the person belongs to.
        org: Option<String>,
        roles: Vec<String>,
        scopes: Vec<String>,
        /// The token's `jti`, for audit logs.
        token_id: String,
    },
    Service {
        client_id: String,
        scopes: Vec<String>,
        token_id: String,
    },
}

impl AuthUser {
    /// The caller a verified token names. A service subject must agree with its `client_id`,
    /// so one client cannot act under another's name.
    pub fn from_claims(claims: AccessClaims) -> Result<Self, TokenError> {
        let scopes = claims.scopes().map(str::to_owned).collect();
        if let Some(client_id) = claims.service_client_id() {
            if client_id.is_empty() || client_id != claims.client_id {
                return Err(TokenError::Malformed);
            }
            return Ok(Self::Service {
                client_id: claims.client_id,
                scopes,
                token_id: claims.jti,
            });
        }
        if claims.sub.is_empty() {
            return Err(TokenError::Malformed);
        }
        Ok(Self::Person {
            id: claims.sub,
            name: claims.name,
            org: claims.org,
            roles: claims.roles,
            scopes,
            token_id: claims.jti,
        })
    }
}

/// The caller if the request carries a token. No `Authorization` header gives `None`; a
/// header that is there but does not pass is refused exactly as for [`AuthUser`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaybeAuthUser(pub Option<AuthUser>);

impl TokenError {
    /// The answer to a refused token (see the module documentation).
    pub fn into_api_error(self, retry_after_seconds: u32) -> ApiError {
        match self {
            Self::Missing => ApiError::new(&kinds::UNAUTHORIZED).with_header(
                header::WWW_AUTHENTICATE,
                format!("Bearer realm=\"{REALM}\""),
            ),
            Self::KeysUnavailable => {
                ApiError::unavailable(retry_after_seconds).with_detail(self.description())
            }
            _ => {
                let description = self.description();
                ApiError::new(&INVALID_TOKEN)
                    .with_detail(description)
                    .with_header(
                        header::WWW_AUTHENTICATE,
                        format!(
                            "Bearer realm=\"{REALM}\", error=\"invalid_token\", error_description=\"{description}\""
                        ),
                    )
            }
        }
    }
}

/// What the `Authorization` header holds.
enum Credentials {
    Absent,
    /// Another scheme (e.g. Basic): to us that is no token at all (RFC 6750 §3.1).
    OtherScheme,
    Malformed,
    Bearer(String),
}

impl Credentials {
    fn of(req: &HttpRequest) -> Self {
        let Some(value) = req.headers().get(header::AUTHORIZATION) else {
            return Self::Absent;
        };
        let Ok(value) = value.to_str() else {
            return Self::Malformed;
        };
        let value = value.trim();
        let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
        if !scheme.eq_ignore_ascii_case(BEARER_SCHEME) {
            return Self::OtherScheme;
        }
        match token.trim() {
            "" => Self::Malformed,
            token => Self::Bearer(token.to_owned()),
        }
    }
}

/// The verifier registered as `web::Data<Verifier>` (or as plain app data). Its absence is a
/// wiring mistake of the service, hence a 500, not a 401.
fn registered_verifier(req: &HttpRequest) -> Result<Verifier, ApiError> {
    req.app_data::<web::Data<Verifier>>()
        .map(|data| data.get_ref().clone())
        .or_else(|| req.app_data::<Verifier>().cloned())
        .ok_or_else(|| {
            ApiError::Unexpected(anyhow::anyhow!(
                "no lt_auth::Verifier in app data; register web::Data<Verifier>"
            ))
        })
}

async fn authenticate(verifier: Verifier, credentials: Credentials) -> Result<AuthUser, ApiError> {
    let retry_after = verifier.retry_after_seconds();
    let refuse = |error: TokenError| {
        tracing::debug!(reason = %error, "bearer token refused");
        error.into_api_error(retry_after)
    };
    let token = match credentials {
        Credentials::Absent | Credentials::OtherScheme => return Err(refuse(TokenError::Missing)),
        Credentials::Malformed => return Err(refuse(TokenError::Malformed)),
        Credentials::Bearer(token) => token,
    };
    let claims = verifier.verify(&token).await.map_err(refuse)?;
    AuthUser::from_claims(claims).map_err(refuse)
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let verifier = registered_verifier(req);
        let credentials = Credentials::of(req);
        Box::pin(async move { authenticate(verifier?, credentials).await })
    }
}

impl FromRequest for MaybeAuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let verifier = registered_verifier(req);
        let credentials = Credentials::of(req);
        Box::pin(async move {
            let verifier = verifier?;
            if matches!(credentials, Credentials::Absent) {
                return Ok(Self(None));
            }
            authenticate(verifier, credentials)
                .await
                .map(|user| Self(Some(user)))
        })
    }
}
