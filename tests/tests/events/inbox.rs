//! Every cadre's inbox: the waitlist promotion reaches the promoted cadre and no one else;
//! reading a notice lowers the unread count; the summary answers 304 to its ETag.

use std::time::Duration;

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Events, minutes, start};

async fn inbox_until(app: &Events, token: &str, until: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    for _ in 0..400 {
        let page = app.get("/api/v1/events/me/inbox", token).await;
        assert_eq!(page.status, 200, "{}", page.text);
        let items = page.json()["items"].as_array().cloned().unwrap_or_default();
        if until(&items) {
            return items;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the inbox never got there");
}

on_both_backends! {
    async fn the_promoted_cadre_is_told_and_no_one_else_and_unread_falls_after_reading(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区财政局", None).await;
        let course = app.course("每月一讲：数字政府建设").await;
        let session = app.post(&format!("/api/v1/training/courses/{course}/sessions"), &app.admin,
            &json!({"starts_at": minutes(3000), "ends_at": minutes(3120), "venue": "区委党校 302 教室", "capacity": 1})).await;
        assert_eq!(session.status, 201, "{}", session.text);
        let session = session.json()["id"].as_str().expect("id").to_owned();
        let (first, second, bystander) = (app.cadre(&unit, "甲").await, app.cadre(&unit, "乙").await, app.cadre(&unit, "丙").await);
        let enrolments = format!("/api/v1/training/sessions/{session}/enrolments");
        let seated = app.post(&enrolments, &first.token, &json!({})).await.json();
        let waiting = app.post(&enrolments, &second.token, &json!({})).await.json();
        assert_eq!(waiting["status"], "waitlisted");
        let withdrawn = app.post(&format!("/api/v1/training/enrolments/{}/withdrawal", seated["id"].as_str().expect("id")), &first.token, &json!({})).await;
        assert_eq!(withdrawn.status, 200, "{}", withdrawn.text);

        let notices = inbox_until(&app, &second.token, |n| n.iter().any(|n| n["type"] == "training.enrolment.promoted")).await;
        let promoted = notices.iter().find(|n| n["type"] == "training.enrolment.promoted").expect("the promotion");
        assert_eq!(promoted["title"], "候补转正");
        assert_eq!(promoted["links"]["self"], format!("/api/v1/training/enrolments/{}", waiting["id"].as_str().expect("id")));
        assert_eq!(promoted["read_at"], Value::Null);
        assert_eq!(notices[0]["type"], "training.enrolment.promoted", "newest first");
        assert!(notices.iter().any(|n| n["type"] == "training.enrolment.waitlisted"), "told when waitlisted too");

        let mine = inbox_until(&app, &first.token, |n| !n.is_empty()).await;
        assert!(mine.iter().all(|n| n["type"] != "training.enrolment.promoted"), "the one who withdrew was not promoted");
        assert!(mine.iter().any(|n| n["type"] == "training.enrolment.enrolled"));
        let none = app.get("/api/v1/events/me/inbox", &bystander.token).await.json();
        assert_eq!(none["items"].as_array().map(Vec::len), Some(0));

        // Only the addressee reads (or marks) a notice.
        let id = promoted["id"].as_str().expect("id");
        let foreign = app.post(&format!("/api/v1/events/me/inbox/{id}/read"), &bystander.token, &json!({})).await;
        assert_eq!(foreign.status, 404);
        let service = app.service("oa", &["events:manage"]).await;
        assert_eq!(app.get("/api/v1/events/me/inbox", &service).await.status, 403, "a service account has no inbox");

        let summary = app.get("/api/v1/events/me/inbox/summary", &second.token).await;
        let unread = summary.json()["unread"].as_i64().expect("unread");
        assert_eq!(unread, 2, "waitlisted and promoted");
        let tag = summary.header("etag").expect("ETag").to_owned();
        let again = app.platform.gateway.send(app.platform.gateway.request(Method::GET, "/api/v1/events/me/inbox/summary")
            .header("Authorization", format!("Bearer {}", second.token)).header("If-None-Match", tag.clone())).await;
        assert_eq!(again.status, 304, "unchanged: no body to send to a polling phone");

        let read = app.post(&format!("/api/v1/events/me/inbox/{id}/read"), &second.token, &json!({})).await;
        assert_eq!(read.status, 200, "{}", read.text);
        assert!(read.json()["read_at"].is_string());
        let after = app.get("/api/v1/events/me/inbox/summary", &second.token).await;
        assert_eq!(after.json()["unread"], unread - 1);
        assert_ne!(after.header("etag").expect("ETag"), tag);
        let unread_only = app.get("/api/v1/events/me/inbox?unread=true", &second.token).await.json();
        assert!(unread_only["items"].as_array().expect("items").iter().all(|n| n["id"] != id));
        let all = app.post("/api/v1/events/me/inbox/read-all", &second.token, &json!({})).await;
        assert_eq!(all.json()["marked"], 1);
        assert_eq!(app.get("/api/v1/events/me/inbox/summary", &second.token).await.json()["unread"], 0);
        assert_eq!(app.get("/api/v1/events/me/inbox/summary", &first.token).await.json()["unread"], 1, "another's inbox untouched");
    }
}
