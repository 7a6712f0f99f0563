//! `Idempotency-Key`: replay, in-flight conflict, reuse with another body, malformed key.

use diesel::prelude::*;
use lt_store::{idempotency, now_utc};
use lt_test_support::on_both_backends;
use serde_json::json;

use crate::sample::routes::NewSession;
use crate::sample::spawn;
use crate::sample::store::sample_sessions;

const PATH: &str = "/api/v1/sample/sessions";

fn with_key(
    app: &crate::sample::SampleApp,
    key: &str,
    body: &serde_json::Value,
) -> reqwest::RequestBuilder {
    app.client
        .request(reqwest::Method::POST, PATH)
        .header("Idempotency-Key", key)
        .json(body)
}

on_both_backends! {
    async fn the_same_key_and_body_replays_the_first_response_without_creating_twice(db: TestDb) {
        let app = spawn(&db).await;
        let body = json!({"title": "专家讲座", "capacity": 40});
        let first = app.client.send(with_key(&app, "key-1", &body)).await;
        assert_eq!(first.status, 201, "{}", first.text);
        let again = app.client.send(with_key(&app, "key-1", &body)).await;
        assert_eq!(again.status, 201);
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        assert_eq!(again.json(), first.json(), "the stored body, byte for byte in meaning");
        assert_eq!(again.header("location"), first.header("location"));
        assert_eq!(again.header("etag"), first.header("etag"));
        assert!(first.header("idempotent-replayed").is_none());
        let rows: i64 = sample_sessions::table
            .count()
            .get_result(&mut *app.store.connection().expect("conn"))
            .expect("count");
        assert_eq!(rows, 1, "created once");
        // Another key is another request.
        let other = app.client.send(with_key(&app, "key-2", &body)).await;
        assert_eq!(other.status, 201);
        assert_ne!(other.json()["id"], first.json()["id"]);
    }
}

on_both_backends! {
    async fn the_same_key_with_another_body_is_refused_with_422(db: TestDb) {
        let app = spawn(&db).await;
        let first = app.client.send(with_key(&app, "key-1", &json!({"title": "A", "capacity": 1}))).await;
        assert_eq!(first.status, 201);
        let reused = app.client.send(with_key(&app, "key-1", &json!({"title": "B", "capacity": 1}))).await;
        assert_eq!(reused.status, 422);
        assert_eq!(reused.problem_code(), "idempotency_key_reused");
    }
}

on_both_backends! {
    async fn the_same_key_while_the_first_request_runs_is_refused_with_409(db: TestDb) {
        let app = spawn(&db).await;
        let body = json!({"title": "在途", "capacity": 2});
        // The first request has claimed the key and not finished (as if still running).
        let scope = format!("anonymous POST {PATH}");
        let fingerprint = lt_http::idempotency::fingerprint(&NewSession { title: "在途".into(), capacity: 2 })
            .expect("fingerprint");
        let claim = app
            .store
            .write(move |tx| -> Result<_, lt_store::StoreError> {
                Ok(idempotency::claim(tx, &scope, "busy-key", &fingerprint, now_utc())?)
            })
            .await
            .expect("claim");
        assert!(matches!(claim, idempotency::Claim::Fresh(_)), "{claim:?}");
        let second = app.client.send(with_key(&app, "busy-key", &body)).await;
        assert_eq!(second.status, 409, "{}", second.text);
        assert_eq!(second.problem_code(), "idempotency_key_in_use");
        assert_eq!(second.header("retry-after"), Some("1"));
    }
}

on_both_backends! {
    async fn a_malformed_key_is_refused_with_400_and_a_failed_request_frees_its_key(db: TestDb) {
        let app = spawn(&db).await;
        let body = json!({"title": "x", "capacity": 1});
        let too_long = "k".repeat(256);
        for bad in ["", too_long.as_str(), "有中文"] {
            let request = app
                .client
                .request(reqwest::Method::POST, PATH)
                .header("Idempotency-Key", reqwest::header::HeaderValue::from_bytes(bad.as_bytes()).expect("header"))
                .json(&body);
            let response = app.client.send(request).await;
            assert_eq!(response.status, 400, "key {bad:?}: {}", response.text);
            assert_eq!(response.problem_code(), "invalid_idempotency_key");
        }
        // Validation runs before the key is claimed: a corrected retry may reuse the key.
        let invalid = app.client.send(with_key(&app, "retry-me", &json!({"title": "", "capacity": 1}))).await;
        assert_eq!(invalid.status, 422);
        assert_eq!(invalid.problem_code(), "validation_failed");
        let fixed = app.client.send(with_key(&app, "retry-me", &body)).await;
        assert_eq!(fixed.status, 201, "{}", fixed.text);
        // A request that fails after claiming its key releases it, so the key is not
        // stuck "in use" and a corrected body with the same key is accepted (not 422).
        let failing = json!({"title": crate::sample::routes::FAIL_INSIDE, "capacity": 1});
        let failed = app.client.send(with_key(&app, "released", &failing)).await;
        assert_eq!(failed.status, 409, "{}", failed.text);
        assert_eq!(failed.problem_code(), "conflict");
        let corrected = app.client.send(with_key(&app, "released", &body)).await;
        assert_eq!(corrected.status, 201, "{}", corrected.text);
    }
}

on_both_backends! {
    async fn expired_keys_are_purged_and_a_late_retry_runs_again(db: TestDb) {
        let app = spawn(&db).await;
        let body = json!({"title": "去年的请求", "capacity": 3});
        let first = app.client.send(with_key(&app, "old-key", &body)).await;
        assert_eq!(first.status, 201);
        // Age the record past its retention, as a day passing would.
        let aged = lt_store::now_utc() - idempotency::KEY_RETENTION - chrono::TimeDelta::minutes(1);
        {
            use diesel::prelude::*;
            use lt_store::schema::idempotency_keys;
            diesel::update(idempotency_keys::table)
                .set(idempotency_keys::created_at.eq(aged))
                .execute(&mut *app.store.connection().expect("conn"))
                .expect("age");
        }
        let purged = idempotency::purge_expired(&mut app.store.connection().expect("conn"), now_utc()).expect("purge");
        assert_eq!(purged, 1);
        let again = app.client.send(with_key(&app, "old-key", &body)).await;
        assert_eq!(again.status, 201);
        assert!(again.header("idempotent-replayed").is_none(), "a forgotten key is a new request");
        assert_ne!(again.json()["id"], first.json()["id"]);
    }
}
