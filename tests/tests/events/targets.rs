//! The SSRF guard: webhooks never go to the platform's own network unless an operator names
//! the address in `EVENTS_ALLOWED_TARGETS`.

use lt_test_support::on_both_backends;
use serde_json::json;

use crate::support::start_with;

on_both_backends! {
    async fn internal_targets_are_refused_without_the_allow_list_and_only_managers_subscribe(db: TestDb) {
        let app = start_with(db, &[]).await;
        for url in [
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.1/",
            "http://localhost:9000/hooks",
            "http://127.0.0.1:9000/hooks",
            "http://[::1]:9000/hooks",
            "http://metadata.google.internal/",
        ] {
            let refused = app.post("/api/v1/events/subscriptions", &app.admin, &json!({"url": url, "event_types": ["training.*"]})).await;
            assert_eq!((refused.status.as_u16(), refused.problem_code().as_str()), (422, "validation_failed"), "{url}: {}", refused.text);
            assert_eq!(refused.json()["errors"][0]["field"], "url", "{url}");
        }
        for (url, code) in [("ftp://example.com/", "invalid"), ("http://user:pw@example.com/", "invalid")] {
            let refused = app.post("/api/v1/events/subscriptions", &app.admin, &json!({"url": url, "event_types": ["*"]})).await;
            assert_eq!(refused.status, 422, "{url}");
            assert_eq!(refused.json()["errors"][0]["code"], code, "{url}");
        }
        let bad_types = app.post("/api/v1/events/subscriptions", &app.admin, &json!({"url": "http://10.0.0.1/", "event_types": ["Training.*", ""]})).await;
        assert_eq!(bad_types.status, 422);
        let listed = app.get("/api/v1/events/subscriptions", &app.admin).await.json();
        assert_eq!(listed["items"].as_array().map(Vec::len), Some(0), "nothing was made");

        // Only admins and events:manage accounts manage subscriptions; a cadre, a reporting
        // account and an events:read account are refused.
        let unit = app.unit("区财政局", None).await;
        let cadre = app.cadre(&unit, "甲").await;
        let reporting = app.service("reports", &["reports:read"]).await;
        let reader = app.service("oa-reader", &["events:read"]).await;
        for token in [&cadre.token, &reporting, &reader] {
            assert_eq!(app.get("/api/v1/events/subscriptions", token).await.status, 403);
        }
        assert_eq!(app.get("/api/v1/events/feed", &cadre.token).await.status, 403);
        assert_eq!(app.get("/api/v1/events/feed", &reporting).await.status, 403);
        assert_eq!(app.get("/api/v1/events/feed", &reader).await.status, 200);
        assert_eq!(app.get("/api/v1/training/outbox", &reporting).await.status, 403, "outboxes are for events:read only");
        assert_eq!(app.get("/api/v1/training/outbox", &app.admin).await.status, 403);
        let manager = app.service("oa", &["events:manage"]).await;
        assert_eq!(app.get("/api/v1/events/subscriptions", &manager).await.status, 200);
    }
}
