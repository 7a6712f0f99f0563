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

on_both_backends! {
    async fn a_moved_session_and_a_loan_falling_due_reach_the_cadres_concerned_once(db: TestDb) {
        use diesel::prelude::*;
        let app = start(db).await;
        let unit = app.unit("区财政局", None).await;
        let (enrolled, bystander) = (app.cadre(&unit, "甲").await, app.cadre(&unit, "乙").await);
        let course = app.course("周末课堂：公文写作").await;
        let session = app.post(&format!("/api/v1/training/courses/{course}/sessions"), &app.admin,
            &json!({"starts_at": minutes(3000), "ends_at": minutes(3120), "venue": "区委党校 302 教室", "capacity": 10})).await.json()["id"].as_str().expect("id").to_owned();
        assert_eq!(app.post(&format!("/api/v1/training/sessions/{session}/enrolments"), &enrolled.token, &json!({})).await.status, 201);
        let path = format!("/api/v1/training/sessions/{session}");
        let moved = app.update(Method::PATCH, &path, &path, &app.admin, &json!({"venue": "区行政中心 5 楼会议室"})).await;
        assert_eq!(moved.status, 200, "{}", moved.text);
        let notices = inbox_until(&app, &enrolled.token, |n| n.iter().any(|n| n["type"] == "training.enrolment.session_changed")).await;
        let changed = notices.iter().find(|n| n["type"] == "training.enrolment.session_changed").expect("notice");
        assert!(changed["body"].as_str().is_some_and(|b| b.contains("区行政中心 5 楼会议室")), "{changed}");

        // A shelf loan, then its due day brought near (as time passing would).
        let keeper = app.coordinator(&unit, "书架管理员").await;
        let shelf = app.post("/api/v1/reading/shelves", &keeper.token, &json!({"name": "财政局书架"})).await.json()["id"].as_str().expect("id").to_owned();
        let copy = app.post(&format!("/api/v1/reading/shelves/{shelf}/copies"), &keeper.token, &json!({"isbn": "9787111213826", "title": "深入理解计算机系统"})).await.json()["id"].as_str().expect("id").to_owned();
        let loan = app.post("/api/v1/reading/loans", &enrolled.token, &json!({"copy_id": copy})).await;
        assert_eq!(loan.status, 201, "{}", loan.text);
        let loan = loan.json()["id"].as_str().expect("id").to_owned();
        let set_due = |days: i64| {
            let (store, loan) = (app.platform.store_of("reading"), loan.clone());
            async move {
                let due = lt_programme::today() + chrono::Duration::days(days);
                store
                    .write(move |tx| -> Result<(), lt_store::StoreError> {
                        diesel::sql_query("UPDATE loans SET due_on = $1 WHERE id = $2")
                            .bind::<diesel::sql_types::Date, _>(due)
                            .bind::<diesel::sql_types::Text, _>(loan)
                            .execute(tx.conn())?;
                        Ok(())
                    })
                    .await
                    .expect("due day moved");
            }
        };
        set_due(2).await;
        inbox_until(&app, &enrolled.token, |n| n.iter().any(|n| n["type"] == "reading.loan.due_soon")).await;
        set_due(-1).await;
        let notices = inbox_until(&app, &enrolled.token, |n| n.iter().any(|n| n["type"] == "reading.loan.overdue")).await;
        // Passes run every second: each reminder came once.
        actix_web::rt::time::sleep(Duration::from_millis(2500)).await;
        let notices_later = app.get("/api/v1/events/me/inbox?limit=100", &enrolled.token).await.json()["items"].as_array().cloned().unwrap_or_default();
        for kind in ["reading.loan.due_soon", "reading.loan.overdue"] {
            assert_eq!(notices_later.iter().filter(|n| n["type"] == kind).count(), 1, "{kind} once");
        }
        assert!(notices.iter().any(|n| n["title"] == "借阅已逾期"));
        let none = app.get("/api/v1/events/me/inbox", &bystander.token).await.json();
        assert_eq!(none["items"].as_array().map(Vec::len), Some(0), "the others are told nothing");
    }
}
