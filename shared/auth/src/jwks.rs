//! Identity's published keys: the JWKS document, and the cache every service keeps of it.
//!
//! The cache is what lets the platform ride out identity being down: keys once fetched keep
//! verifying tokens however old they get, and a failed refetch only means another try after
//! the cooldown. A token naming an unknown `kid` (identity rotated its key) triggers a refetch
//! at once, but at most once per cooldown, so a stream of forged `kid`s cannot hammer identity.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::{Jwk, JwkSet};
use serde::Deserialize;

use crate::error::{AuthError, TokenError};
use crate::keys::{SigningKey, verification_key};

/// The JWKS document publishing `keys` (typically the current key and the one before it, so
/// tokens signed just before a rotation keep verifying until they expire).
pub fn jwk_set<'a>(keys: impl IntoIterator<Item = &'a SigningKey>) -> JwkSet {
    JwkSet {
        keys: keys.into_iter().map(SigningKey::public_jwk).collect(),
    }
}

pub(crate) type KeyMap = HashMap<String, Arc<DecodingKey>>;

/// Verification keys by `kid`; any key that is not a usable Ed25519 signing key is an error,
/// since static keys come from our own configuration.
pub(crate) fn key_map(keys: &[Jwk]) -> Result<KeyMap, AuthError> {
    keys.iter()
        .map(|jwk| verification_key(jwk).map(|(kid, key)| (kid, Arc::new(key))))
        .collect()
}

/// A JWKS as fetched: each key read on its own, so one key of an unknown kind does not hide
/// the others.
#[derive(Deserialize)]
struct RawJwks {
    keys: Vec<serde_json::Value>,
}

/// Identity's JWKS, cached by `kid`.
pub(crate) struct JwksCache {
    url: String,
    client: reqwest::Client,
    refresh_cooldown: Duration,
    max_age: Duration,
    state: RwLock<CacheState>,
    /// Serialises fetches, so a burst of requests with a new `kid` makes one fetch, not many.
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct CacheState {
    keys: KeyMap,
    fetched_at: Option<Instant>,
    attempted_at: Option<Instant>,
}

impl JwksCache {
    pub(crate) fn new(
        url: String,
        refresh_cooldown: Duration,
        max_age: Duration,
        fetch_timeout: Duration,
    ) -> Result<Self, AuthError> {
        let client = reqwest::Client::builder()
            .timeout(fetch_timeout)
            // Fetches are minutes apart, and a pooled connection belongs to the runtime of the
            // worker that opened it; no pool means no connection outlives its runtime.
            .pool_max_idle_per_host(0)
            .build()
            .map_err(|e| AuthError::Config(format!("HTTP client for JWKS: {e}")))?;
        Ok(Self {
            url,
            client,
            refresh_cooldown,
            max_age,
            state: RwLock::new(CacheState::default()),
            fetching: tokio::sync::Mutex::new(()),
        })
    }

    pub(crate) fn refresh_cooldown(&self) -> Duration {
        self.refresh_cooldown
    }

    /// The key named `kid`, fetching the set first when it is unknown or the cache is older
    /// than the max age (and the cooldown since the last attempt has passed).
    pub(crate) async fn key_for(&self, kid: &str) -> Result<Arc<DecodingKey>, TokenError> {
        if let Some(key) = self.fresh_key(kid) {
            return Ok(key);
        }
        {
            let _one_fetch_at_a_time = match self.fetching.try_lock() {
                Ok(guard) => guard,
                Err(_) => match self.cached_key(kid) {
                    // A stale key still verifies while another request refreshes the set.
                    Some(key) => return Ok(key),
                    None => self.fetching.lock().await,
                },
            };
            // Another request may have fetched while this one waited.
            if self.fresh_key(kid).is_none() && self.cooldown_passed() {
                self.refresh().await;
            }
        }
        let state = self.read_state();
        match state.keys.get(kid) {
            Some(key) => Ok(Arc::clone(key)),
            None if state.fetched_at.is_none() => Err(TokenError::KeysUnavailable),
            None => Err(TokenError::UnknownKey),
        }
    }

    fn read_state(&self) -> std::sync::RwLockReadGuard<'_, CacheState> {
        // The state is replaced whole under the lock, so a panic elsewhere cannot leave it
        // half-written: a poisoned lock is still a consistent cache.
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn cached_key(&self, kid: &str) -> Option<Arc<DecodingKey>> {
        self.read_state().keys.get(kid).cloned()
    }

    fn fresh_key(&self, kid: &str) -> Option<Arc<DecodingKey>> {
        let state = self.read_state();
        let fresh = state
            .fetched_at
            .is_some_and(|at| at.elapsed() <= self.max_age);
        fresh.then(|| state.keys.get(kid).cloned()).flatten()
    }

    fn cooldown_passed(&self) -> bool {
        let state = self.read_state();
        state
            .attempted_at
            .is_none_or(|at| at.elapsed() >= self.refresh_cooldown)
    }

    /// Fetches the set; on failure keeps the keys it had, so verification goes on.
    async fn refresh(&self) {
        let outcome = self.fetch().await;
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        state.attempted_at = Some(now);
        match outcome {
            Ok(keys) => {
                tracing::debug!(url = %self.url, keys = keys.len(), "JWKS refreshed");
                state.keys = keys;
                state.fetched_at = Some(now);
            }
            Err(cause) => {
                tracing::warn!(url = %self.url, cached = state.keys.len(), %cause, "JWKS fetch failed; keeping cached keys");
            }
        }
    }

    async fn fetch(&self) -> anyhow::Result<KeyMap> {
        let raw: RawJwks = self
            .client
            .get(&self.url)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let mut keys = KeyMap::new();
        for value in raw.keys {
            let usable = serde_json::from_value::<Jwk>(value)
                .map_err(|e| AuthError::InvalidKey(e.to_string()))
                .and_then(|jwk| verification_key(&jwk));
            match usable {
                Ok((kid, key)) => {
                    keys.insert(kid, Arc::new(key));
                }
                Err(cause) => tracing::warn!(url = %self.url, %cause, "JWKS key skipped"),
            }
        }
        // An empty set is far likelier a broken identity than a wish to reject every token.
        anyhow::ensure!(!keys.is_empty(), "the JWKS holds no usable Ed25519 key");
        Ok(keys)
    }
}
