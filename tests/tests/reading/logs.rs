//! Reading logs: by ISBN or title, back-dating within the policy, never ahead, at most 24
//! hours a day per reader, statistics per month; each cadre sees only their own.

use lt_test_support::on_both_backends;
use serde_json::json;

use crate::support::{days_ago, start};

on_both_backends! {
    async fn logs_add_up_to_monthly_statistics_and_stay_the_cadres_own(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区民政局", None).await;
        let (me, other) = (app.cadre(&unit, "读者").await, app.cadre(&unit, "同事").await);
        let first = app.log(&me, json!({"isbn": "7-02-002626-5", "title": "平凡的世界", "pages": 120, "minutes": 90})).await;
        assert!(first["book_id"].is_null(), "a private log adds nothing to the catalogue: {first}");
        assert_eq!(first["title"], "平凡的世界");
        let catalogue = app.get("/api/v1/reading/books?q=平凡", &other.token).await;
        assert_eq!(catalogue.json()["items"], json!([]), "{}", catalogue.text);
        assert_eq!((first["for_me"].as_bool(), first["family_member_ids"].clone()), (Some(true), json!([])));
        // The same book by ISBN-13 without a title: the cadre's own earlier log knows it.
        let second = app.log(&me, json!({"isbn": "9787020026265", "title": null, "pages": 80, "minutes": 60, "finished": true})).await;
        assert_eq!((second["book_id"].is_null(), second["title"].as_str()), (true, Some("平凡的世界")), "{second}");
        let theirs = app.post("/api/v1/reading/logs", &other.token, &json!({"read_on": lt_programme::today(), "isbn": "9787020026265", "pages": 10, "minutes": 10})).await;
        assert_eq!((theirs.status.as_u16(), theirs.json()["errors"][0]["field"].as_str()), (422, Some("title")), "nobody else learns of it: {}", theirs.text);
        app.log(&me, json!({"title": "红岩", "pages": 50, "minutes": 40})).await;
        app.log(&other, json!({"title": "红岩", "pages": 10, "minutes": 10})).await;

        let year = lt_programme::today().format("%Y").to_string();
        let stats = app.get(&format!("/api/v1/reading/me/stats?period={year}"), &me.token).await;
        assert_eq!(stats.status, 200, "{}", stats.text);
        let stats = stats.json();
        assert_eq!((stats["pages"].as_i64(), stats["minutes"].as_i64(), stats["books_finished"].as_i64(), stats["logs"].as_i64()), (Some(250), Some(190), Some(1), Some(3)), "{stats}");
        assert_eq!(stats["months"].as_array().map(Vec::len), Some(1));
        let month = app.get(&format!("/api/v1/reading/me/stats?period={}", lt_programme::today().format("%Y-%m")), &me.token).await.json();
        assert_eq!(month["pages"], 250);
        let bad = app.get("/api/v1/reading/me/stats?period=2026-13", &me.token).await;
        assert_eq!((bad.status.as_u16(), bad.problem_code().as_str()), (400, "invalid_query"));

        // Each cadre sees their own logs only.
        let mine = app.get("/api/v1/reading/logs", &me.token).await.json();
        assert_eq!(mine["items"].as_array().map(Vec::len), Some(3));
        let path = format!("/api/v1/reading/logs/{}", first["id"].as_str().expect("id"));
        assert_eq!(app.get(&path, &me.token).await.status, 200);
        assert_eq!(app.get(&path, &other.token).await.status, 404);

        // The record says how much, not what; a coordinator over the unit reads it.
        let coordinator = app.coordinator(&unit, "民政协调员").await;
        let elsewhere = app.coordinator(&app.unit("区司法局", None).await, "司法协调员").await;
        let record = app.get(&format!("/api/v1/reading/people/{}/record?period={year}", me.id), &coordinator.token).await;
        assert_eq!(record.status, 200, "{}", record.text);
        let record = record.json();
        assert_eq!(record["items"][0]["kind"], "reading.month");
        assert!(!record.to_string().contains("平凡的世界"), "no titles in the record: {record}");
        assert_eq!(app.get(&format!("/api/v1/reading/people/{}/record", me.id), &elsewhere.token).await.status, 404);
        assert_eq!(app.get(&format!("/api/v1/reading/people/{}/stats", me.id), &other.token).await.status, 404);
    }
}

on_both_backends! {
    async fn bad_logs_are_refused_field_by_field_and_nothing_is_written(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区水务局", None).await;
        let me = app.cadre(&unit, "读者").await;
        let post = |body: serde_json::Value| {
            let app = &app;
            let token = me.token.clone();
            async move { app.post("/api/v1/reading/logs", &token, &body).await }
        };
        let today = lt_programme::today().to_string();
        let cases = [
            (json!({"read_on": today, "pages": -1, "minutes": 10, "title": "x"}), "pages"),
            (json!({"read_on": today, "pages": 10, "minutes": 1500, "title": "x"}), "minutes"),
            (json!({"read_on": "2099-01-01", "pages": 10, "minutes": 10, "title": "x"}), "read_on"),
            (json!({"read_on": days_ago(31), "pages": 10, "minutes": 10, "title": "x"}), "read_on"),
            (json!({"read_on": today, "pages": 10, "minutes": 10, "isbn": "978-7-02-002626-1"}), "isbn"),
            (json!({"read_on": today, "pages": 10, "minutes": 10, "isbn": "9787111213826"}), "title"),
            (json!({"read_on": today, "pages": 0, "minutes": 0, "title": "x"}), "minutes"),
            (json!({"read_on": today, "pages": 10, "minutes": 10}), "title"),
        ];
        for (body, field) in cases {
            let refused = post(body.clone()).await;
            assert_eq!((refused.status.as_u16(), refused.json()["errors"][0]["field"].as_str()), (422, Some(field)), "{body}: {}", refused.text);
        }
        let stranger = post(json!({"read_on": today, "pages": 10, "minutes": 10, "title": "x", "family_member_ids": ["no-such-member"]})).await;
        assert_eq!((stranger.status.as_u16(), stranger.json()["errors"][0]["field"].as_str()), (409, Some("family_member_ids[0]")));
        // 20 hours, then 5 more the same day: the day is full, the second log is not written.
        assert_eq!(post(json!({"read_on": days_ago(1), "pages": 10, "minutes": 1200, "title": "长篇"})).await.status, 201);
        let over = post(json!({"read_on": days_ago(1), "pages": 10, "minutes": 300, "title": "长篇"})).await;
        assert_eq!((over.status.as_u16(), over.json()["errors"][0]["code"].as_str()), (422, Some("day_limit")), "{}", over.text);
        assert_eq!(post(json!({"read_on": days_ago(1), "pages": 10, "minutes": 240, "title": "长篇"})).await.status, 201, "exactly 24 hours fits");
        let logs = app.get("/api/v1/reading/logs", &me.token).await.json();
        assert_eq!(logs["items"].as_array().map(Vec::len), Some(2), "only the logs that fit: {logs}");
    }
}
