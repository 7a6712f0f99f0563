//! Ed25519 keys: identity's private signing key, and the public keys services check with.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ed25519_dalek::pkcs8::DecodePrivateKey;
use jsonwebtoken::jwk::{
    AlgorithmParameters, CommonParameters, EllipticCurve, Jwk, KeyAlgorithm,
    OctetKeyPairParameters, OctetKeyPairType, PublicKeyUse,
};
use jsonwebtoken::{DecodingKey, EncodingKey};
use sha2::{Digest, Sha256};

use crate::error::AuthError;

/// PKCS#8 v1 `PrivateKeyInfo` for Ed25519 up to the 32-byte seed (RFC 8410 §7). We write v1
/// because jsonwebtoken's `Jwk::from_encoding_key` rejects the v2 form (which embeds the
/// public key), and openssl writes v1 too.
const PKCS8_V1_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// Length of a key id: 16 base64url characters = 96 bits of the public key's hash, plenty to
/// tell a handful of published keys apart while keeping headers short.
const KID_LEN: usize = 16;

/// An Ed25519 private key that signs access tokens. Its `Debug` shows only the key id, so a
/// key never reaches a log by accident; the seed is zeroed when the key is dropped.
#[derive(Clone)]
pub struct SigningKey {
    key: ed25519_dalek::SigningKey,
    encoding: EncodingKey,
    kid: String,
}

impl SigningKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<Self, AuthError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| AuthError::Random(e.to_string()))?;
        let key = Self::from_seed(seed);
        seed.fill(0);
        Ok(key)
    }

    /// Reads a PKCS#8 PEM private key (`-----BEGIN PRIVATE KEY-----`), v1 or v2, e.g. one
    /// written by [`to_pkcs8_pem`](Self::to_pkcs8_pem) or `openssl genpkey -algorithm ed25519`.
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, AuthError> {
        let key = ed25519_dalek::SigningKey::from_pkcs8_pem(pem)
            .map_err(|e| AuthError::InvalidKey(format!("not an Ed25519 PKCS#8 PEM key: {e}")))?;
        Ok(Self::from_seed(key.to_bytes()))
    }

    /// The key as PKCS#8 v1 PEM, for storing it in a file under `DATA_DIR` or a secret store.
    pub fn to_pkcs8_pem(&self) -> String {
        let der = pkcs8_v1_der(&self.key.to_bytes());
        format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            STANDARD.encode(der)
        )
    }

    fn from_seed(seed: [u8; 32]) -> Self {
        let key = ed25519_dalek::SigningKey::from_bytes(&seed);
        let encoding = EncodingKey::from_ed_der(&pkcs8_v1_der(&seed));
        let kid = kid_for(key.verifying_key().as_bytes());
        Self { key, encoding, kid }
    }

    /// The key id tokens carry in their header: the start of base64url(SHA-256(public key)),
    /// so it is stable for a key and needs no registry.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The raw 32-byte public key.
    pub fn public_key_bytes(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    /// The public key as a JWK (`kty: OKP`, `crv: Ed25519`, `alg: EdDSA`, `use: sig`, `kid`).
    pub fn public_jwk(&self) -> Jwk {
        Jwk {
            common: CommonParameters {
                public_key_use: Some(PublicKeyUse::Signature),
                key_algorithm: Some(KeyAlgorithm::EdDSA),
                key_id: Some(self.kid.clone()),
                ..CommonParameters::default()
            },
            algorithm: AlgorithmParameters::OctetKeyPair(OctetKeyPairParameters {
                key_type: OctetKeyPairType::OctetKeyPair,
                curve: EllipticCurve::Ed25519,
                x: URL_SAFE_NO_PAD.encode(self.public_key_bytes()),
            }),
        }
    }

    pub(crate) fn encoding_key(&self) -> &EncodingKey {
        &self.encoding
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

fn pkcs8_v1_der(seed: &[u8; 32]) -> Vec<u8> {
    let mut der = Vec::with_capacity(PKCS8_V1_PREFIX.len() + seed.len());
    der.extend_from_slice(&PKCS8_V1_PREFIX);
    der.extend_from_slice(seed);
    der
}

fn kid_for(public_key: &[u8]) -> String {
    let mut kid = URL_SAFE_NO_PAD.encode(Sha256::digest(public_key));
    kid.truncate(KID_LEN);
    kid
}

/// The key id and verification key of a published JWK. Only Ed25519 signing keys with a `kid`
/// are accepted: the platform signs with nothing else, and refusing other kinds here means a
/// stray key in the set can never widen what verifies.
pub(crate) fn verification_key(jwk: &Jwk) -> Result<(String, DecodingKey), AuthError> {
    let kid = jwk
        .common
        .key_id
        .clone()
        .filter(|kid| !kid.is_empty())
        .ok_or_else(|| AuthError::InvalidKey("JWK without kid".into()))?;
    if jwk
        .common
        .key_algorithm
        .is_some_and(|alg| alg != KeyAlgorithm::EdDSA)
    {
        return Err(AuthError::InvalidKey(format!("JWK {kid} is not for EdDSA")));
    }
    if jwk
        .common
        .public_key_use
        .as_ref()
        .is_some_and(|usage| *usage != PublicKeyUse::Signature)
    {
        return Err(AuthError::InvalidKey(format!(
            "JWK {kid} is not a signing key"
        )));
    }
    let AlgorithmParameters::OctetKeyPair(okp) = &jwk.algorithm else {
        return Err(AuthError::InvalidKey(format!(
            "JWK {kid} is not an OKP key"
        )));
    };
    if okp.curve != EllipticCurve::Ed25519 {
        return Err(AuthError::InvalidKey(format!("JWK {kid} is not Ed25519")));
    }
    let bytes: [u8; 32] = URL_SAFE_NO_PAD
        .decode(okp.x.trim_end_matches('='))
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| AuthError::InvalidKey(format!("JWK {kid} has no 32-byte x")))?;
    // Checks the point is on the curve, so a broken key fails here and not per request.
    ed25519_dalek::VerifyingKey::from_bytes(&bytes)
        .map_err(|_| AuthError::InvalidKey(format!("JWK {kid} is not a valid Ed25519 key")))?;
    Ok((kid, DecodingKey::from_ed_der(&bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example key of RFC 8410 §10.3, as openssl writes it.
    const RFC8410_PEM: &str = "-----BEGIN PRIVATE KEY-----\n\
        MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n\
        -----END PRIVATE KEY-----\n";

    #[test]
    fn pem_round_trips_as_pkcs8_v1() {
        let key = SigningKey::from_pkcs8_pem(RFC8410_PEM).expect("test");
        assert_eq!(key.to_pkcs8_pem(), RFC8410_PEM);
        assert_eq!(
            key.public_key_bytes()[..4],
            [0x19, 0xbf, 0x44, 0x09],
            "RFC 8410's public key starts 19bf4409"
        );
        // jsonwebtoken accepts our PEM as it does openssl's (it rejects v2).
        let encoding = EncodingKey::from_ed_pem(key.to_pkcs8_pem().as_bytes()).expect("test");
        let jwk = Jwk::from_encoding_key(&encoding, jsonwebtoken::Algorithm::EdDSA).expect("test");
        assert_eq!(jwk.algorithm, key.public_jwk().algorithm);
    }

    #[test]
    fn generated_keys_differ_and_kid_is_16_chars() {
        let (a, b) = (
            SigningKey::generate().expect("test"),
            SigningKey::generate().expect("test"),
        );
        assert_ne!(a.kid(), b.kid());
        assert_eq!(a.kid().len(), KID_LEN);
        let again = SigningKey::from_pkcs8_pem(&a.to_pkcs8_pem()).expect("test");
        assert_eq!(again.kid(), a.kid());
    }

    #[test]
    fn debug_never_shows_key_material() {
        let key = SigningKey::from_pkcs8_pem(RFC8410_PEM).expect("test");
        let shown = format!("{key:?}");
        assert!(shown.contains(key.kid()));
        assert!(
            !shown.contains("1EdVhC") && !shown.contains("key:"),
            "{shown}"
        );
    }

    #[test]
    fn public_jwk_is_accepted_and_other_kinds_are_not() {
        let key = SigningKey::generate().expect("test");
        let (kid, _) = verification_key(&key.public_jwk()).expect("test");
        assert_eq!(kid, key.kid());
        let mut no_kid = key.public_jwk();
        no_kid.common.key_id = None;
        assert!(verification_key(&no_kid).is_err());
        let mut hmac = key.public_jwk();
        hmac.common.key_algorithm = Some(KeyAlgorithm::HS256);
        assert!(verification_key(&hmac).is_err());
        let mut short = key.public_jwk();
        short.algorithm = AlgorithmParameters::OctetKeyPair(OctetKeyPairParameters {
            key_type: OctetKeyPairType::OctetKeyPair,
            curve: EllipticCurve::Ed25519,
            x: "AAAA".into(),
        });
        assert!(verification_key(&short).is_err());
    }
}
