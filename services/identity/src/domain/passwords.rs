//! Password hashing with argon2id: strong parameters in production, cheap ones in tests
//! (a debug-build hash at production strength takes most of a second).
//! Service-account secrets are random 256-bit values, so a SHA-256 of them is enough.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256};

/// How much work a password hash costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashCost {
    /// OWASP's argon2id recommendation: 19 MiB, 2 passes, 1 lane.
    Strong,
    /// For tests only: the minimum memory, one pass.
    Fast,
}

/// Shortest password accepted when one is set or changed.
pub const MIN_PASSWORD_CHARS: usize = 10;

fn hasher(cost: HashCost) -> Argon2<'static> {
    let params = match cost {
        HashCost::Strong => Params::default(),
        HashCost::Fast => Params::new(Params::MIN_M_COST, 1, 1, None).unwrap_or_default(),
    };
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A PHC string (`$argon2id$v=19$…`) for `password`. CPU-heavy: call off the async workers.
pub fn hash_password(password: &str, cost: HashCost) -> anyhow::Result<String> {
    hasher(cost)
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password failed: {e}"))
}

/// True when `password` matches `hash` (whatever parameters the hash was made with).
pub fn verify_password(password: &str, hash: &str) -> bool {
    hasher(HashCost::Fast)
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// A hash to compare against when the account does not exist, so that a wrong username
/// costs the same time as a wrong password.
pub fn decoy_hash(cost: HashCost) -> String {
    hash_password("decoy password that matches nothing", cost).unwrap_or_default()
}

/// Longest password accepted (characters).
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// Problems with a proposed password, as field-error messages. The rule is length only, as
/// NIST SP 800-63B advises (no composition rules); the OpenAPI schema states the same.
pub fn password_problems(password: &str) -> Vec<&'static str> {
    let length = password.chars().count();
    let mut problems = Vec::new();
    if length < MIN_PASSWORD_CHARS {
        problems.push("at least 10 characters");
    }
    if length > MAX_PASSWORD_CHARS {
        problems.push("at most 1024 characters");
    }
    problems
}

/// A new random secret (for service accounts and refresh tokens), base64url, 256 bits.
pub fn random_secret() -> anyhow::Result<String> {
    use base64::Engine;
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// SHA-256 hex of a high-entropy secret (never of a password).
pub fn secret_digest(secret: &str) -> String {
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_their_password() {
        let hash = hash_password("correct horse battery", HashCost::Fast).expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterY", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn weak_passwords_are_named() {
        assert_eq!(password_problems("short"), vec!["at least 10 characters"]);
        assert_eq!(
            password_problems(&"长".repeat(1025)),
            vec!["at most 1024 characters"]
        );
        assert!(password_problems("a long enough passphrase").is_empty());
        assert!(
            password_problems(&"长".repeat(1024)).is_empty(),
            "characters, not bytes"
        );
    }

    #[test]
    fn secrets_are_random_and_digests_stable() {
        let secret = random_secret().expect("secret");
        assert_ne!(secret, random_secret().expect("secret"));
        assert_eq!(secret.len(), 43);
        assert_eq!(secret_digest("x"), secret_digest("x"));
    }
}
