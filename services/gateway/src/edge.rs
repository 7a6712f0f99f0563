//! Checks at the edge: access tokens (verified once, then remembered by hash until they
//! expire) and a per-client rate limit. Both are per gateway replica, in memory: losing
//! them costs a re-verification or a fresh window, nothing more.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use lt_auth::{TokenError, Verifier};
use sha2::{Digest, Sha256};

/// Most remembered tokens before the cache sheds expired ones (or everything).
const MAX_REMEMBERED: usize = 50_000;

/// Who a verified token speaks for, as far as the gateway itself cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bearer {
    pub subject: String,
    /// An admin or a service account: may read `/health/upstreams`.
    pub monitors: bool,
}

/// Verified tokens: SHA-256 of the token → (expiry, bearer).
pub struct TokenCheck {
    verifier: Verifier,
    verified: Mutex<HashMap<[u8; 32], (i64, Bearer)>>,
}

impl TokenCheck {
    pub fn new(verifier: Verifier) -> Self {
        Self {
            verifier,
            verified: Mutex::new(HashMap::new()),
        }
    }

    pub fn retry_after_seconds(&self) -> u32 {
        self.verifier.retry_after_seconds()
    }

    /// Who the token speaks for when it is a valid access token now.
    pub async fn bearer(&self, token: &str) -> Result<Bearer, TokenError> {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        let now = chrono::Utc::now().timestamp();
        if let Some((exp, bearer)) = self
            .verified
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&digest)
            && *exp > now
        {
            return Ok(bearer.clone());
        }
        let claims = self.verifier.verify(token).await?;
        let bearer = Bearer {
            monitors: claims.roles.iter().any(|r| r == lt_auth::roles::ADMIN)
                || claims.sub.starts_with("service:"),
            subject: claims.sub,
        };
        let mut verified = self.verified.lock().unwrap_or_else(PoisonError::into_inner);
        if verified.len() >= MAX_REMEMBERED {
            verified.retain(|_, (exp, _)| *exp > now);
            if verified.len() >= MAX_REMEMBERED {
                verified.clear();
            }
        }
        verified.insert(digest, (claims.exp, bearer.clone()));
        Ok(bearer)
    }
}

/// A fixed one-minute window per client.
pub struct RateLimit {
    per_minute: u32,
    windows: Mutex<HashMap<String, (i64, u32)>>,
}

impl RateLimit {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// `Ok` when `client` may make another request now, else the seconds to wait.
    pub fn admit(&self, client: &str) -> Result<(), u32> {
        let now = chrono::Utc::now().timestamp();
        let minute = now / 60;
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        if windows.len() > MAX_REMEMBERED {
            windows.retain(|_, (window, _)| *window == minute);
        }
        let entry = windows.entry(client.to_owned()).or_insert((minute, 0));
        if entry.0 != minute {
            *entry = (minute, 0);
        }
        if entry.1 >= self.per_minute {
            let wait = 60 - (now % 60);
            return Err(u32::try_from(wait.max(1)).unwrap_or(60));
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_admits_that_many_per_client() {
        let limit = RateLimit::new(3);
        for _ in 0..3 {
            assert!(limit.admit("a").is_ok());
        }
        let wait = limit.admit("a").expect_err("fourth");
        assert!((1..=60).contains(&wait));
        assert!(limit.admit("b").is_ok(), "clients are counted apart");
    }
}
