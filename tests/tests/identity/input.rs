//! Bad input on every JSON endpoint answers 4xx problem+json (never 500), and sign-in is
//! throttled with 429 + `Retry-After`.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use learning_tree_tests::identity::{ADMIN_PASSWORD, spawn_identity};

on_both_backends! {
    async fn every_json_endpoint_refuses_bad_input_with_4xx_problems(db: TestDb) {
        let app = spawn_identity(&db).await;
        let admin = app.admin_token().await;
        let unit = app.create_unit(&admin, "区档案局", "unit", None).await;
        let person = app.create_person(&admin, &unit, "ZL-2001", "孙七").await;
        let endpoints: Vec<(Method, String, bool)> = vec![
            (Method::POST, "/api/v1/auth/login".into(), false),
            (Method::POST, "/api/v1/auth/password".into(), false),
            (Method::POST, "/api/v1/auth/logout".into(), false),
            (Method::POST, "/api/v1/identity/org-units".into(), true),
            (Method::PATCH, format!("/api/v1/identity/org-units/{unit}"), true),
            (Method::POST, "/api/v1/identity/people".into(), true),
            (Method::PATCH, format!("/api/v1/identity/people/{person}"), true),
            (Method::POST, format!("/api/v1/identity/people/{person}/account"), true),
            (Method::PUT, format!("/api/v1/identity/people/{person}/roles"), true),
            (Method::POST, "/api/v1/identity/service-accounts".into(), true),
            (Method::POST, "/api/v1/identity/directory/sync".into(), true),
        ];
        let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(400 * 1024));
        let bodies: [(&str, &str, String, u16, &str); 5] = [
            ("malformed", "application/json", "{,".into(), 400, "malformed_json"),
            ("wrong type", "application/json", "[1, 2]".into(), 422, "invalid_body"),
            ("unknown field", "application/json", "{\"zzz_unknown\": 1}".into(), 422, "unknown_field"),
            ("not JSON", "text/plain", "name=x".into(), 415, "unsupported_media_type"),
            ("oversized", "application/json", huge, 413, "payload_too_large"),
        ];
        for (method, path, needs_admin) in &endpoints {
            for (case, content_type, body, status, code) in &bodies {
                let mut request = app.client.request(method.clone(), path).header("content-type", *content_type).header("If-Match", "\"1\"").body(body.clone());
                if *needs_admin {
                    request = request.header("Authorization", format!("Bearer {admin}"));
                }
                let response = app.client.send(request).await;
                assert_eq!(response.status.as_u16(), *status, "{method} {path} {case}: {}", response.text);
                assert_eq!(response.problem_code(), *code, "{method} {path} {case}");
            }
        }
        let wrong_types = app.call(Method::POST, "/api/v1/identity/people", &admin,
            Some(&json!({"employee_no": 7, "name": "x", "org_unit_id": unit, "rank": "r"}))).await;
        assert_eq!(wrong_types.json()["errors"][0]["field"], "employee_no");
        let missing = app.call(Method::POST, "/api/v1/identity/org-units", &admin, Some(&json!({"name": "x"}))).await;
        assert_eq!((missing.status.as_u16(), missing.json()["errors"][0]["field"].as_str()), (422, Some("kind")));
        let invalid = app.call(Method::POST, "/api/v1/identity/people", &admin,
            Some(&json!({"employee_no": " ", "name": "x", "org_unit_id": "nope", "rank": "r", "birth_year": 1800}))).await;
        assert_eq!(invalid.problem_code(), "validation_failed");
        let fields: Vec<String> = invalid.json()["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).map(str::to_owned).collect();
        assert_eq!(fields, ["employee_no", "birth_year"]);
        let unknown_unit = app.call(Method::POST, "/api/v1/identity/people", &admin,
            Some(&json!({"employee_no": "ZL-3", "name": "x", "org_unit_id": "nope", "rank": "r"}))).await;
        assert_eq!((unknown_unit.status.as_u16(), unknown_unit.problem_code().as_str()), (409, "unknown_reference"));
        assert_eq!(unknown_unit.json()["errors"][0]["field"], "org_unit_id");
        let duplicate = app.call(Method::POST, "/api/v1/identity/people", &admin,
            Some(&json!({"employee_no": "ZL-2001", "name": "重复", "org_unit_id": unit, "rank": "r"}))).await;
        assert_eq!((duplicate.status.as_u16(), duplicate.problem_code().as_str()), (409, "conflict"));
        let bad_role = app.call(Method::PUT, &format!("/api/v1/identity/people/{person}/roles"), &admin, Some(&json!({"roles": ["emperor"]}))).await;
        assert_eq!(bad_role.json()["errors"][0]["field"], "roles[0]");
        let bad_cursor = app.call(Method::GET, "/api/v1/identity/people?cursor=zzz", &admin, None).await;
        assert_eq!(bad_cursor.problem_code(), "invalid_cursor");
        let bad_since = app.call(Method::GET, "/api/v1/identity/people/changes?updated_since=yesterday", &admin, None).await;
        assert_eq!((bad_since.status.as_u16(), bad_since.problem_code().as_str()), (400, "invalid_query"));
    }
}

on_both_backends! {
    async fn repeated_wrong_passwords_lock_the_account_with_429_and_retry_after(db: TestDb) {
        let app = spawn_identity(&db).await;
        for attempt in 1..=4 {
            let wrong = app.login("admin", "not-the-password").await;
            assert_eq!((wrong.status.as_u16(), wrong.problem_code().as_str()), (401, "invalid_credentials"), "attempt {attempt}");
        }
        let fifth = app.login("admin", "not-the-password").await;
        assert_eq!((fifth.status.as_u16(), fifth.problem_code().as_str()), (429, "too_many_attempts"));
        let locked = app.login("admin", ADMIN_PASSWORD).await;
        assert_eq!(locked.status, 429, "even the right password waits out the lock");
        let retry_after: i64 = locked.header("retry-after").expect("Retry-After").parse().expect("seconds");
        assert!((1..=900).contains(&retry_after), "{retry_after}");
        let unknown = app.login("nobody-at-all", "whatever-password").await;
        assert_eq!(unknown.problem_code(), "invalid_credentials", "an unknown user looks like a wrong password");
    }
}

on_both_backends! {
    async fn concurrent_wrong_passwords_cannot_undo_the_lock(db: TestDb) {
        let app = spawn_identity(&db).await;
        let attempts = (0..12).map(|_| app.login("admin", "not-the-password"));
        let answers = futures_util::future::join_all(attempts).await;
        // 503 is the hashing gate telling the overflow of a burst to retry (see `flood.rs`).
        assert!(
            answers.iter().all(|a| a.status == 401 || a.status == 429 || (a.status == 503 && a.header("retry-after").is_some())),
            "only refusals, no 409 from a duplicate key"
        );
        assert!(answers.iter().any(|a| a.status == 429), "the limit of 5 was crossed");
        let after = app.login("admin", ADMIN_PASSWORD).await;
        assert_eq!(after.status, 429, "the lock holds whatever order the failures were counted in");
        let capitalised = app.login("ADMIN", ADMIN_PASSWORD).await;
        assert_eq!(capitalised.status, 429, "usernames are case-insensitive, for the lock too");
    }
}

/// Every "not blank" pattern of the published document is the server's own definition, and
/// no other spelling of it is left.
#[test]
fn the_published_schema_says_blank_as_the_server_means_it() {
    let document = learning_tree::openapi::merged_json(learning_tree::registry::SERVICES);
    assert!(
        !document.contains("\"pattern\": \"\\\\S\""),
        "a `\\S` pattern means another thing to ECMAScript, Python and Rust"
    );
    let doc: serde_json::Value = serde_json::from_str(&document).expect("json");
    let name = &doc["components"]["schemas"]["NewPersonRequest"]["properties"]["name"];
    assert_eq!(name["pattern"], lt_http::validation::NOT_BLANK);
    let feed = &doc["components"]["schemas"]["FeedPerson"]["properties"]["org_external_id"];
    assert_eq!(
        feed["minLength"], 1,
        "an empty OA unit id is refused by the schema too"
    );
    assert_eq!(feed["pattern"], lt_http::validation::NOT_BLANK);
    let parent = &doc["components"]["schemas"]["FeedOrgUnit"]["properties"]["parent_external_id"];
    assert_eq!(parent["minLength"], 1);
}

on_both_backends! {
    async fn blank_text_is_refused_and_kept_text_is_trimmed_by_one_definition(db: TestDb) {
        let app = spawn_identity(&db).await;
        let admin = app.admin_token().await;
        let unit = app.create_unit(&admin, "区民政局", "unit", None).await;
        // U+0085 (a Unicode space, not one to ECMAScript) and U+FEFF (the reverse).
        for (i, blank) in ["\u{85}", "\u{feff}", " \u{3000}\u{feff}\t"].into_iter().enumerate() {
            let refused = app.call(Method::POST, "/api/v1/identity/people", &admin,
                Some(&json!({"employee_no": format!("ZL-B{i}"), "name": blank, "org_unit_id": unit, "rank": "科员"}))).await;
            assert_eq!(refused.status, 422, "{blank:?}: {}", refused.text);
            assert_eq!(refused.json()["errors"][0]["field"], "name");
        }
        let kept = app.call(Method::POST, "/api/v1/identity/people", &admin,
            Some(&json!({"employee_no": "ZL-B9", "name": "\u{feff} 冯十二\u{85}", "org_unit_id": unit, "rank": "科员"}))).await;
        assert_eq!(kept.status, 201, "{}", kept.text);
        assert_eq!(kept.json()["name"], "冯十二");
        let feed = json!({"org_units": [{"external_id": "U1", "name": "民政", "kind": "unit"}],
            "people": [{"external_id": "P1", "employee_no": "ZL-B10", "name": "x", "org_external_id": "", "rank": "科员"}]});
        let empty_unit = app.call(Method::POST, "/api/v1/identity/directory/sync", &admin, Some(&feed)).await;
        assert_eq!(empty_unit.status, 422, "{}", empty_unit.text);
        assert_eq!(empty_unit.json()["errors"][0]["field"], "people[0].org_external_id");
    }
}
