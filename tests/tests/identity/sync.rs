//! OA directory sync (idempotent, all or nothing, deactivates the dropped) and single
//! sign-on by token exchange with an OA-signed JWT.

use std::time::Duration;

use identity::settings::OaSso;
use lt_auth::{SigningKey, TokenSigner, jwk_set};
use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};

use learning_tree_tests::identity::{IdentityApp, spawn_identity_with};

const EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const JWT: &str = "urn:ietf:params:oauth:token-type:jwt";

fn feed(people: &[(&str, &str, &str)]) -> Value {
    json!({
        "org_units": [
            {"external_id": "oa-district", "name": "钟楼区", "kind": "district"},
            {"external_id": "oa-org", "parent_external_id": "oa-district", "name": "区委组织部", "kind": "unit"},
            {"external_id": "oa-edu", "parent_external_id": "oa-org", "name": "干部教育科", "kind": "section"},
        ],
        "people": people.iter().map(|(id, no, name)| json!({
            "external_id": id, "employee_no": no, "name": name, "org_external_id": "oa-edu",
            "rank": "四级主任科员", "rank_effective_from": "2024-03-01", "birth_year": 1990
        })).collect::<Vec<_>>(),
    })
}

async fn spawn_with_oa(db: &lt_test_support::TestDb) -> (IdentityApp, SigningKey) {
    let oa_key = SigningKey::generate().expect("oa key");
    let jwks_file = db.dir.join("oa-jwks.json");
    std::fs::write(
        &jwks_file,
        serde_json::to_string(&jwk_set([&oa_key])).expect("jwks"),
    )
    .expect("write jwks");
    let app = spawn_identity_with(db, |s| {
        s.oa_sso = Some(OaSso {
            issuer: "district-oa".into(),
            jwks_file: jwks_file.clone(),
        });
    })
    .await;
    (app, oa_key)
}

fn oa_token(key: &SigningKey, issuer: &str, sub: &str) -> String {
    let signer = TokenSigner::new(key.clone(), issuer, "learning-tree");
    let claims = signer.claims_for(
        sub,
        None,
        None,
        Vec::new(),
        "",
        "district-oa",
        Duration::from_secs(120),
    );
    signer.sign(&claims).expect("sign")
}

async fn oa_sync_token(app: &IdentityApp) -> String {
    let admin = app.admin_token().await;
    let secret = app
        .service_account(
            &admin,
            "district-oa",
            &["directory:write", "directory:read"],
        )
        .await;
    app.service_token("district-oa", &secret).await
}

on_both_backends! {
    async fn oa_sync_twice_changes_nothing_and_drops_deactivate_and_revoke(db: TestDb) {
        let (app, oa_key) = spawn_with_oa(&db).await;
        let oa = oa_sync_token(&app).await;
        let full = feed(&[("oa-p1", "ZL-1001", "赵一"), ("oa-p2", "ZL-1002", "钱二")]);

        let first = app.call(Method::POST, "/api/v1/identity/directory/sync", &oa, Some(&full)).await;
        assert_eq!(first.status, 200, "{}", first.text);
        assert_eq!(first.json(), json!({
            "org_units": {"created": 3, "updated": 0, "deactivated": 0, "unchanged": 0},
            "people": {"created": 2, "updated": 0, "deactivated": 0, "unchanged": 0}
        }));
        let again = app.call(Method::POST, "/api/v1/identity/directory/sync", &oa, Some(&full)).await;
        assert_eq!(again.json(), json!({
            "org_units": {"created": 0, "updated": 0, "deactivated": 0, "unchanged": 3},
            "people": {"created": 0, "updated": 0, "deactivated": 0, "unchanged": 2}
        }), "the same feed changes nothing");

        // 钱二 signs in through OA single sign-on and holds a refresh token.
        let exchanged = app
            .token_form(&[("grant_type", EXCHANGE), ("subject_token", &oa_token(&oa_key, "district-oa", "oa-p2")), ("subject_token_type", JWT)])
            .await;
        assert_eq!(exchanged.status, 200, "{}", exchanged.text);
        assert_eq!(exchanged.json()["issued_token_type"], "urn:ietf:params:oauth:token-type:access_token");
        let refresh = exchanged.json()["refresh_token"].as_str().expect("refresh").to_owned();
        let access = exchanged.json()["access_token"].as_str().expect("access").to_owned();
        let me = app.call(Method::GET, "/api/v1/auth/me", &access, None).await.json();
        assert_eq!(me["name"], "钱二");

        // A promotion for 赵一 and 钱二 dropped from the feed.
        let mut next = feed(&[("oa-p1", "ZL-1001", "赵一")]);
        next["people"][0]["rank"] = json!("三级主任科员");
        next["people"][0]["rank_effective_from"] = json!("2026-07-01");
        let third = app.call(Method::POST, "/api/v1/identity/directory/sync", &oa, Some(&next)).await;
        assert_eq!(third.json()["people"], json!({"created": 0, "updated": 1, "deactivated": 1, "unchanged": 0}));
        let refused = app.token_form(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)]).await;
        assert_eq!(refused.problem_code(), "invalid_grant", "a deactivated person's refresh tokens are revoked");
        let no_sso = app
            .token_form(&[("grant_type", EXCHANGE), ("subject_token", &oa_token(&oa_key, "district-oa", "oa-p2")), ("subject_token_type", JWT)])
            .await;
        assert_eq!(no_sso.problem_code(), "invalid_grant", "nor can they sign in again");

        // The promotion is in the rank history with its effective date.
        let people = app.call(Method::GET, "/api/v1/identity/people?limit=500", &oa, None).await.json();
        let zhao = people["items"].as_array().expect("items").iter().find(|p| p["external_id"] == "oa-p1").expect("赵一").clone();
        let detail = app.call(Method::GET, &format!("/api/v1/identity/people/{}", zhao["id"].as_str().expect("id")), &oa, None).await.json();
        assert_eq!(detail["rank"], "三级主任科员");
        assert_eq!(detail["rank_history"], json!([
            {"rank": "四级主任科员", "effective_from": "2024-03-01"},
            {"rank": "三级主任科员", "effective_from": "2026-07-01"}
        ]));
    }
}

on_both_backends! {
    async fn an_invalid_feed_changes_nothing(db: TestDb) {
        let (app, _) = spawn_with_oa(&db).await;
        let oa = oa_sync_token(&app).await;
        let mut broken = feed(&[("oa-p1", "ZL-1001", "赵一"), ("oa-p2", "ZL-1001", "钱二")]);
        broken["org_units"][2]["parent_external_id"] = json!("oa-nowhere");
        let response = app.call(Method::POST, "/api/v1/identity/directory/sync", &oa, Some(&broken)).await;
        assert_eq!((response.status.as_u16(), response.problem_code().as_str()), (422, "validation_failed"));
        let fields: Vec<String> = response.json()["errors"].as_array().expect("errors").iter().map(|e| e["field"].as_str().unwrap_or_default().to_owned()).collect();
        assert!(fields.contains(&"org_units[2].parent_external_id".to_owned()), "{fields:?}");
        assert!(fields.contains(&"people[1].employee_no".to_owned()), "{fields:?}");
        let units = app.call(Method::GET, "/api/v1/identity/org-units", &oa, None).await.json();
        assert_eq!(units["items"].as_array().map(Vec::len), Some(0), "all or nothing");
    }
}

on_both_backends! {
    async fn a_jwt_signed_by_another_key_or_issuer_is_not_exchanged(db: TestDb) {
        let (app, oa_key) = spawn_with_oa(&db).await;
        let oa = oa_sync_token(&app).await;
        app.call(Method::POST, "/api/v1/identity/directory/sync", &oa, Some(&feed(&[("oa-p1", "ZL-1001", "赵一")]))).await;
        let impostor = SigningKey::generate().expect("key");
        for (case, token) in [
            ("another key", oa_token(&impostor, "district-oa", "oa-p1")),
            ("another issuer", oa_token(&oa_key, "somewhere-else", "oa-p1")),
            ("unknown person", oa_token(&oa_key, "district-oa", "oa-nobody")),
            ("not a JWT", "garbage".to_owned()),
        ] {
            let response = app.token_form(&[("grant_type", EXCHANGE), ("subject_token", &token), ("subject_token_type", JWT)]).await;
            assert_eq!((response.status.as_u16(), response.problem_code().as_str()), (400, "invalid_grant"), "{case}: {}", response.text);
        }
        let wrong_type = app
            .token_form(&[("grant_type", EXCHANGE), ("subject_token", &oa_token(&oa_key, "district-oa", "oa-p1")), ("subject_token_type", "urn:x")])
            .await;
        assert_eq!(wrong_type.problem_code(), "invalid_request");
        let ok = app
            .token_form(&[("grant_type", EXCHANGE), ("subject_token", &oa_token(&oa_key, "district-oa", "oa-p1")), ("subject_token_type", JWT)])
            .await;
        assert_eq!(ok.status, 200, "{}", ok.text);
    }
}
