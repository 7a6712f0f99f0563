//! Identity's side: turning a grant into a signed access token.

use std::time::Duration;

use jsonwebtoken::{Algorithm, Header};

use crate::claims::{AccessClaims, TOKEN_TYPE};
use crate::error::AuthError;
use crate::keys::SigningKey;

/// Signs access tokens for one issuer and audience with one key.
#[derive(Clone, Debug)]
pub struct TokenSigner {
    key: SigningKey,
    issuer: String,
    audience: String,
}

impl TokenSigner {
    pub fn new(key: SigningKey, issuer: impl Into<String>, audience: impl Into<String>) -> Self {
        Self {
            key,
            issuer: issuer.into(),
            audience: audience.into(),
        }
    }

    pub fn key(&self) -> &SigningKey {
        &self.key
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn audience(&self) -> &str {
        &self.audience
    }

    /// Claims for a grant, valid from now for `ttl`, with this signer's issuer and audience
    /// and a fresh `jti`. `sub` is a person id or [`AccessClaims::service_subject`].
    // One argument per claim keeps call sites in identity reading like the token they make.
    #[allow(clippy::too_many_arguments)]
    pub fn claims_for(
        &self,
        sub: impl Into<String>,
        name: Option<String>,
        org: Option<String>,
        roles: Vec<String>,
        scope: impl Into<String>,
        client_id: impl Into<String>,
        ttl: Duration,
    ) -> AccessClaims {
        let iat = chrono::Utc::now().timestamp();
        let ttl = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX);
        AccessClaims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: sub.into(),
            name,
            org,
            roles,
            scope: scope.into(),
            client_id: client_id.into(),
            iat,
            exp: iat.saturating_add(ttl),
            jti: uuid::Uuid::new_v4().to_string(),
        }
    }

    /// The compact JWS of `claims`, with header `alg: EdDSA`, `typ: at+jwt` and this key's `kid`.
    pub fn sign(&self, claims: &AccessClaims) -> Result<String, AuthError> {
        let mut header = Header::new(Algorithm::EdDSA);
        header.typ = Some(TOKEN_TYPE.to_owned());
        header.kid = Some(self.key.kid().to_owned());
        jsonwebtoken::encode(&header, claims, self.key.encoding_key())
            .map_err(|e| AuthError::Signing(e.to_string()))
    }
}
