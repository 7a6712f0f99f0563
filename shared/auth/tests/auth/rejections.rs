//! Sign and verify for real, then the rejection matrix: each forgery or mistake fails with
//! the `TokenError` that names it.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use lt_auth::{SigningKey, TOKEN_TYPE, TokenError, TokenSigner, Verifier, roles, scopes};
use serde_json::json;

use crate::support::*;

struct Fixture {
    key: SigningKey,
    signer: TokenSigner,
    verifier: Verifier,
}

fn fixture() -> Fixture {
    let key = SigningKey::generate().expect("key");
    Fixture {
        signer: signer(&key),
        verifier: static_verifier(&key),
        key,
    }
}

async fn refused(verifier: &Verifier, token: &str) -> TokenError {
    match verifier.verify(token).await {
        Ok(claims) => panic!("token accepted: {claims:?}"),
        Err(error) => error,
    }
}

#[actix_web::test]
async fn a_signed_token_verifies_to_its_claims() {
    let f = fixture();
    let claims = person_claims(
        &f.signer,
        &[roles::COORDINATOR],
        "directory:read reports:read",
    );
    let token = f.signer.sign(&claims).expect("sign");
    let verified = f.verifier.verify(&token).await.expect("verify");
    assert_eq!(verified, claims);
    assert_eq!(verified.iss, ISSUER);
    assert_eq!(verified.aud, AUDIENCE);
    assert_eq!(verified.exp - verified.iat, 600);
    assert!(uuid::Uuid::parse_str(&verified.jti).is_ok());

    let service = service_token(&f.signer, "oa", scopes::DIRECTORY_WRITE);
    let verified = f.verifier.verify(&service).await.expect("verify service");
    assert_eq!(verified.sub, "service:oa");
    assert_eq!(verified.service_client_id(), Some("oa"));
}

#[actix_web::test]
async fn the_header_says_eddsa_at_jwt_and_the_kid() {
    let f = fixture();
    let token = cadre_token(&f.signer);
    let header = jsonwebtoken::decode_header(&token).expect("header");
    assert_eq!(header.alg, Algorithm::EdDSA);
    assert_eq!(header.typ.as_deref(), Some(TOKEN_TYPE));
    assert_eq!(header.kid.as_deref(), Some(f.key.kid()));
}

#[actix_web::test]
async fn no_token_and_garbage_are_refused() {
    let f = fixture();
    assert_eq!(refused(&f.verifier, "").await, TokenError::Missing);
    assert_eq!(refused(&f.verifier, "   ").await, TokenError::Missing);
    for garbage in [
        "garbage",
        "a.b",
        "a.b.c.d",
        "!!!.e30.x",
        "bm90IGpzb24.e30.x",
    ] {
        assert_eq!(
            refused(&f.verifier, garbage).await,
            TokenError::Malformed,
            "{garbage}"
        );
    }
    let huge = format!("{}.e30.x", "a".repeat(10_000));
    assert_eq!(refused(&f.verifier, &huge).await, TokenError::Malformed);
}

#[actix_web::test]
async fn alg_none_is_refused() {
    let f = fixture();
    let claims = person_claims(&f.signer, &[roles::ADMIN], "");
    for alg in ["none", "None", "NONE"] {
        let header = json!({"alg": alg, "typ": "at+jwt", "kid": f.key.kid()});
        let payload = serde_json::to_value(&claims).expect("claims");
        let token = format!("{}.{}.", b64(&header), b64(&payload));
        assert_eq!(
            refused(&f.verifier, &token).await,
            TokenError::UnsupportedAlgorithm,
            "{alg}"
        );
    }
    let no_alg = format!("{}.{}.", b64(&json!({"typ": "at+jwt"})), b64(&json!({})));
    assert_eq!(
        refused(&f.verifier, &no_alg).await,
        TokenError::UnsupportedAlgorithm
    );
}

#[actix_web::test]
async fn hs256_keyed_with_the_public_key_is_refused() {
    let f = fixture();
    let claims = person_claims(&f.signer, &[roles::ADMIN], "");
    let mut header = Header::new(Algorithm::HS256);
    header.typ = Some(TOKEN_TYPE.to_owned());
    header.kid = Some(f.key.kid().to_owned());
    let raw = f.key.public_key_bytes();
    let x = URL_SAFE_NO_PAD.encode(raw);
    for secret in [&raw[..], x.as_bytes()] {
        let token = jsonwebtoken::encode(&header, &claims, &EncodingKey::from_secret(secret))
            .expect("hs256");
        assert_eq!(
            refused(&f.verifier, &token).await,
            TokenError::UnsupportedAlgorithm
        );
    }
    let rs256 = json!({"alg": "RS256", "typ": "at+jwt", "kid": f.key.kid()});
    let token = format!("{}.{}.c2ln", b64(&rs256), b64(&json!({})));
    assert_eq!(
        refused(&f.verifier, &token).await,
        TokenError::UnsupportedAlgorithm
    );
}

#[actix_web::test]
async fn another_issuer_or_audience_is_refused() {
    let f = fixture();
    let elsewhere = TokenSigner::new(f.key.clone(), "https://evil.example", AUDIENCE);
    let token = cadre_token(&elsewhere);
    assert_eq!(refused(&f.verifier, &token).await, TokenError::WrongIssuer);
    let for_others = TokenSigner::new(f.key.clone(), ISSUER, "another-platform");
    let token = cadre_token(&for_others);
    assert_eq!(
        refused(&f.verifier, &token).await,
        TokenError::WrongAudience
    );
}

#[actix_web::test]
async fn expiry_allows_the_leeway_and_no_more() {
    let f = fixture();
    let now = chrono::Utc::now().timestamp();
    let mut claims = person_claims(&f.signer, &[roles::CADRE], "");
    claims.iat = now - 700;
    claims.exp = now - 10; // within the 30 s leeway
    let token = f.signer.sign(&claims).expect("sign");
    assert!(f.verifier.verify(&token).await.is_ok());
    claims.exp = now - 120;
    let token = f.signer.sign(&claims).expect("sign");
    assert_eq!(refused(&f.verifier, &token).await, TokenError::Expired);
    let strict = Verifier::with_keys(vec![f.key.public_jwk()], settings().leeway(Duration::ZERO))
        .expect("verifier");
    claims.exp = now - 10;
    let token = f.signer.sign(&claims).expect("sign");
    assert_eq!(refused(&strict, &token).await, TokenError::Expired);
}

#[actix_web::test]
async fn only_access_token_types_are_accepted() {
    let f = fixture();
    let claims = person_claims(&f.signer, &[roles::CADRE], "");
    let kid = Some(f.key.kid());
    for typ in [Some("JWT"), Some("rt+jwt"), Some("application/jwt"), None] {
        let token = sign_with_header(&f.key, &eddsa_header(typ, kid), &claims);
        assert_eq!(
            refused(&f.verifier, &token).await,
            TokenError::WrongType,
            "{typ:?}"
        );
    }
    for typ in ["AT+JWT", "application/at+jwt"] {
        let token = sign_with_header(&f.key, &eddsa_header(Some(typ), kid), &claims);
        assert!(f.verifier.verify(&token).await.is_ok(), "{typ}");
    }
}

#[actix_web::test]
async fn an_unknown_or_missing_kid_is_refused() {
    let f = fixture();
    let stranger = SigningKey::generate().expect("key");
    let token = cadre_token(&signer(&stranger));
    assert_eq!(refused(&f.verifier, &token).await, TokenError::UnknownKey);
    let claims = person_claims(&f.signer, &[roles::CADRE], "");
    let token = sign_with_header(&f.key, &eddsa_header(Some(TOKEN_TYPE), None), &claims);
    assert_eq!(refused(&f.verifier, &token).await, TokenError::UnknownKey);
}

#[actix_web::test]
async fn a_tampered_payload_or_signature_is_refused() {
    let f = fixture();
    let token = cadre_token(&f.signer);
    let parts: Vec<&str> = token.split('.').collect();
    let mut payload: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("b64")).expect("json");
    payload["roles"] = json!([roles::ADMIN]);
    let forged = format!("{}.{}.{}", parts[0], b64(&payload), parts[2]);
    assert_eq!(
        refused(&f.verifier, &forged).await,
        TokenError::BadSignature
    );

    let mut signature = URL_SAFE_NO_PAD.decode(parts[2]).expect("b64");
    signature[0] ^= 1;
    let flipped = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        URL_SAFE_NO_PAD.encode(signature)
    );
    assert_eq!(
        refused(&f.verifier, &flipped).await,
        TokenError::BadSignature
    );
}

#[actix_web::test]
async fn another_key_under_our_kid_is_refused() {
    let f = fixture();
    let impostor = SigningKey::generate().expect("key");
    let claims = person_claims(&f.signer, &[roles::ADMIN], "");
    let header = eddsa_header(Some(TOKEN_TYPE), Some(f.key.kid()));
    let token = sign_with_header(&impostor, &header, &claims);
    assert_eq!(refused(&f.verifier, &token).await, TokenError::BadSignature);
}

#[actix_web::test]
async fn required_claims_must_be_there() {
    let f = fixture();
    let header = eddsa_header(Some(TOKEN_TYPE), Some(f.key.kid()));
    let full = serde_json::to_value(person_claims(&f.signer, &[], "")).expect("claims");
    for claim in ["exp", "iat", "sub", "iss", "aud", "jti", "client_id"] {
        let mut partial = full.clone();
        partial.as_object_mut().expect("object").remove(claim);
        let token = sign_with_header(&f.key, &header, &partial);
        assert_eq!(
            refused(&f.verifier, &token).await,
            TokenError::Malformed,
            "{claim}"
        );
    }
}

#[test]
fn descriptions_never_echo_the_token_and_fit_in_a_quoted_header() {
    let all = [
        TokenError::Missing,
        TokenError::Malformed,
        TokenError::UnsupportedAlgorithm,
        TokenError::WrongType,
        TokenError::UnknownKey,
        TokenError::BadSignature,
        TokenError::Expired,
        TokenError::WrongIssuer,
        TokenError::WrongAudience,
        TokenError::KeysUnavailable,
    ];
    for error in all {
        let text = error.description();
        assert!(
            text.is_ascii() && !text.contains('"') && !text.contains('\\'),
            "{text}"
        );
    }
}

#[test]
fn static_keys_must_be_ed25519_signing_keys() {
    assert!(Verifier::with_keys(Vec::new(), settings()).is_err());
    let key = SigningKey::generate().expect("key");
    let mut no_kid = key.public_jwk();
    no_kid.common.key_id = None;
    assert!(Verifier::with_keys(vec![no_kid], settings()).is_err());
}
