//! Learning families: members with consent, one log for several readers, challenges filled
//! from their logs, a member's removal deleting their data; only the cadre and admins see it.

use lt_test_support::on_both_backends;
use serde_json::json;

use crate::support::start;

on_both_backends! {
    async fn a_family_reads_together_and_a_removed_member_leaves_nothing_behind(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区妇联", None).await;
        let parent = app.cadre(&unit, "家长").await;
        let neighbour = app.cadre(&unit, "邻居").await;
        let coordinator = app.coordinator(&unit, "妇联协调员").await;
        let add = |body: serde_json::Value| {
            let app = &app;
            let token = parent.token.clone();
            async move { app.post("/api/v1/reading/family-members", &token, &body).await }
        };
        let no_consent = add(json!({"relation": "child", "display_name": "小明", "birth_year": 2016, "consent": false})).await;
        assert_eq!((no_consent.status.as_u16(), no_consent.json()["errors"][0]["field"].as_str()), (422, Some("consent")));
        let child = add(json!({"relation": "child", "display_name": "小明", "birth_year": 2016, "consent": true})).await;
        assert_eq!(child.status, 201, "{}", child.text);
        let child = child.json()["id"].as_str().expect("id").to_owned();
        let spouse = add(json!({"relation": "spouse", "display_name": "小红妈妈", "birth_year": 1988, "consent": true})).await.json()["id"].as_str().expect("id").to_owned();

        // One evening's reading, logged once for the parent and both members.
        let together = app.log(&parent, json!({"title": "小王子", "pages": 40, "minutes": 30, "family_member_ids": [child, spouse], "with_me": true})).await;
        assert_eq!((together["for_me"].as_bool(), together["family_member_ids"].as_array().map(Vec::len)), (Some(true), Some(2)));
        app.log(&parent, json!({"title": "安徒生童话", "pages": 20, "minutes": 15, "family_member_ids": [child], "finished": true})).await;
        let year = lt_programme::today().format("%Y").to_string();
        let child_stats = app.get(&format!("/api/v1/reading/family-members/{child}/stats?period={year}"), &parent.token).await.json();
        assert_eq!((child_stats["pages"].as_i64(), child_stats["books_finished"].as_i64()), (Some(60), Some(1)), "{child_stats}");
        let own = app.get(&format!("/api/v1/reading/me/stats?period={year}"), &parent.token).await.json();
        assert_eq!(own["pages"], 40, "the child's own book is not the parent's: {own}");

        // A challenge filled from the readers' logs.
        let today = lt_programme::today().to_string();
        let challenge = app.post("/api/v1/reading/family-challenges", &parent.token, &json!({"title": "暑期共读", "starts_on": today, "ends_on": today, "goal": {"pages": 100}, "family_member_ids": [child]})).await;
        assert_eq!(challenge.status, 201, "{}", challenge.text);
        assert_eq!(challenge.json()["progress"]["done"]["pages"], 100, "the parent's 40 and the child's 60: {}", challenge.text);
        assert_eq!(challenge.json()["progress"]["met"], true);

        // Nobody else sees the family: not a neighbour, not the coordinator.
        assert_eq!(app.get(&format!("/api/v1/reading/family-members/{child}/stats"), &neighbour.token).await.status, 404);
        assert_eq!(app.get(&format!("/api/v1/reading/family-members?person_id={}", parent.id), &coordinator.token).await.status, 404, "another cadre's family does not exist for them");
        assert_eq!(app.get(&format!("/api/v1/reading/family-members?person_id={}", parent.id), &neighbour.token).await.status, 404);
        assert_eq!(app.get("/api/v1/reading/family-members", &neighbour.token).await.json(), json!([]));
        let by_admin = app.get(&format!("/api/v1/reading/family-members?person_id={}", parent.id), &app.admin).await.json();
        assert_eq!(by_admin.as_array().map(Vec::len), Some(2));
        let logged_for_other = app.post("/api/v1/reading/logs", &neighbour.token, &json!({"read_on": today, "pages": 1, "minutes": 1, "title": "x", "family_member_ids": [child]})).await;
        assert_eq!(logged_for_other.status, 409, "someone else's family member is no member of theirs");

        // Removing the child removes their reading: the log only they read goes, their share
        // of the evening's log goes, the challenge forgets them.
        let removed = app.call(reqwest::Method::DELETE, &format!("/api/v1/reading/family-members/{child}"), &parent.token, None).await;
        assert_eq!(removed.status, 204, "{}", removed.text);
        let logs = app.get("/api/v1/reading/logs", &parent.token).await.json();
        let items = logs["items"].as_array().expect("items");
        assert_eq!(items.len(), 1, "the log only the child read is gone: {logs}");
        assert_eq!(items[0]["family_member_ids"], json!([spouse]));
        let after = app.get(&format!("/api/v1/reading/family-challenges/{}", challenge.json()["id"].as_str().expect("id")), &parent.token).await.json();
        assert_eq!(after["family_member_ids"], json!([]));
        assert_eq!(app.get(&format!("/api/v1/reading/family-members/{child}/stats"), &parent.token).await.status, 404);
    }
}
