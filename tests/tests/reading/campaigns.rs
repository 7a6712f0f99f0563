//! Campaigns: a theme, a period and goals; persons, departments and families take part;
//! progress comes from logged reading, each seen by whom it concerns.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use crate::support::{days_ago, start};

on_both_backends! {
    async fn campaign_progress_is_filled_from_logged_reading(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let bureau = app.unit("区文明办", Some(&district)).await;
        let other = app.unit("区交通局", Some(&district)).await;
        let office = app.reading_coordinator(&district, "阅读办").await;
        let coordinator = app.coordinator(&bureau, "文明办协调员").await;
        let (a, b) = (app.cadre(&bureau, "甲").await, app.cadre(&other, "乙").await);
        let made = app.post("/api/v1/reading/campaigns", &office.token, &json!({
            "title": "读书—构建和谐钟楼", "theme": "全民阅读", "starts_on": days_ago(10), "ends_on": days_ago(0),
            "goal": {"books": 2, "pages": 300}
        })).await;
        assert_eq!(made.status, 201, "{}", made.text);
        let campaign = made.json()["id"].as_str().expect("id").to_owned();
        let join = |token: &str, body: serde_json::Value| {
            let app = &app;
            let (token, path) = (token.to_owned(), format!("/api/v1/reading/campaigns/{campaign}/participants"));
            async move { app.post(&path, &token, &body).await }
        };
        assert_eq!(join(&a.token, json!({"kind": "person"})).await.status, 201);
        assert_eq!(join(&a.token, json!({"kind": "person"})).await.status, 409, "takes part already");
        assert_eq!(join(&b.token, json!({"kind": "person"})).await.status, 201);
        assert_eq!(join(&coordinator.token, json!({"kind": "org_unit", "id": bureau})).await.status, 201);
        assert_eq!(join(&coordinator.token, json!({"kind": "org_unit", "id": other})).await.status, 403, "not their unit");
        assert_eq!(join(&a.token, json!({"kind": "person", "id": b.id})).await.status, 403, "a cadre joins only themself");

        // Reading inside the period counts; reading before it does not.
        app.log(&a, json!({"read_on": days_ago(2), "title": "平凡的世界", "pages": 200, "minutes": 120, "finished": true})).await;
        app.log(&a, json!({"read_on": days_ago(20), "title": "红岩", "pages": 500, "minutes": 300, "finished": true})).await;
        app.log(&b, json!({"read_on": days_ago(1), "title": "红岩", "pages": 100, "minutes": 60})).await;

        // 甲 shows their reading by name; 乙 keeps the default (private).
        let privacy = "/api/v1/reading/me/privacy";
        let shown = app.update(Method::PUT, privacy, privacy, &a.token, &json!({"keep_library_history": false, "show_on_leaderboard": true, "family_on_leaderboard": false})).await;
        assert_eq!(shown.status, 200, "{}", shown.text);

        let of = |view: &serde_json::Value, kind: &str, id: &str| view["participants"].as_array().expect("participants").iter()
            .find(|p| p["kind"] == kind && p["id"] == id).map(|p| p["progress"].clone());
        let path = format!("/api/v1/reading/campaigns/{campaign}/progress");
        let all = app.get(&path, &office.token).await.json();
        assert!(of(&all, "person", &b.id).is_none(), "乙 does not show their reading: {all}");
        assert_eq!(all["others"], json!({"persons": 1, "done": null, "met": null}), "folded, and too few for figures");
        let a_progress = of(&all, "person", &a.id).expect("甲");
        assert_eq!((a_progress["done"]["pages"].as_i64(), a_progress["done"]["books"].as_i64(), a_progress["books_percent"].as_str()), (Some(200), Some(1), Some("50.00")), "{all}");
        assert_eq!(of(&all, "org_unit", &bureau).expect("unit")["done"]["pages"], 200);
        // A cadre sees themself only; a coordinator their subtree.
        let mine = app.get(&path, &b.token).await.json();
        assert_eq!(mine["participants"].as_array().map(Vec::len), Some(1));
        assert_eq!(mine["participants"][0]["id"], b.id.as_str());
        assert_eq!(mine["participants"][0]["progress"]["done"]["pages"], 100, "their own figures are theirs");
        assert_eq!(mine["others"], serde_json::Value::Null, "a cadre oversees no one");
        let scoped = app.get(&path, &coordinator.token).await.json();
        assert!(of(&scoped, "person", &b.id).is_none(), "another unit's cadre: {scoped}");
        assert!(of(&scoped, "person", &a.id).is_some());
        // Bad campaigns.
        let backwards = app.post("/api/v1/reading/campaigns", &office.token, &json!({"title": "x", "theme": "y", "starts_on": days_ago(0), "ends_on": days_ago(5), "goal": {"books": 1}})).await;
        assert_eq!((backwards.status.as_u16(), backwards.json()["errors"][0]["field"].as_str()), (422, Some("ends_on")));
        let no_goal = app.post("/api/v1/reading/campaigns", &office.token, &json!({"title": "x", "theme": "y", "starts_on": days_ago(5), "ends_on": days_ago(0), "goal": {}})).await;
        assert_eq!(no_goal.json()["errors"][0]["field"], "goal");
        assert_eq!(app.post("/api/v1/reading/campaigns", &a.token, &json!({"title": "x", "theme": "y", "starts_on": days_ago(5), "ends_on": days_ago(0), "goal": {"books": 1}})).await.status, 403);
    }
}
