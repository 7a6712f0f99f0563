//! Bad input on every JSON endpoint answers 4xx problem+json (never 500), and sign-in is
//! throttled with 429 + `Retry-After`.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use crate::identity_support::{ADMIN_PASSWORD, spawn_identity};

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
        assert!(answers.iter().all(|a| a.status == 401 || a.status == 429), "only refusals, no 409 from a duplicate key");
        assert!(answers.iter().any(|a| a.status == 429), "the limit of 5 was crossed");
        let after = app.login("admin", ADMIN_PASSWORD).await;
        assert_eq!(after.status, 429, "the lock holds whatever order the failures were counted in");
        let capitalised = app.login("ADMIN", ADMIN_PASSWORD).await;
        assert_eq!(capitalised.status, 429, "usernames are case-insensitive, for the lock too");
    }
}
