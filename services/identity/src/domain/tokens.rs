//! Issuing tokens: short-lived access tokens (EdDSA JWT) and rotating refresh tokens.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use lt_auth::{AccessClaims, TokenSigner};
use lt_http::ApiError;
use lt_store::WriteTx;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::keyring::KeyRing;
use super::passwords::{random_secret, secret_digest};
use crate::store::people::PersonRow;
use crate::store::{accounts, refresh_tokens};

/// `client_id` of tokens issued to people through the platform's own sign-in.
pub const PLATFORM_CLIENT: &str = "learning-tree";

/// A token response (RFC 6749 §5.1; RFC 8693 §2.2.1 for token exchange).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Single use: each refresh returns a new one. Absent for service accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Granted scopes (service accounts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// For token exchange: `urn:ietf:params:oauth:token-type:access_token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_token_type: Option<String>,
}

/// Signs tokens with the key ring's active key.
#[derive(Clone, Debug)]
pub struct TokenIssuer {
    pub keyring: Arc<KeyRing>,
    pub issuer: String,
    pub audience: String,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
}

impl TokenIssuer {
    fn signer(&self) -> Result<TokenSigner, ApiError> {
        Ok(TokenSigner::new(
            self.keyring.active()?,
            self.issuer.clone(),
            self.audience.clone(),
        ))
    }

    fn sign(&self, signer: &TokenSigner, claims: &AccessClaims) -> Result<String, ApiError> {
        signer
            .sign(claims)
            .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("signing: {e}")))
    }

    /// An access token for a service account with `scopes`.
    pub fn for_service(
        &self,
        client_id: &str,
        scopes: &[String],
    ) -> Result<TokenResponse, ApiError> {
        let signer = self.signer()?;
        let scope = scopes.join(" ");
        let claims = signer.claims_for(
            AccessClaims::service_subject(client_id),
            None,
            None,
            Vec::new(),
            scope.clone(),
            client_id,
            self.access_ttl,
        );
        Ok(TokenResponse {
            access_token: self.sign(&signer, &claims)?,
            token_type: "Bearer".into(),
            expires_in: self.access_ttl.as_secs(),
            refresh_token: None,
            scope: Some(scope),
            issued_token_type: None,
        })
    }

    /// An access token and a new refresh token for `person`, in the caller's transaction.
    /// `family` continues a refresh-token family (rotation); `None` starts one (sign-in).
    pub fn for_person(
        &self,
        tx: &mut WriteTx<'_>,
        person: &PersonRow,
        family: Option<&str>,
    ) -> Result<TokenResponse, ApiError> {
        let roles = accounts::roles_of(tx.conn(), &person.id)?;
        let signer = self.signer()?;
        let claims = signer.claims_for(
            person.id.clone(),
            Some(person.name.clone()),
            person.org_unit_id.clone(),
            roles,
            "",
            PLATFORM_CLIENT,
            self.access_ttl,
        );
        let refresh = random_secret()?;
        let family = family.map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned);
        let ttl = TimeDelta::from_std(self.refresh_ttl).unwrap_or(TimeDelta::days(14));
        refresh_tokens::insert(tx, &family, &person.id, &secret_digest(&refresh), ttl)?;
        Ok(TokenResponse {
            access_token: self.sign(&signer, &claims)?,
            token_type: "Bearer".into(),
            expires_in: self.access_ttl.as_secs(),
            refresh_token: Some(refresh),
            scope: None,
            issued_token_type: None,
        })
    }
}
