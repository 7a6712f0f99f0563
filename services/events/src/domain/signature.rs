//! Standard Webhooks signatures (<https://www.standardwebhooks.com/>): a secret is
//! `whsec_` + base64 of 32 random bytes; a signature is `v1,` + base64 of HMAC-SHA256 over
//! `{webhook-id}.{webhook-timestamp}.{raw body}` keyed by the secret's bytes. During a secret
//! rotation the header carries both signatures, separated by a space; receivers accept a
//! message when any one verifies.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The prefix of every subscription secret.
pub const SECRET_PREFIX: &str = "whsec_";

/// A fresh subscription secret.
pub fn new_secret() -> Result<String, getrandom::Error> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes)))
}

/// `v1,<signature>` of one message under `secret`, or `None` for a secret that is not
/// `whsec_` + base64 (never made here: only a damaged database holds one).
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Option<String> {
    let key = STANDARD.decode(secret.strip_prefix(SECRET_PREFIX)?).ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    Some(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// The `webhook-signature` header: one signature per secret still signing (the current one
/// first), space-separated.
pub fn header(secrets: &[&str], id: &str, timestamp: i64, body: &str) -> Option<String> {
    let signatures: Option<Vec<String>> = secrets
        .iter()
        .map(|secret| sign(secret, id, timestamp, body))
        .collect();
    signatures.map(|s| s.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification's reference libraries.
    #[test]
    fn signs_as_the_specifications_reference_example() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = r#"{"test": 2432232314}"#;
        assert_eq!(
            sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body).as_deref(),
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
    }

    #[test]
    fn a_rotation_signs_with_both_secrets_and_a_bad_secret_signs_nothing() {
        let (a, b) = (new_secret().expect("random"), new_secret().expect("random"));
        let both = header(&[&a, &b], "id", 1, "{}").expect("signed");
        let parts: Vec<&str> = both.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(Some(parts[0].to_owned()), sign(&a, "id", 1, "{}"));
        assert_eq!(Some(parts[1].to_owned()), sign(&b, "id", 1, "{}"));
        assert_ne!(parts[0], parts[1]);
        assert_eq!(sign("not-a-secret", "id", 1, "{}"), None);
    }
}
