//! HTTP conventions: every error class answers problem+json with its stable code; request
//! ids; languages; ETag / If-Match; Location; CSV.

use lt_test_support::{TestResponse, on_both_backends};
use reqwest::Method;
use serde_json::json;

use crate::sample::{SampleApp, spawn};

const PATH: &str = "/api/v1/sample/sessions";

async fn post_raw(
    app: &SampleApp,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> TestResponse {
    app.client
        .send(
            app.client
                .request(Method::POST, PATH)
                .header("content-type", content_type)
                .body(body),
        )
        .await
}

fn first_error(response: &TestResponse) -> (String, String) {
    let body = response.json();
    let error = &body["errors"][0];
    (
        error["field"].as_str().unwrap_or("-").to_owned(),
        error["code"].as_str().unwrap_or("-").to_owned(),
    )
}

on_both_backends! {
    async fn every_error_class_answers_problem_json_with_its_code(db: TestDb) {
        let app = spawn(&db).await;

        let unknown = app.client.get("/api/v1/sample/nothing-here").await;
        assert_eq!((unknown.status.as_u16(), unknown.problem_code().as_str()), (404, "route_not_found"));

        let method = app.client.send(app.client.request(Method::PUT, PATH)).await;
        assert_eq!((method.status.as_u16(), method.problem_code().as_str()), (405, "method_not_allowed"));
        assert_eq!(method.header("allow"), Some("GET, POST"));

        let huge = format!("{{\"title\": \"{}\", \"capacity\": 1}}", "x".repeat(300 * 1024));
        let too_large = post_raw(&app, "application/json", huge).await;
        assert_eq!((too_large.status.as_u16(), too_large.problem_code().as_str()), (413, "payload_too_large"));

        let text = post_raw(&app, "text/plain", "title=x").await;
        assert_eq!((text.status.as_u16(), text.problem_code().as_str()), (415, "unsupported_media_type"));

        let malformed = post_raw(&app, "application/json", "{\"title\": ").await;
        assert_eq!((malformed.status.as_u16(), malformed.problem_code().as_str()), (400, "malformed_json"));

        let unknown_field = app.client.post_json(PATH, &json!({"title": "x", "capacity": 1, "colour": "red"})).await;
        assert_eq!((unknown_field.status.as_u16(), unknown_field.problem_code().as_str()), (422, "unknown_field"));
        assert_eq!(first_error(&unknown_field), ("colour".into(), "unknown_field".into()));

        let wrong_type = app.client.post_json(PATH, &json!({"title": "x", "capacity": "many"})).await;
        assert_eq!((wrong_type.status.as_u16(), wrong_type.problem_code().as_str()), (422, "invalid_body"));
        assert_eq!(first_error(&wrong_type), ("capacity".into(), "invalid_type".into()));

        let missing = app.client.post_json(PATH, &json!({"title": "x"})).await;
        assert_eq!(first_error(&missing), ("capacity".into(), "required".into()));

        let invalid = app.client.post_json(PATH, &json!({"title": "  ", "capacity": 0})).await;
        assert_eq!((invalid.status.as_u16(), invalid.problem_code().as_str()), (422, "validation_failed"));
        let fields: Vec<String> = invalid.json()["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(fields, ["title", "capacity"], "every broken rule at once");

        let missing_record = app.client.get(&format!("{PATH}/no-such-id")).await;
        assert_eq!((missing_record.status.as_u16(), missing_record.problem_code().as_str()), (404, "not_found"));

        let bad_cursor = app.client.get(&format!("{PATH}?cursor=forged")).await;
        assert_eq!((bad_cursor.status.as_u16(), bad_cursor.problem_code().as_str()), (400, "invalid_cursor"));
        let bad_limit = app.client.get(&format!("{PATH}?limit=501")).await;
        assert_eq!((bad_limit.status.as_u16(), bad_limit.problem_code().as_str()), (400, "invalid_query"));
        let not_a_number = app.client.get(&format!("{PATH}?limit=ten")).await;
        assert_eq!((not_a_number.status.as_u16(), not_a_number.problem_code().as_str()), (400, "invalid_query"));

        // Nothing half-written by any of the above.
        let list = app.client.get(PATH).await.json();
        assert_eq!(list["items"].as_array().map(Vec::len), Some(0));
    }
}

on_both_backends! {
    async fn problems_carry_type_instance_request_id_and_the_readers_language(db: TestDb) {
        let app = spawn(&db).await;
        let chinese = app.client.get("/api/v1/sample/nothing-here").await;
        let body = chinese.json();
        assert_eq!(body["title"], "接口不存在");
        assert_eq!(body["type"], "urn:learning-tree:problem:route_not_found");
        assert_eq!(body["status"], 404);
        assert_eq!(body["instance"], "/api/v1/sample/nothing-here");
        assert_eq!(body["request_id"].as_str(), chinese.header("x-request-id"));

        let english = app
            .client
            .send(app.client.request(Method::GET, "/api/v1/sample/nothing-here").header("Accept-Language", "en-GB,en;q=0.9"))
            .await;
        assert_eq!(english.json()["title"], "No such endpoint");
        assert_eq!(english.problem_code(), "route_not_found", "the code never changes with language");
    }
}

on_both_backends! {
    async fn request_ids_are_echoed_when_plain_and_replaced_when_not(db: TestDb) {
        let app = spawn(&db).await;
        let echoed = app
            .client
            .send(app.client.request(Method::GET, "/health/live").header("X-Request-Id", "oa-7f3a-0001"))
            .await;
        assert_eq!(echoed.header("x-request-id"), Some("oa-7f3a-0001"));
        let replaced = app
            .client
            .send(app.client.request(Method::GET, "/health/live").header("X-Request-Id", "<script>"))
            .await;
        let id = replaced.header("x-request-id").expect("an id");
        assert_ne!(id, "<script>");
        assert_eq!(id.len(), 32);
        let fresh = app.client.get("/health/live").await;
        assert!(fresh.header("x-request-id").is_some_and(|v| !v.is_empty()));
    }
}

on_both_backends! {
    async fn updates_need_the_current_etag_and_a_stale_one_gets_412(db: TestDb) {
        let app = spawn(&db).await;
        let created = app.client.post_json(PATH, &json!({"title": "初稿", "capacity": 5})).await;
        assert_eq!(created.status, 201);
        let location = created.header("location").expect("Location on 201").to_owned();
        assert_eq!(created.header("etag"), Some("\"1\""));
        let fetched = app.client.get(&location).await;
        assert_eq!(fetched.status, 200, "Location points at the record");
        assert_eq!(fetched.header("etag"), Some("\"1\""));

        let patch = |tag: Option<&str>, title: &str| {
            let mut request = app.client.request(Method::PATCH, &location).json(&json!({"title": title}));
            if let Some(tag) = tag {
                request = request.header("If-Match", tag);
            }
            request
        };
        let without = app.client.send(patch(None, "x")).await;
        assert_eq!((without.status.as_u16(), without.problem_code().as_str()), (428, "precondition_required"));

        let first = app.client.send(patch(Some("\"1\""), "二稿")).await;
        assert_eq!(first.status, 200, "{}", first.text);
        assert_eq!(first.header("etag"), Some("\"2\""));

        let stale = app.client.send(patch(Some("\"1\""), "覆盖")).await;
        assert_eq!((stale.status.as_u16(), stale.problem_code().as_str()), (412, "precondition_failed"));
        assert_eq!(stale.header("etag"), Some("\"2\""), "the current tag, to re-read and retry");

        let current = app.client.get(&location).await.json();
        assert_eq!(current["title"], "二稿", "the stale write changed nothing");
        assert_eq!(current["version"], 2);
    }
}

on_both_backends! {
    async fn csv_answers_carry_a_bom_for_excel(db: TestDb) {
        let app = spawn(&db).await;
        app.client.post_json(PATH, &json!({"title": "读书—构建和谐钟楼", "capacity": 5})).await;
        let csv = app.client.get(&format!("{PATH}?format=csv")).await;
        assert_eq!(csv.status, 200);
        assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
        assert!(csv.header("content-disposition").is_some_and(|d| d.contains("filename*=UTF-8''")));
        assert!(csv.text.starts_with('\u{FEFF}'), "UTF-8 byte-order mark first");
        let lines: Vec<&str> = csv.text.trim_start_matches('\u{FEFF}').split("\r\n").collect();
        assert_eq!(lines[0], "编号,标题,名额,已报名");
        assert!(lines[1].contains(",读书—构建和谐钟楼,5,0"), "{}", lines[1]);
    }
}
