//! The rejection matrix: every malformed, forged, misdirected or stale token gets 401
//! problem+json with an RFC 6750 challenge, on identity's own endpoints.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use lt_auth::{AccessClaims, SigningKey, TokenSigner};
use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use learning_tree_tests::identity::{ADMIN_PASSWORD, spawn_identity};

fn b64(value: &serde_json::Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

fn admin_claims(signer: &TokenSigner, admin_id: &str) -> AccessClaims {
    signer.claims_for(
        admin_id,
        Some("Administrator".into()),
        None,
        vec!["admin".into()],
        "",
        "learning-tree",
        std::time::Duration::from_secs(600),
    )
}

on_both_backends! {
    async fn every_bad_token_is_refused_with_401_and_a_challenge(db: TestDb) {
        let app = spawn_identity(&db).await;
        let login = app.login("admin", ADMIN_PASSWORD).await.json();
        let good = login["access_token"].as_str().expect("token").to_owned();
        let refresh = login["refresh_token"].as_str().expect("refresh").to_owned();
        let me = app.call(Method::GET, "/api/v1/auth/me", &good, None).await;
        assert_eq!(me.status, 200, "the good token works: {}", me.text);
        let admin_id = me.json()["subject"].as_str().expect("sub").to_owned();

        let key = app.signing_key();
        let issuer = app.settings.issuer.clone();
        let audience = app.settings.audience.clone();
        let signer = TokenSigner::new(key.clone(), issuer.clone(), audience.clone());

        let mut cases: Vec<(&str, Option<String>)> = vec![("no token", None), ("garbage", Some("not.a.token".into()))];

        let header_none = json!({"alg": "none", "typ": "at+jwt", "kid": key.kid()});
        let claims = serde_json::to_value(admin_claims(&signer, &admin_id)).expect("claims");
        cases.push(("alg none", Some(format!("{}.{}.", b64(&header_none), b64(&claims)))));

        let mut hs_header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
        hs_header.typ = Some("at+jwt".into());
        hs_header.kid = Some(key.kid().to_owned());
        let hs = jsonwebtoken::encode(&hs_header, &claims, &jsonwebtoken::EncodingKey::from_secret(&key.public_key_bytes())).expect("hs256");
        cases.push(("HS256 keyed with the public key", Some(hs)));

        let wrong_issuer = TokenSigner::new(key.clone(), "someone-else", audience.clone());
        cases.push(("wrong iss", Some(wrong_issuer.sign(&admin_claims(&wrong_issuer, &admin_id)).expect("sign"))));
        let wrong_audience = TokenSigner::new(key.clone(), issuer.clone(), "another-platform");
        cases.push(("wrong aud", Some(wrong_audience.sign(&admin_claims(&wrong_audience, &admin_id)).expect("sign"))));

        let mut expired = admin_claims(&signer, &admin_id);
        expired.iat -= 7200;
        expired.exp = expired.iat + 900;
        cases.push(("expired", Some(signer.sign(&expired).expect("sign"))));

        cases.push(("refresh token as access token", Some(refresh)));

        let stranger = TokenSigner::new(SigningKey::generate().expect("key"), issuer.clone(), audience.clone());
        cases.push(("unknown kid", Some(stranger.sign(&admin_claims(&stranger, &admin_id)).expect("sign"))));

        let parts: Vec<&str> = good.split('.').collect();
        let mut payload: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("b64")).expect("json");
        payload["sub"] = json!("someone-else-entirely");
        cases.push(("tampered payload", Some(format!("{}.{}.{}", parts[0], b64(&payload), parts[2]))));

        for (case, token) in cases {
            let mut request = app.client.request(Method::GET, "/api/v1/auth/me");
            if let Some(token) = &token {
                request = request.header("Authorization", format!("Bearer {token}"));
            }
            let response = app.client.send(request).await;
            assert_eq!(response.status, 401, "{case}: {}", response.text);
            assert_eq!(response.header("content-type"), Some("application/problem+json"), "{case}");
            let challenge = response.header("www-authenticate").unwrap_or_default().to_owned();
            assert!(challenge.starts_with("Bearer realm=\"learning-tree\""), "{case}: {challenge}");
            if token.is_some() {
                assert!(challenge.contains("error=\"invalid_token\""), "{case}: {challenge}");
            }
            if let Some(token) = &token {
                assert!(!response.text.contains(token.as_str()), "{case}: the token is never echoed");
            }
        }
    }
}

on_both_backends! {
    async fn roles_and_scopes_are_enforced_with_403_or_404(db: TestDb) {
        let app = spawn_identity(&db).await;
        let admin = app.admin_token().await;
        let unit = app.create_unit(&admin, "区委宣传部", "unit", None).await;
        let (me_id, cadre) = app.person_token(&admin, &unit, "lisi", &["cadre"]).await;
        let other = app.create_person(&admin, &unit, "ZL-0099", "王五").await;

        let create = app.call(Method::POST, "/api/v1/identity/org-units", &cadre, Some(&json!({"name": "x", "kind": "unit"}))).await;
        assert_eq!((create.status.as_u16(), create.problem_code().as_str()), (403, "forbidden"));
        let list = app.call(Method::GET, "/api/v1/identity/people", &cadre, None).await;
        assert_eq!(list.status, 403, "a cadre cannot list the directory");
        let another = app.call(Method::GET, &format!("/api/v1/identity/people/{other}"), &cadre, None).await;
        assert_eq!(another.status, 404, "another cadre's record looks absent");
        let own = app.call(Method::GET, &format!("/api/v1/identity/people/{me_id}"), &cadre, None).await;
        assert_eq!(own.status, 200, "one's own record is readable");
        let audit = app.call(Method::GET, "/api/v1/identity/audit", &cadre, None).await;
        assert_eq!(audit.status, 403);
        let roles = app.call(Method::PUT, &format!("/api/v1/identity/people/{me_id}/roles"), &cadre, Some(&json!({"roles": ["admin"]}))).await;
        assert_eq!(roles.status, 403, "no self-promotion");
        let units = app.call(Method::GET, "/api/v1/identity/org-units", &cadre, None).await;
        assert_eq!(units.status, 200, "the org tree is readable by anyone signed in");

        let reports_secret = app.service_account(&admin, "reports-only", &["reports:read"]).await;
        let reports = app.service_token("reports-only", &reports_secret).await;
        let refused = app.call(Method::GET, "/api/v1/identity/people", &reports, None).await;
        assert_eq!(refused.status, 403);
        assert!(refused.header("www-authenticate").unwrap_or_default().contains("insufficient_scope"));
        let sync = app.call(Method::POST, "/api/v1/identity/directory/sync", &reports, Some(&json!({"org_units": [], "people": []}))).await;
        assert_eq!(sync.status, 403, "directory:write is needed to sync");

        let reader_secret = app.service_account(&admin, "training", &["directory:read"]).await;
        let reader = app.service_token("training", &reader_secret).await;
        assert_eq!(app.call(Method::GET, "/api/v1/identity/people", &reader, None).await.status, 200);
        assert_eq!(app.call(Method::GET, &format!("/api/v1/identity/people/{other}"), &reader, None).await.status, 200);
    }
}
