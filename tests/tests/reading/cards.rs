//! Library cards: a bulk issue to every active cadre (or a subtree) that a rerun does not
//! repeat, single issues, statuses, and who sees what.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use crate::support::start;

on_both_backends! {
    async fn a_bulk_issue_gives_every_cadre_one_card_and_a_rerun_gives_none_twice(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let bureau = app.unit("区财政局", Some(&district)).await;
        let other = app.unit("区教育局", Some(&district)).await;
        let office = app.reading_coordinator(&district, "阅读办").await;
        let (a, b) = (app.cadre(&bureau, "甲").await, app.cadre(&bureau, "乙").await);
        let c = app.cadre(&other, "丙").await;

        // First the bureau only.
        let bureau_issue = app.post("/api/v1/reading/card-issuances", &office.token, &json!({"org_unit_id": bureau})).await;
        assert_eq!(bureau_issue.status, 201, "{}", bureau_issue.text);
        assert_eq!((bureau_issue.json()["issued"].as_i64(), bureau_issue.json()["already_held"].as_i64()), (Some(2), Some(0)));
        let location = bureau_issue.header("location").expect("Location").to_owned();
        assert_eq!(app.get(&location, &office.token).await.json()["issued"], 2);
        // Then everyone: only those without a card get one.
        let everyone = app.post("/api/v1/reading/card-issuances", &office.token, &json!({})).await.json();
        let people_now: Vec<&str> = everyone["cards"].as_array().expect("cards").iter().filter_map(|c| c["person_id"].as_str()).collect();
        assert!(people_now.contains(&c.id.as_str()) && !people_now.contains(&a.id.as_str()), "{everyone}");
        assert_eq!(everyone["already_held"], 2);
        let rerun = app.post("/api/v1/reading/card-issuances", &office.token, &json!({})).await.json();
        assert_eq!(rerun["issued"], 0, "a rerun issues nothing new: {rerun}");

        // Every card number is different; each cadre sees their own card and no one else's.
        let all = app.get("/api/v1/reading/cards?status=active", &office.token).await.json();
        let mut numbers: Vec<&str> = all["items"].as_array().expect("items").iter().filter_map(|c| c["card_number"].as_str()).collect();
        let count = numbers.len();
        numbers.dedup();
        assert_eq!(numbers.len(), count);
        let mine = app.get("/api/v1/reading/me/card", &b.token).await;
        assert_eq!((mine.status.as_u16(), mine.json()["person_id"].as_str()), (200, Some(b.id.as_str())));
        let card_of_a = app.get("/api/v1/reading/me/card", &a.token).await.json();
        let path = format!("/api/v1/reading/cards/{}", card_of_a["id"].as_str().expect("id"));
        assert_eq!(app.get(&path, &b.token).await.status, 404, "another cadre's card");
        assert_eq!(app.get("/api/v1/reading/cards", &b.token).await.status, 403);
        assert_eq!(app.post("/api/v1/reading/card-issuances", &b.token, &json!({})).await.status, 403);

        // A lost card stays lost; the holder gets a new one, with a new number.
        let lost = app.update(Method::PATCH, &path, &path, &office.token, &json!({"status": "lost"})).await;
        assert_eq!((lost.status.as_u16(), lost.json()["status"].as_str()), (200, Some("lost")));
        let back = app.update(Method::PATCH, &path, &path, &office.token, &json!({"status": "active"})).await;
        assert_eq!((back.status.as_u16(), back.problem_code().as_str()), (409, "wrong_state"));
        let new_card = app.post("/api/v1/reading/cards", &office.token, &json!({"person_id": a.id})).await;
        assert_eq!(new_card.status, 201, "{}", new_card.text);
        assert_ne!(new_card.json()["card_number"], card_of_a["card_number"]);
        let second = app.post("/api/v1/reading/cards", &office.token, &json!({"person_id": a.id})).await;
        assert_eq!((second.status.as_u16(), second.problem_code().as_str()), (409, "card_held"));
        let nobody = app.post("/api/v1/reading/cards", &office.token, &json!({"person_id": "no-such-person"})).await;
        assert_eq!((nobody.status.as_u16(), nobody.problem_code().as_str()), (409, "unknown_reference"));

        // The feed shows every card with its status.
        let reports = app.service("reports", &["reports:read"]).await;
        let feed = app.get("/api/v1/reading/cards/changes", &reports).await.json();
        assert!(feed["items"].as_array().expect("items").iter().any(|c| c["status"] == "lost"), "{feed}");
        let events = app.platform.events("reading").await;
        let issued = 2 + everyone["issued"].as_u64().expect("issued") + 1;
        assert_eq!(events.iter().filter(|(kind, _)| kind == "reading.card.issued").count() as u64, issued, "one event per card");
    }
}
