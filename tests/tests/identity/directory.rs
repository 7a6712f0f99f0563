//! The directory API: tree edits with ETags, cycles and non-empty units refused, audit, and
//! extraction with tombstones for local copies.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use learning_tree_tests::identity::spawn_identity;

on_both_backends! {
    async fn the_org_tree_is_edited_safely_and_every_change_is_audited(db: TestDb) {
        let app = spawn_identity(&db).await;
        let admin = app.admin_token().await;
        let district = app.create_unit(&admin, "钟楼区", "district", None).await;
        let unit = app.create_unit(&admin, "区财政局", "unit", Some(&district)).await;
        let section = app.create_unit(&admin, "预算科", "section", Some(&unit)).await;

        let patch = |id: String, tag: &'static str, body: serde_json::Value| {
            let request = app.client.request(Method::PATCH, &format!("/api/v1/identity/org-units/{id}"))
                .header("Authorization", format!("Bearer {admin}")).header("If-Match", tag).json(&body);
            app.client.send(request)
        };
        let cycle = patch(district.clone(), "\"1\"", json!({"parent_id": section})).await;
        assert_eq!((cycle.status.as_u16(), cycle.problem_code().as_str()), (422, "org_unit_cycle"));
        let renamed = patch(unit.clone(), "\"1\"", json!({"name": "区财政局（国资办）"})).await;
        assert_eq!(renamed.status, 200, "{}", renamed.text);
        assert_eq!(renamed.header("etag"), Some("\"2\""));
        let stale = patch(unit.clone(), "\"1\"", json!({"name": "覆盖"})).await;
        assert_eq!(stale.status, 412);
        let rooted = patch(section.clone(), "\"1\"", json!({"parent_id": null})).await;
        assert_eq!(rooted.json()["parent_id"], serde_json::Value::Null, "null makes a root");

        let not_empty = app.call(Method::DELETE, &format!("/api/v1/identity/org-units/{district}"), &admin, None).await;
        assert_eq!((not_empty.status.as_u16(), not_empty.problem_code().as_str()), (409, "org_unit_not_empty"));
        let deleted = app.call(Method::DELETE, &format!("/api/v1/identity/org-units/{section}"), &admin, None).await;
        assert_eq!(deleted.status, 204);
        let gone = app.call(Method::GET, &format!("/api/v1/identity/org-units/{section}"), &admin, None).await;
        assert_eq!(gone.status, 404);

        let changes = app.call(Method::GET, "/api/v1/identity/org-units/changes?limit=500", &admin, None).await.json();
        assert_eq!(changes["tombstones"][0]["id"], section.as_str());
        let ids: Vec<&str> = changes["items"].as_array().expect("items").iter().filter_map(|u| u["id"].as_str()).collect();
        assert_eq!(ids, [district.as_str(), unit.as_str()], "commit order: the renamed unit last");

        let audit = app.call(Method::GET, "/api/v1/identity/audit?limit=500", &admin, None).await.json();
        let actions: Vec<&str> = audit["items"].as_array().expect("items").iter().filter_map(|e| e["action"].as_str()).collect();
        for expected in ["account.created", "org_unit.created", "org_unit.updated", "org_unit.deleted"] {
            assert!(actions.contains(&expected), "{expected} in {actions:?}");
        }
    }
}

on_both_backends! {
    async fn an_admin_reset_forces_a_change_and_deactivation_ends_sessions(db: TestDb) {
        let app = spawn_identity(&db).await;
        let admin = app.admin_token().await;
        let unit = app.create_unit(&admin, "区审计局", "unit", None).await;
        let (person, password) = app.person_with_password(&admin, &unit, "zhouba", &["cadre"]).await;
        let refresh = app.login("zhouba", &password).await.json()["refresh_token"].as_str().expect("refresh").to_owned();

        let reset = app.call(Method::POST, &format!("/api/v1/identity/people/{person}/account/password-reset"), &admin, None).await;
        assert_eq!(reset.status, 200, "{}", reset.text);
        let temporary = reset.json()["temporary_password"].as_str().expect("temporary").to_owned();
        assert_eq!(app.login("zhouba", &password).await.problem_code(), "invalid_credentials");
        assert_eq!(app.login("zhouba", &temporary).await.problem_code(), "password_change_required");
        let old_session = app.token_form(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)]).await;
        assert_eq!(old_session.problem_code(), "invalid_grant", "a reset ends existing sessions");

        let changed = app.client.post_json("/api/v1/auth/password",
            &json!({"username": "zhouba", "current_password": temporary, "new_password": "a brand new passphrase"})).await;
        assert_eq!(changed.status, 204);
        let session = app.login("zhouba", "a brand new passphrase").await.json();
        let refresh = session["refresh_token"].as_str().expect("refresh").to_owned();

        let current = app.call(Method::GET, &format!("/api/v1/identity/people/{person}"), &admin, None).await;
        let tag = current.header("etag").expect("etag").to_owned();
        let deactivate = app.client.request(Method::PATCH, &format!("/api/v1/identity/people/{person}"))
            .header("Authorization", format!("Bearer {admin}")).header("If-Match", tag).json(&json!({"active": false}));
        assert_eq!(app.client.send(deactivate).await.status, 200);
        let refused = app.token_form(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)]).await;
        assert_eq!(refused.problem_code(), "invalid_grant");
        assert_eq!(app.login("zhouba", "a brand new passphrase").await.problem_code(), "invalid_credentials");
    }
}
