//! The platform's access tokens, shared by identity (which issues them) and every service
//! (which checks them):
//!
//! - [`AccessClaims`]: an RFC 9068 access token (`typ: at+jwt`), signed EdDSA (Ed25519);
//!   [`roles`] and [`scopes`] name what it grants;
//! - [`SigningKey`] and [`TokenSigner`]: identity's side — make or load a key, publish its
//!   [`Jwk`] in a [`JwkSet`], sign tokens;
//! - [`Verifier`]: every service's side — static keys, or identity's JWKS fetched, cached by
//!   `kid` and refreshed on rotation, so a short identity outage does not stop the platform;
//! - [`AuthUser`] / [`MaybeAuthUser`]: actix extractors answering RFC 6750 401s as
//!   problem+json, and rules such as [`AuthUser::require_role`] that read like the policy.

mod claims;
mod error;
mod extractor;
mod jwks;
mod keys;
mod rules;
mod signer;
mod verifier;

pub use claims::{AccessClaims, SERVICE_SUBJECT_PREFIX, TOKEN_TYPE, roles, scopes};
pub use error::{AuthError, TokenError};
pub use extractor::{AuthUser, BEARER_SCHEME, INVALID_TOKEN, MaybeAuthUser, REALM};
pub use jsonwebtoken::jwk::{Jwk, JwkSet};
pub use jwks::jwk_set;
pub use keys::SigningKey;
pub use signer::TokenSigner;
pub use verifier::{DEFAULT_AUDIENCE, DEFAULT_ISSUER, KeyProvider, Verifier, VerifierSettings};

/// The document identity serves at its JWKS endpoint: `{ "keys": [...] }`.
pub type Jwks = JwkSet;

/// The outbox feed of a service, `GET /api/v1/<service>/outbox` (scope `events:read`),
/// written once for every service: `lt_auth::outbox_endpoints!("training");` in a module
/// gives its `outbox` handler and `endpoints()`. The body is `lt_http::outbox::page`.
#[macro_export]
macro_rules! outbox_endpoints {
    ($service:tt) => {
        #[utoipa::path(get, path = concat!("/api/v1/", $service, "/outbox"), tag = "outbox", security(("bearer" = [])),
            summary = concat!("The ", $service, " service's events, in commit order (the events relay reads this)."),
            description = "Cursor-paged by commit order: a page never skips an event whose transaction commits after a later-numbered one. `next_cursor` is always present; ask again from it. Payloads are those of docs/events.md, unfiltered: only service accounts with `events:read` read it.",
            params(lt_http::PageQuery),
            responses((status = 200, body = lt_http::outbox::OutboxPage), lt_http::openapi::ReadErrors),
            extensions(("x-roles" = json!(["scope:events:read"]))))]
        pub async fn outbox(
            store: actix_web::web::Data<lt_store::Store>,
            user: $crate::AuthUser,
            query: actix_web::web::Query<lt_http::PageQuery>,
        ) -> Result<actix_web::HttpResponse, lt_http::ApiError> {
            user.require_scope($crate::scopes::EVENTS_READ)?;
            lt_http::outbox::page(&store, &query).await
        }

        /// The outbox feed's endpoint.
        pub fn endpoints() -> lt_http::Endpoints {
            lt_http::endpoints![outbox]
        }
    };
}
