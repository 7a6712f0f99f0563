//! Single sign-on from the OA system (RFC 8693 token exchange): a JWT signed by the OA
//! system's key, naming the person by their OA id, is exchanged for this platform's tokens.

use std::path::Path;

use anyhow::Context;
use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

/// The OA system's public keys and what its tokens must say.
#[derive(Clone)]
pub struct OaKeys {
    issuer: String,
    audience: String,
    keys: Vec<(Option<String>, Algorithm, DecodingKey)>,
}

impl std::fmt::Debug for OaKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OaKeys")
            .field("issuer", &self.issuer)
            .field("keys", &self.keys.len())
            .finish()
    }
}

/// What the platform reads from an OA token.
#[derive(Debug, Deserialize)]
pub struct OaClaims {
    /// The person's id in the OA system (`external_id` in the directory).
    pub sub: String,
    /// Employee number, used when the OA id is not (yet) in the directory.
    #[serde(default)]
    pub employee_no: Option<String>,
}

impl OaKeys {
    /// Reads the OA system's JWKS file (Ed25519 or RSA keys).
    pub fn load(issuer: &str, audience: &str, jwks_file: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(jwks_file)
            .with_context(|| format!("reading {}", jwks_file.display()))?;
        let set: JwkSet = serde_json::from_str(&text)
            .with_context(|| format!("parsing {}", jwks_file.display()))?;
        let mut keys = Vec::new();
        for jwk in &set.keys {
            let algorithm = match &jwk.algorithm {
                AlgorithmParameters::OctetKeyPair(_) => Algorithm::EdDSA,
                AlgorithmParameters::RSA(_) => Algorithm::RS256,
                _ => anyhow::bail!(
                    "OA key {:?}: only Ed25519 and RSA keys are accepted",
                    jwk.common.key_id
                ),
            };
            let key = DecodingKey::from_jwk(jwk).context("OA key")?;
            keys.push((jwk.common.key_id.clone(), algorithm, key));
        }
        anyhow::ensure!(!keys.is_empty(), "{} has no keys", jwks_file.display());
        Ok(Self {
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            keys,
        })
    }

    /// The claims of `token` when the OA system signed it for this platform and it is current.
    pub fn verify(&self, token: &str) -> Result<OaClaims, String> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| "not a JWT".to_owned())?;
        let candidates = self.keys.iter().filter(|(kid, algorithm, _)| {
            *algorithm == header.alg
                && (header.kid.is_none() || kid.as_deref() == header.kid.as_deref())
        });
        for (_, algorithm, key) in candidates {
            let mut validation = Validation::new(*algorithm);
            validation.set_issuer(&[&self.issuer]);
            validation.set_audience(&[&self.audience]);
            validation.set_required_spec_claims(&["exp", "sub", "iss", "aud"]);
            validation.leeway = 30;
            if let Ok(data) = jsonwebtoken::decode::<OaClaims>(token, key, &validation) {
                return Ok(data.claims);
            }
        }
        Err(
            "the subject token is not a current token signed by the OA system for this platform"
                .into(),
        )
    }
}
