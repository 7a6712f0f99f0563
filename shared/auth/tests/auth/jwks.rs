//! Verification through identity's JWKS endpoint: fetched once, cached by `kid`, refetched on
//! rotation (at most once per cooldown) and kept when identity goes down.

use std::time::Duration;

use lt_auth::{SigningKey, TokenError, Verifier};

use crate::support::*;

fn jwks_verifier(url: &str, cooldown: Duration, max_age: Duration) -> Verifier {
    let settings = settings().refresh_cooldown(cooldown).max_age(max_age);
    Verifier::from_jwks_url(url, settings).expect("verifier")
}

#[actix_web::test]
async fn keys_are_fetched_once_rotated_and_kept_through_an_outage() {
    let (first, second) = (
        SigningKey::generate().expect("key"),
        SigningKey::generate().expect("key"),
    );
    let identity = JwksServer::start(&[&first]).await;
    let verifier = jwks_verifier(&identity.url, Duration::ZERO, Duration::from_secs(600));

    let first_token = cadre_token(&signer(&first));
    assert!(verifier.verify(&first_token).await.is_ok());
    assert!(verifier.verify(&first_token).await.is_ok());
    assert_eq!(
        identity.fetches(),
        1,
        "the second token is checked from the cache"
    );

    // Identity rotates: it now signs with the second key and still publishes the first.
    identity.serve(&[&second, &first]);
    let second_token = cadre_token(&signer(&second));
    let claims = verifier
        .verify(&second_token)
        .await
        .expect("new kid after refetch");
    assert_eq!(claims.sub, PERSON_ID);
    assert_eq!(identity.fetches(), 2);

    identity.stop().await;
    assert!(
        verifier.verify(&second_token).await.is_ok(),
        "cached keys outlive identity"
    );
    assert!(verifier.verify(&first_token).await.is_ok());
    assert_eq!(
        verifier
            .verify(&cadre_token(&signer(&SigningKey::generate().expect("key"))))
            .await,
        Err(TokenError::UnknownKey),
        "an unknown kid with identity down is still an unknown key"
    );
}

#[actix_web::test]
async fn an_unknown_kid_refetches_at_most_once_per_cooldown() {
    let (first, second) = (
        SigningKey::generate().expect("key"),
        SigningKey::generate().expect("key"),
    );
    let identity = JwksServer::start(&[&first]).await;
    let verifier = jwks_verifier(
        &identity.url,
        Duration::from_secs(30),
        Duration::from_secs(600),
    );
    assert!(verifier.verify(&cadre_token(&signer(&first))).await.is_ok());
    assert_eq!(identity.fetches(), 1);

    identity.serve(&[&second]);
    let second_token = cadre_token(&signer(&second));
    for _ in 0..3 {
        assert_eq!(
            verifier.verify(&second_token).await,
            Err(TokenError::UnknownKey)
        );
    }
    assert_eq!(
        identity.fetches(),
        1,
        "forged kids cannot make the verifier hammer identity"
    );
    identity.stop().await;
}

#[actix_web::test]
async fn keys_past_their_max_age_keep_verifying_when_identity_is_down() {
    let key = SigningKey::generate().expect("key");
    let identity = JwksServer::start(&[&key]).await;
    let verifier = jwks_verifier(&identity.url, Duration::ZERO, Duration::ZERO);
    let token = cadre_token(&signer(&key));
    assert!(verifier.verify(&token).await.is_ok());
    std::thread::sleep(Duration::from_millis(5));
    assert!(verifier.verify(&token).await.is_ok());
    assert_eq!(
        identity.fetches(),
        2,
        "a stale set is refetched on next use"
    );

    identity.stop().await;
    assert!(
        verifier.verify(&token).await.is_ok(),
        "a failed refetch keeps the cached keys"
    );
}

#[actix_web::test]
async fn no_cached_keys_and_identity_down_is_keys_unavailable() {
    let key = SigningKey::generate().expect("key");
    let verifier = jwks_verifier(&dead_url(), Duration::ZERO, Duration::from_secs(600));
    let token = cadre_token(&signer(&key));
    assert_eq!(
        verifier.verify(&token).await,
        Err(TokenError::KeysUnavailable)
    );
    // The header is still checked first: a forgery never waits on identity.
    assert_eq!(verifier.verify("garbage").await, Err(TokenError::Malformed));
}

#[actix_web::test]
async fn a_published_set_round_trips_as_json() {
    let (first, second) = (
        SigningKey::generate().expect("key"),
        SigningKey::generate().expect("key"),
    );
    let set = lt_auth::jwk_set([&first, &second]);
    let json = serde_json::to_value(&set).expect("json");
    let key = &json["keys"][0];
    assert_eq!(key["kty"], "OKP");
    assert_eq!(key["crv"], "Ed25519");
    assert_eq!(key["alg"], "EdDSA");
    assert_eq!(key["use"], "sig");
    assert_eq!(key["kid"], first.kid());
    assert_eq!(key["x"].as_str().map(str::len), Some(43));
    let back: lt_auth::Jwks = serde_json::from_value(json).expect("parse");
    let verifier = Verifier::with_keys(back.keys, settings()).expect("verifier");
    assert!(
        verifier
            .verify(&cadre_token(&signer(&second)))
            .await
            .is_ok()
    );
}

/// A key provider may read files (identity's key ring): when a token names a key it has not
/// returned yet, asking it again happens off the async worker, which keeps serving others.
#[test]
fn asking_a_key_provider_again_never_blocks_the_async_worker() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use lt_auth::{SigningKey, TokenSigner, VerifierSettings};

    let key = SigningKey::generate().expect("key");
    let signer = TokenSigner::new(key.clone(), "iss", "aud");
    let token = signer
        .sign(&signer.claims_for("p", None, None, vec![], "", "c", Duration::from_secs(60)))
        .expect("token");
    let rotated = Arc::new(AtomicBool::new(false));
    let provider = {
        let (rotated, jwk) = (Arc::clone(&rotated), key.public_jwk());
        Arc::new(move || {
            if !rotated.load(Ordering::SeqCst) {
                return Ok(Vec::new()); // at start: the key is not written yet
            }
            std::thread::sleep(Duration::from_millis(400)); // a slow disk
            Ok(vec![jwk.clone()])
        })
    };
    let verifier = Verifier::with_key_provider(provider, VerifierSettings::new("iss", "aud"))
        .expect("verifier");
    rotated.store(true, Ordering::SeqCst);
    // One worker thread, as an actix worker has.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let ticks = Arc::new(AtomicUsize::new(0));
    let claims = runtime.block_on(async {
        let ticker = {
            let ticks = Arc::clone(&ticks);
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    ticks.fetch_add(1, Ordering::SeqCst);
                }
            })
        };
        let claims = verifier.verify(&token).await;
        ticker.abort();
        claims
    });
    assert_eq!(claims.expect("verified with the re-read key").sub, "p");
    assert!(
        ticks.load(Ordering::SeqCst) >= 3,
        "the worker kept running other tasks while the provider read ({} ticks)",
        ticks.load(Ordering::SeqCst)
    );
}
