//! The identity acceptance flow: bootstrap admin → org tree → person and account → sign-in →
//! `/me` → refresh rotation → reuse kills the family → client credentials → key rotation.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use learning_tree_tests::identity::{ADMIN_PASSWORD, spawn_identity, spawn_identity_with};

on_both_backends! {
    async fn admin_to_person_sign_in_refresh_rotation_and_reuse_detection(db: TestDb) {
        let app = spawn_identity(&db).await;
        let admin = app.admin_token().await;
        let me = app.call(Method::GET, "/api/v1/auth/me", &admin, None).await.json();
        assert_eq!(me["username"], "admin");
        assert_eq!(me["roles"], json!(["admin"]));

        let district = app.create_unit(&admin, "钟楼区", "district", None).await;
        let unit = app.create_unit(&admin, "区委组织部", "unit", Some(&district)).await;
        let section = app.create_unit(&admin, "干部教育科", "section", Some(&unit)).await;
        let person = app.create_person(&admin, &section, "ZL-0001", "张三").await;

        let account = app
            .call(Method::POST, &format!("/api/v1/identity/people/{person}/account"), &admin,
                Some(&json!({"username": "zhangsan", "password": "first-password-1", "roles": ["cadre"]})))
            .await;
        assert_eq!(account.status, 201, "{}", account.text);
        assert_eq!(account.json()["must_change_password"], true);

        // An admin-set password must be changed before tokens are issued.
        let forced = app.login("zhangsan", "first-password-1").await;
        assert_eq!((forced.status.as_u16(), forced.problem_code().as_str()), (403, "password_change_required"));
        let changed = app.client.post_json("/api/v1/auth/password",
            &json!({"username": "zhangsan", "current_password": "first-password-1", "new_password": "my own passphrase"})).await;
        assert_eq!(changed.status, 204, "{}", changed.text);
        let old = app.login("zhangsan", "first-password-1").await;
        assert_eq!(old.problem_code(), "invalid_credentials");

        let login = app.login("zhangsan", "my own passphrase").await;
        assert_eq!(login.status, 200, "{}", login.text);
        assert_eq!(login.header("cache-control"), Some("no-store"));
        let tokens = login.json();
        assert_eq!(tokens["token_type"], "Bearer");
        assert_eq!(tokens["expires_in"], 900);
        let access = tokens["access_token"].as_str().expect("access").to_owned();
        let refresh = tokens["refresh_token"].as_str().expect("refresh").to_owned();

        let me = app.call(Method::GET, "/api/v1/auth/me", &access, None).await.json();
        assert_eq!(me["subject"], person.as_str());
        assert_eq!(me["name"], "张三");
        assert_eq!(me["org_unit_id"], section.as_str());
        assert_eq!(me["roles"], json!(["cadre"]));

        // Refresh rotates: the new pair works, the old refresh token is spent.
        let rotated = app.token_form(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)]).await;
        assert_eq!(rotated.status, 200, "{}", rotated.text);
        let second_refresh = rotated.json()["refresh_token"].as_str().expect("refresh").to_owned();
        assert_ne!(second_refresh, refresh);
        let second_access = rotated.json()["access_token"].as_str().expect("access").to_owned();
        assert_eq!(app.call(Method::GET, "/api/v1/auth/me", &second_access, None).await.status, 200);

        // Reusing the spent token is refused and revokes the whole family, successor included.
        let reused = app.token_form(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)]).await;
        assert_eq!((reused.status.as_u16(), reused.problem_code().as_str()), (400, "invalid_grant"));
        assert_eq!(reused.json()["error"], "invalid_grant", "RFC 6749 §5.2 member");
        let successor = app.token_form(&[("grant_type", "refresh_token"), ("refresh_token", &second_refresh)]).await;
        assert_eq!(successor.problem_code(), "invalid_grant", "the family is dead");

        // Sign-out revokes; a fresh sign-in starts a new family.
        let login = app.login("zhangsan", "my own passphrase").await.json();
        let third = login["refresh_token"].as_str().expect("refresh").to_owned();
        let logout = app.client.post_json("/api/v1/auth/logout", &json!({"refresh_token": third})).await;
        assert_eq!(logout.status, 204);
        let after_logout = app.token_form(&[("grant_type", "refresh_token"), ("refresh_token", &third)]).await;
        assert_eq!(after_logout.problem_code(), "invalid_grant");
    }
}

on_both_backends! {
    async fn client_credentials_give_a_scoped_token_and_refuse_wrong_secrets_and_scopes(db: TestDb) {
        let app = spawn_identity(&db).await;
        let admin = app.admin_token().await;
        let secret = app.service_account(&admin, "reporting", &["directory:read", "reports:read"]).await;

        let narrowed = app
            .token_form(&[("grant_type", "client_credentials"), ("client_id", "reporting"), ("client_secret", &secret), ("scope", "reports:read")])
            .await;
        assert_eq!(narrowed.status, 200, "{}", narrowed.text);
        assert_eq!(narrowed.json()["scope"], "reports:read");
        assert!(narrowed.json().get("refresh_token").is_none(), "service accounts get no refresh token");
        let token = narrowed.json()["access_token"].as_str().expect("token").to_owned();
        let me = app.call(Method::GET, "/api/v1/auth/me", &token, None).await.json();
        assert_eq!(me["kind"], "service");
        assert_eq!(me["subject"], "service:reporting");
        assert_eq!(me["scopes"], json!(["reports:read"]));

        let basic = app
            .client
            .send(app.client.request(Method::POST, "/api/v1/auth/token").basic_auth("reporting", Some(&secret)).form(&[("grant_type", "client_credentials")]))
            .await;
        assert_eq!(basic.status, 200, "HTTP Basic client authentication: {}", basic.text);
        assert_eq!(basic.json()["scope"], "directory:read reports:read");

        let wrong = app.token_form(&[("grant_type", "client_credentials"), ("client_id", "reporting"), ("client_secret", "guess")]).await;
        assert_eq!((wrong.status.as_u16(), wrong.problem_code().as_str()), (401, "invalid_client"));
        let too_much = app
            .token_form(&[("grant_type", "client_credentials"), ("client_id", "reporting"), ("client_secret", &secret), ("scope", "directory:write")])
            .await;
        assert_eq!(too_much.problem_code(), "invalid_scope");
        let unsupported = app.token_form(&[("grant_type", "password"), ("username", "admin"), ("password", ADMIN_PASSWORD)]).await;
        assert_eq!(unsupported.problem_code(), "unsupported_grant_type");
        let json_body = app.client.post_json("/api/v1/auth/token", &json!({"grant_type": "client_credentials"})).await;
        assert_eq!(json_body.status, 415, "the token endpoint takes a form: {}", json_body.text);
    }
}

on_both_backends! {
    async fn rotation_keeps_old_tokens_valid_and_publishes_both_keys(db: TestDb) {
        let app = spawn_identity(&db).await;
        let before = app.admin_token().await;
        let rotated = app.call(Method::POST, "/api/v1/identity/keys/rotate", &before, None).await;
        assert_eq!(rotated.status, 200, "{}", rotated.text);
        let new_kid = rotated.json()["kid"].as_str().expect("kid").to_owned();
        let jwks = app.client.get("/.well-known/jwks.json").await.json();
        let kids: Vec<&str> = jwks["keys"].as_array().expect("keys").iter().filter_map(|k| k["kid"].as_str()).collect();
        assert_eq!(kids.len(), 2, "{kids:?}");
        assert!(kids.contains(&new_kid.as_str()));
        assert_eq!(app.call(Method::GET, "/api/v1/auth/me", &before, None).await.status, 200, "a token of the old key still verifies");
        let after = app.admin_token().await;
        assert_eq!(app.call(Method::GET, "/api/v1/auth/me", &after, None).await.status, 200);
        let header: serde_json::Value = serde_json::from_slice(
            &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, after.split('.').next().unwrap_or_default()).expect("b64"),
        )
        .expect("header");
        assert_ne!(header["kid"], new_kid.as_str(), "the new key is published before it signs");
        let active_from: chrono::DateTime<chrono::Utc> = rotated.json()["active_from"].as_str().expect("active_from").parse().expect("time");
        assert!(active_from > chrono::Utc::now());
        let audit = app.call(Method::GET, "/api/v1/identity/audit?limit=500", &after, None).await.json();
        assert!(audit["items"].as_array().expect("items").iter().any(|e| e["action"] == "signing_key.rotated"));
    }
}

on_both_backends! {
    async fn no_admin_exists_without_a_bootstrap_password(db: TestDb) {
        let app = spawn_identity_with(&db, |s| s.bootstrap_admin_password = None).await;
        let login = app.login("admin", ADMIN_PASSWORD).await;
        assert_eq!((login.status.as_u16(), login.problem_code().as_str()), (401, "invalid_credentials"));
    }
}
