//! Reading notes: submitted, reviewed (featured or returned with a comment), featured ones
//! public without a token and with the author's name only if they agreed.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use crate::support::start;

on_both_backends! {
    async fn notes_are_reviewed_and_featured_ones_are_public_with_names_by_consent(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区司法局", None).await;
        let office = app.reading_coordinator(&unit, "阅读办").await;
        let (named, anonymous) = (app.cadre(&unit, "署名作者").await, app.cadre(&unit, "匿名作者").await);
        let submit = |who: &crate::support::Someone, show_name: bool, title: &str| {
            let app = &app;
            let token = who.token.clone();
            let body = json!({"isbn": "7-02-002626-5", "book_title": "平凡的世界", "title": title, "body": "读后感：奋斗的意义。", "show_name": show_name});
            async move { app.post("/api/v1/reading/notes", &token, &body).await }
        };
        let first = submit(&named, true, "平凡中的不平凡").await;
        assert_eq!((first.status.as_u16(), first.json()["status"].as_str()), (201, Some("submitted")), "{}", first.text);
        let second = submit(&anonymous, false, "孙少平").await.json();
        let queue = app.get("/api/v1/reading/notes/review-queue", &office.token).await.json();
        assert_eq!(queue["items"].as_array().map(Vec::len), Some(2));
        assert_eq!(app.get("/api/v1/reading/notes/review-queue", &named.token).await.status, 403);
        // A note under review is its author's: nobody else reads it.
        let path = format!("/api/v1/reading/notes/{}", first.json()["id"].as_str().expect("id"));
        assert_eq!(app.get(&path, &anonymous.token).await.status, 404);

        let featured = app.post(&format!("{path}/review"), &office.token, &json!({"decision": "feature"})).await;
        assert_eq!((featured.status.as_u16(), featured.json()["status"].as_str()), (200, Some("featured")), "{}", featured.text);
        let second_path = format!("/api/v1/reading/notes/{}", second["id"].as_str().expect("id"));
        let no_reason = app.post(&format!("{second_path}/review"), &office.token, &json!({"decision": "return"})).await;
        assert_eq!((no_reason.status.as_u16(), no_reason.json()["errors"][0]["field"].as_str()), (422, Some("comment")));
        let returned = app.post(&format!("{second_path}/review"), &office.token, &json!({"decision": "return", "comment": "请结合工作实际再写几句"})).await;
        assert_eq!(returned.json()["status"], "returned");
        let twice = app.post(&format!("{second_path}/review"), &office.token, &json!({"decision": "feature"})).await;
        assert_eq!(twice.problem_code(), "wrong_state");
        // The author rewrites a returned note: submitted again.
        let rewritten = app.update(Method::PUT, &second_path, &second_path, &anonymous.token, &json!({"isbn": "9787020026265", "title": "孙少平", "body": "结合工作：基层干部的坚守。"})).await;
        assert_eq!((rewritten.status.as_u16(), rewritten.json()["status"].as_str()), (200, Some("submitted")), "{}", rewritten.text);
        let frozen = app.update(Method::PUT, &path, &path, &named.token, &json!({"book_title": "x", "title": "改", "body": "改"})).await;
        assert_eq!(frozen.problem_code(), "wrong_state", "a featured note stays as featured");

        // Public: no token. The name shows because the author agreed.
        let public = app.platform.gateway.get("/api/v1/reading/notes/featured").await;
        assert_eq!(public.status, 200, "{}", public.text);
        let items = public.json()["items"].clone();
        assert_eq!(items.as_array().map(Vec::len), Some(1));
        assert_eq!((items[0]["author_name"].as_str(), items[0]["title"].as_str()), (Some("署名作者"), Some("平凡中的不平凡")));
        assert!(items[0].get("person_id").is_none());
        // Featured anonymously: the name stays out.
        app.post(&format!("{second_path}/review"), &office.token, &json!({"decision": "feature"})).await;
        let public = app.platform.gateway.get("/api/v1/reading/notes/featured").await.json();
        assert_eq!(public["items"][1]["author_name"], serde_json::Value::Null);
        assert!(!public.to_string().contains("匿名作者"));
    }
}
