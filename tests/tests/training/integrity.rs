//! Integrity under real use: organisers do not credit themselves, rescheduling carries the
//! defaults along, a started session hands no seat to its waitlist, and mixed writes across
//! sessions never deadlock (PostgreSQL) or oversell.

use futures_util::future::join_all;
use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Training, minutes, start};

/// The enrolment of `person` in `session`, read by `token` (an organiser of it).
async fn enrolment_of(app: &Training, session: &str, person: &str, token: &str) -> String {
    let listed = app
        .get(
            &format!("/api/v1/training/sessions/{session}/enrolments"),
            token,
        )
        .await
        .json();
    listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["person_id"] == person)
        .and_then(|e| e["id"].as_str())
        .expect("enrolled")
        .to_owned()
}

on_both_backends! {
    async fn an_organiser_does_not_record_or_complete_their_own_training(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区委组织部", None).await;
        let organiser = app.organiser(&unit, "组织者", "party_school").await;
        let colleague = app.organiser(&unit, "同事", "party_school").await;
        let cadre = app.cadre(&unit, "学员").await;
        let course = app.course(&organiser.token, json!({})).await;
        let ends = minutes(-1);
        let session = app.session(&organiser.token, &course, minutes(-60), ends, 10, json!({"enrolment_opens_at": minutes(-120), "enrolment_closes_at": ends})).await;
        let assigned = app.post(&format!("/api/v1/training/sessions/{session}/assignments"), &organiser.token, &json!({"person_ids": [organiser.id, cadre.id]})).await;
        assert_eq!(assigned.status, 201, "{}", assigned.text);
        let own = enrolment_of(&app, &session, &organiser.id, &organiser.token).await;
        let theirs = enrolment_of(&app, &session, &cadre.id, &organiser.token).await;
        let mark = |token: String, enrolment: String| {
            let app = &app;
            async move {
                let path = format!("/api/v1/training/enrolments/{enrolment}");
                app.update(Method::PUT, &format!("{path}/attendance"), &path, &token, &json!({"attendance": "on_time"})).await
            }
        };
        let self_marked = mark(organiser.token.clone(), own.clone()).await;
        assert_eq!(self_marked.status, 403, "{}", self_marked.text);
        assert_eq!(mark(organiser.token.clone(), theirs.clone()).await.status, 200);
        assert_eq!(mark(colleague.token.clone(), own.clone()).await.status, 200, "a colleague records it");
        let leave = app.post(&format!("/api/v1/training/enrolments/{own}/leaves"), &organiser.token, &json!({"hours": "1.00", "reason": "公务"})).await;
        assert_eq!(leave.status, 403);

        let done = app.post(&format!("/api/v1/training/sessions/{session}/completions"), &organiser.token, &json!({})).await.json();
        assert_eq!(done["completed"].as_array().map(Vec::len), Some(1), "{done}");
        assert_eq!(done["completed"][0]["person_id"], cadre.id.as_str());
        assert_eq!((done["not_completed"][0]["person_id"].as_str(), done["not_completed"][0]["reason"].as_str()), (Some(organiser.id.as_str()), Some("own_enrolment")));
        let by_colleague = app.post(&format!("/api/v1/training/sessions/{session}/completions"), &colleague.token, &json!({})).await.json();
        assert_eq!(by_colleague["completed"][0]["person_id"], organiser.id.as_str(), "{by_colleague}");
    }
}

on_both_backends! {
    async fn a_rescheduled_session_moves_the_window_and_deadline_that_were_at_its_start(db: TestDb) {
        let app = start(db).await;
        let course = app.course(&app.admin, json!({})).await;
        let defaulted = app.session(&app.admin, &course, minutes(600), minutes(720), 10, json!({})).await;
        let explicit = app.session(&app.admin, &course, minutes(600), minutes(720), 10, json!({"withdrawal_deadline": minutes(300)})).await;
        let later = minutes(6000);
        let moved = |session: String| {
            let app = &app;
            async move {
                let path = format!("/api/v1/training/sessions/{session}");
                app.update(Method::PATCH, &path, &path, &app.admin, &json!({"starts_at": later, "ends_at": minutes(6120)})).await
            }
        };
        let first = moved(defaulted).await;
        assert_eq!(first.status, 200, "{}", first.text);
        let body = first.json();
        assert_eq!((&body["enrolment_closes_at"], &body["withdrawal_deadline"]), (&body["starts_at"], &body["starts_at"]), "{body}");
        let second = moved(explicit).await.json();
        assert_eq!(second["enrolment_closes_at"], second["starts_at"]);
        assert_ne!(second["withdrawal_deadline"], second["starts_at"], "a deadline that was set stays: {second}");
    }
}

on_both_backends! {
    async fn a_seat_freed_after_the_start_goes_to_nobody(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区卫健委", None).await;
        let (a, b) = (app.cadre(&unit, "甲").await, app.cadre(&unit, "乙").await);
        let course = app.course(&app.admin, json!({})).await;
        let ends = minutes(120);
        let session = app.session(&app.admin, &course, minutes(-5), ends, 1, json!({"enrolment_opens_at": minutes(-60), "enrolment_closes_at": ends})).await;
        let seated = app.enrol(&session, &a).await;
        assert_eq!(app.enrol(&session, &b).await["status"], "waitlisted");
        let withdrawn = app.post(&format!("/api/v1/training/enrolments/{}/withdrawal", seated["id"].as_str().expect("id")), &app.admin, &json!({"reason": "临时公务"})).await;
        assert_eq!(withdrawn.status, 200, "{}", withdrawn.text);
        assert_eq!(withdrawn.json()["promoted"], json!([]), "nobody joins a course half over");
        let path = format!("/api/v1/training/sessions/{session}");
        let grown = app.update(Method::PATCH, &path, &path, &app.admin, &json!({"capacity": 5})).await.json();
        assert_eq!((grown["enrolled"].as_i64(), grown["waitlisted"].as_i64()), (Some(0), Some(1)), "{grown}");
    }
}

on_both_backends! {
    async fn mixed_writes_across_sessions_never_deadlock_or_oversell(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区应急局", None).await;
        let course = app.course(&app.admin, json!({"kind": "classified_training", "full_time": true, "credit_hours": "35.00"})).await;
        let mut cadres = Vec::new();
        for i in 0..24 {
            cadres.push(app.cadre(&unit, &format!("学员{i}")).await);
        }
        for round in 0..3 {
            // Session x: 4 seats, 8 enrolled (4 waitlisted); session y: 2 seats, 6 enrolled.
            let x = app.session(&app.admin, &course, minutes(3000), minutes(3000 + 24 * 60), 4, json!({})).await;
            let y = app.session(&app.admin, &course, minutes(3000), minutes(3000 + 24 * 60), 2, json!({})).await;
            let mut in_x = Vec::new();
            for cadre in &cadres[..8] {
                in_x.push(app.enrol(&x, cadre).await["id"].as_str().expect("id").to_owned());
            }
            for cadre in &cadres[8..14] {
                app.enrol(&y, cadre).await;
            }
            let y_path = format!("/api/v1/training/sessions/{y}");
            let y_tag = app.get(&y_path, &app.admin).await.header("etag").expect("ETag").to_owned();
            // (path, token, body) of each call, sent all at once below.
            let mut calls: Vec<(String, String, Value)> = Vec::new();
            // Withdrawals in x promote (enrolments, then the session) ...
            for (cadre, enrolment) in cadres[..4].iter().zip(&in_x) {
                calls.push((format!("/api/v1/training/enrolments/{enrolment}/withdrawal"), cadre.token.clone(), json!({})));
            }
            // ... while y grows and promotes (the session, then enrolments), leave is
            // approved in x, and new cadres enrol in both.
            let grow = app.platform.gateway.request(Method::PATCH, &y_path)
                .header("Authorization", format!("Bearer {}", app.admin))
                .header("If-Match", y_tag)
                .json(&json!({"capacity": 6}));
            let grown = app.platform.gateway.send(grow);
            for enrolment in &in_x[4..6] {
                calls.push((format!("/api/v1/training/enrolments/{enrolment}/leaves"), app.admin.clone(), json!({"hours": "1.00", "reason": "公务"})));
            }
            for (i, cadre) in cadres[14..].iter().enumerate() {
                let session = if i % 2 == 0 { &x } else { &y };
                calls.push((format!("/api/v1/training/sessions/{session}/enrolments"), cadre.token.clone(), json!({})));
            }
            let sent = join_all(calls.iter().map(|(path, token, body)| app.call(Method::POST, path, token, Some(body))));
            let (answers, grown) = futures_util::future::join(sent, grown).await;
            for answer in answers.iter().chain(std::iter::once(&grown)) {
                assert!(answer.status.as_u16() < 500, "round {round}: {} {}", answer.status, answer.text);
            }
            assert_eq!(grown.status, 200, "{}", grown.text);
            for (session, capacity) in [(&x, 4), (&y, 6)] {
                let now: Value = app.get(&format!("/api/v1/training/sessions/{session}"), &app.admin).await.json();
                let listed = app.get(&format!("/api/v1/training/sessions/{session}/enrolments?status=enrolled"), &app.admin).await.json();
                let enrolled = listed["items"].as_array().map_or(0, Vec::len);
                assert_eq!(now["seats_taken"].as_i64(), Some(capacity), "round {round}: every seat taken, none oversold: {now}");
                assert_eq!(enrolled as i64, capacity, "round {round}: the enrolled are the seats taken: {listed}");
            }
        }
    }
}
