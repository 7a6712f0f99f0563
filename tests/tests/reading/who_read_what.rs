//! Who read what is private: a coordinator who enrols a cadre in a campaign does not get the
//! cadre's figures, a reporting account gets no borrower in the loan feed, and persons the
//! caller oversees are folded into one line, with figures only from five persons on.

use lt_test_support::on_both_backends;
use serde_json::json;

use crate::support::{days_ago, start};

on_both_backends! {
    async fn enrolling_a_cadre_in_a_campaign_does_not_reveal_their_reading(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let office = app.reading_coordinator(&district, "阅读办").await;
        let coordinator = app.coordinator(&district, "区协调员").await;
        let watched = app.cadre(&district, "被关注者").await;
        app.log(&watched, json!({"read_on": days_ago(20), "title": "私人读物", "pages": 321, "minutes": 123})).await;
        // A campaign over any dates, and the cadre enrolled without being asked.
        let campaign = app.post("/api/v1/reading/campaigns", &office.token, &json!({"title": "回看", "theme": "x", "starts_on": days_ago(364), "ends_on": days_ago(0), "goal": {"pages": 100}})).await.json()["id"].as_str().expect("id").to_owned();
        let enrolled = app.post(&format!("/api/v1/reading/campaigns/{campaign}/participants"), &office.token, &json!({"kind": "person", "id": watched.id})).await;
        assert_eq!(enrolled.status, 201, "{}", enrolled.text);
        let path = format!("/api/v1/reading/campaigns/{campaign}/progress");
        for token in [&office.token, &coordinator.token] {
            let seen = app.get(&path, token).await;
            assert_eq!(seen.status, 200, "{}", seen.text);
            assert_eq!(seen.json()["participants"], json!([]), "{}", seen.text);
            assert_eq!(seen.json()["others"], json!({"persons": 1, "done": null, "met": null}), "one person: no figures at all");
            assert!(!seen.text.contains("321") && !seen.text.contains(&watched.id), "{}", seen.text);
        }
        let own = app.get(&path, &watched.token).await.json();
        assert_eq!(own["participants"][0]["progress"]["done"]["pages"], 321, "the cadre sees their own: {own}");

        // From five persons on, the fold has figures (still no ids).
        let mut pages = 321;
        for i in 0..4 {
            let cadre = app.cadre(&district, &format!("读者{i}")).await;
            app.log(&cadre, json!({"read_on": days_ago(1), "title": "共读", "pages": 100 + i, "minutes": 30})).await;
            pages += 100 + i;
            app.post(&format!("/api/v1/reading/campaigns/{campaign}/participants"), &cadre.token, &json!({"kind": "person"})).await;
        }
        let five = app.get(&path, &coordinator.token).await.json();
        assert_eq!(five["others"], json!({"persons": 5, "done": {"books": 0, "pages": pages, "minutes": 243}, "met": 5}), "{five}");
    }
}

on_both_backends! {
    async fn the_loan_feed_says_what_was_borrowed_never_by_whom(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区发改委", None).await;
        let keeper = app.coordinator(&unit, "书架管理员").await;
        let borrower = app.cadre(&unit, "借阅者").await;
        let reports = app.service("reports", &["reports:read"]).await;
        let shelf = app.post("/api/v1/reading/shelves", &keeper.token, &json!({"name": "发改委书架"})).await.json()["id"].as_str().expect("id").to_owned();
        let copy = app.post(&format!("/api/v1/reading/shelves/{shelf}/copies"), &keeper.token, &json!({"isbn": "9787111213826", "title": "深入理解计算机系统"})).await.json();
        let loan = app.post("/api/v1/reading/loans", &borrower.token, &json!({"copy_id": copy["id"]})).await;
        assert_eq!(loan.status, 201, "{}", loan.text);
        let feed = app.get("/api/v1/reading/loans/changes", &reports).await;
        assert_eq!(feed.status, 200, "{}", feed.text);
        let items = feed.json()["items"].clone();
        assert_eq!(items.as_array().map(Vec::len), Some(1), "{}", feed.text);
        assert_eq!(items[0]["shelf_id"], shelf.as_str());
        assert!(items[0].get("person_id").is_none() && !feed.text.contains(&borrower.id), "no borrower: {}", feed.text);
    }
}
