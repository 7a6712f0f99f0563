//! Every service's side: is this token one identity issued for us, unexpired and untouched?
//!
//! The header is checked by hand before any key is looked at: only `EdDSA` is accepted (so
//! `alg: none`, or HS256 "signed" with our public key as the secret, never reach a verifier),
//! and `typ` must say access token. jsonwebtoken then checks the signature and the claims.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

use crate::claims::{AccessClaims, TOKEN_TYPE};
use crate::error::{AuthError, TokenError};
use crate::jwks::{JwksCache, KeyMap, key_map};

/// Longer than any token the platform issues; a bigger one is refused before decoding.
const MAX_TOKEN_LEN: usize = 8 * 1024;

/// What a [`Verifier`] accepts, and how it treats identity's JWKS.
#[derive(Clone, Debug)]
pub struct VerifierSettings {
    pub issuer: String,
    pub audience: String,
    /// Clock skew allowed on `exp`. Default 30 s.
    pub leeway: Duration,
    /// Least time between two JWKS fetches. Default 30 s.
    pub refresh_cooldown: Duration,
    /// Age after which the JWKS is refetched on next use. Default 10 min.
    pub max_age: Duration,
    /// Time limit of one JWKS fetch. Default 5 s.
    pub fetch_timeout: Duration,
}

/// `iss` of access tokens unless `LT_TOKEN_ISSUER` says otherwise.
pub const DEFAULT_ISSUER: &str = "learning-tree-identity";
/// The one platform `aud` unless `LT_TOKEN_AUDIENCE` says otherwise.
pub const DEFAULT_AUDIENCE: &str = "learning-tree";

impl VerifierSettings {
    /// What every token checker reads the same way: `LT_TOKEN_ISSUER` and
    /// `LT_TOKEN_AUDIENCE` (blank = unset), defaults otherwise.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |key: &str| lookup(key).filter(|v| !v.trim().is_empty());
        Self::new(
            get("LT_TOKEN_ISSUER").unwrap_or_else(|| DEFAULT_ISSUER.to_owned()),
            get("LT_TOKEN_AUDIENCE").unwrap_or_else(|| DEFAULT_AUDIENCE.to_owned()),
        )
    }

    pub fn new(issuer: impl Into<String>, audience: impl Into<String>) -> Self {
        Self {
            issuer: issuer.into(),
            audience: audience.into(),
            leeway: Duration::from_secs(30),
            refresh_cooldown: Duration::from_secs(30),
            max_age: Duration::from_secs(600),
            fetch_timeout: Duration::from_secs(5),
        }
    }

    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    pub fn refresh_cooldown(mut self, cooldown: Duration) -> Self {
        self.refresh_cooldown = cooldown;
        self
    }

    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    pub fn fetch_timeout(mut self, timeout: Duration) -> Self {
        self.fetch_timeout = timeout;
        self
    }
}

/// Checks access tokens. Cheap to clone (one `Arc`); register it once as
/// `web::Data<Verifier>` for the [`AuthUser`](crate::AuthUser) extractor.
#[derive(Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

struct Inner {
    validation: Validation,
    keys: KeySource,
}

enum KeySource {
    Static(KeyMap),
    Jwks(JwksCache),
    Provided(ProvidedKeys),
}

/// Supplies the current verification keys (identity reads its own key ring this way).
pub type KeyProvider = Arc<dyn Fn() -> Result<Vec<Jwk>, String> + Send + Sync>;

/// Keys from a [`KeyProvider`], asked again when a token names an unknown `kid`, at most
/// once per second.
struct ProvidedKeys {
    provider: KeyProvider,
    keys: std::sync::RwLock<KeyMap>,
    /// When a miss last made us ask the provider again (never, at first).
    reloaded_at: std::sync::Mutex<Option<std::time::Instant>>,
}

impl ProvidedKeys {
    async fn key_for(&self, kid: &str) -> Result<Arc<DecodingKey>, TokenError> {
        use std::sync::PoisonError;
        if let Some(key) = self
            .keys
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(kid)
        {
            return Ok(Arc::clone(key));
        }
        {
            let mut reloaded_at = self
                .reloaded_at
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if reloaded_at.is_some_and(|at| at.elapsed() < Duration::from_secs(1)) {
                return Err(TokenError::UnknownKey);
            }
            *reloaded_at = Some(std::time::Instant::now());
        }
        // A provider may read files (identity's key ring): never on an async worker.
        let provider = Arc::clone(&self.provider);
        let fresh = tokio::task::spawn_blocking(move || provider())
            .await
            .ok()
            .and_then(Result::ok)
            .and_then(|jwks| key_map(&jwks).ok())
            .ok_or(TokenError::KeysUnavailable)?;
        let found = fresh.get(kid).cloned();
        *self.keys.write().unwrap_or_else(PoisonError::into_inner) = fresh;
        found.ok_or(TokenError::UnknownKey)
    }
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let source = match &self.inner.keys {
            KeySource::Static(keys) => format!("{} static keys", keys.len()),
            KeySource::Jwks(_) => "JWKS".to_owned(),
            KeySource::Provided(_) => "provided keys".to_owned(),
        };
        f.debug_struct("Verifier")
            .field("keys", &source)
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// Verifies with these keys only (identity itself, and tests). Every key must be an
    /// Ed25519 signing key with a `kid`.
    pub fn with_keys(keys: Vec<Jwk>, settings: VerifierSettings) -> Result<Self, AuthError> {
        let keys = key_map(&keys)?;
        if keys.is_empty() {
            return Err(AuthError::Config("no verification keys".into()));
        }
        Ok(Self::new(KeySource::Static(keys), &settings))
    }

    /// Verifies with the keys published at `url` (identity's JWKS endpoint), fetched on first
    /// use and cached as described in [`VerifierSettings`].
    pub fn from_jwks_url(
        url: impl Into<String>,
        settings: VerifierSettings,
    ) -> Result<Self, AuthError> {
        let cache = JwksCache::new(
            url.into(),
            settings.refresh_cooldown,
            settings.max_age,
            settings.fetch_timeout,
        )?;
        Ok(Self::new(KeySource::Jwks(cache), &settings))
    }

    /// Verifies with the keys identity publishes at `<identity_url>/.well-known/jwks.json`.
    pub fn for_identity(identity_url: &str, settings: VerifierSettings) -> Result<Self, AuthError> {
        Self::from_jwks_url(
            format!(
                "{}/.well-known/jwks.json",
                identity_url.trim_end_matches('/')
            ),
            settings,
        )
    }

    /// Verifies with the keys `provider` returns now, asking it again when a token names a
    /// `kid` it did not return (a key rotated since).
    pub fn with_key_provider(
        provider: KeyProvider,
        settings: VerifierSettings,
    ) -> Result<Self, AuthError> {
        let initial = key_map(&provider().map_err(AuthError::Config)?)?;
        let keys = ProvidedKeys {
            provider,
            keys: std::sync::RwLock::new(initial),
            reloaded_at: std::sync::Mutex::new(None),
        };
        Ok(Self::new(KeySource::Provided(keys), &settings))
    }

    fn new(keys: KeySource, settings: &VerifierSettings) -> Self {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[&settings.issuer]);
        validation.set_audience(&[&settings.audience]);
        // `iat` is required too: `AccessClaims` cannot be read without it.
        validation.set_required_spec_claims(&["exp", "sub", "iss", "aud"]);
        validation.leeway = settings.leeway.as_secs();
        validation.validate_exp = true;
        Self {
            inner: Arc::new(Inner { validation, keys }),
        }
    }

    /// Seconds a client should wait after [`TokenError::KeysUnavailable`]: the next fetch
    /// is not tried before the cooldown has passed.
    pub fn retry_after_seconds(&self) -> u32 {
        match &self.inner.keys {
            KeySource::Static(_) | KeySource::Provided(_) => 1,
            KeySource::Jwks(cache) => {
                u32::try_from(cache.refresh_cooldown().as_secs().clamp(1, 60)).unwrap_or(60)
            }
        }
    }

    /// The claims of `token` if it is a valid access token for this issuer and audience.
    pub async fn verify(&self, token: &str) -> Result<AccessClaims, TokenError> {
        let token = token.trim();
        if token.is_empty() {
            return Err(TokenError::Missing);
        }
        if token.len() > MAX_TOKEN_LEN {
            return Err(TokenError::Malformed);
        }
        let header = TokenHeader::read(token)?;
        if header.alg.as_deref() != Some("EdDSA") {
            return Err(TokenError::UnsupportedAlgorithm);
        }
        if !header.typ.as_deref().is_some_and(is_access_token_type) {
            return Err(TokenError::WrongType);
        }
        let kid = header.kid.ok_or(TokenError::UnknownKey)?;
        let key = self.key_for(&kid).await?;
        jsonwebtoken::decode::<AccessClaims>(token, &key, &self.inner.validation)
            .map(|data| data.claims)
            .map_err(|e| TokenError::from_jwt(&e))
    }

    async fn key_for(&self, kid: &str) -> Result<Arc<DecodingKey>, TokenError> {
        match &self.inner.keys {
            KeySource::Static(keys) => keys.get(kid).cloned().ok_or(TokenError::UnknownKey),
            KeySource::Jwks(cache) => cache.key_for(kid).await,
            KeySource::Provided(keys) => keys.key_for(kid).await,
        }
    }
}

/// `at+jwt`, or its full media type `application/at+jwt` (RFC 9068 §2.1, RFC 7515 §4.1.9),
/// in any case.
fn is_access_token_type(typ: &str) -> bool {
    let typ = typ.trim();
    let typ = typ
        .get(..12)
        .filter(|prefix| prefix.eq_ignore_ascii_case("application/"))
        .map_or(typ, |_| &typ[12..]);
    typ.eq_ignore_ascii_case(TOKEN_TYPE)
}

/// The protected header, read without trusting it: only to decide how to verify.
#[derive(Deserialize)]
struct TokenHeader {
    alg: Option<String>,
    typ: Option<String>,
    kid: Option<String>,
}

impl TokenHeader {
    fn read(token: &str) -> Result<Self, TokenError> {
        let mut parts = token.split('.');
        let (Some(header), Some(_payload), Some(_signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        let bytes = URL_SAFE_NO_PAD
            .decode(header)
            .map_err(|_| TokenError::Malformed)?;
        serde_json::from_slice(&bytes).map_err(|_| TokenError::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_can_run_on_any_runtime() {
        fn assert_send<T: Send>(_: &T) {}
        let verifier =
            Verifier::from_jwks_url("http://127.0.0.1:9/jwks", VerifierSettings::new("i", "a"))
                .expect("verifier");
        assert_send(&verifier.verify("token"));
    }

    #[test]
    fn access_token_types() {
        for typ in [
            "at+jwt",
            "AT+JWT",
            "application/at+jwt",
            "Application/At+Jwt",
        ] {
            assert!(is_access_token_type(typ), "{typ}");
        }
        for typ in [
            "JWT",
            "application/jwt",
            "at+jwtx",
            "application/",
            "",
            "rt+jwt",
        ] {
            assert!(!is_access_token_type(typ), "{typ}");
        }
    }
}
