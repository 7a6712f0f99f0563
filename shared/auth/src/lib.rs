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
