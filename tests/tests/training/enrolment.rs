//! Enrolment: seats then the waitlist in commit order, promotion on withdrawal, the
//! withdrawal deadline, assigned batches, cancellation.

use futures_util::future::join_all;
use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{minutes, start};

on_both_backends! {
    async fn two_hundred_simultaneous_enrolments_fill_thirty_seats_then_wait_in_commit_order(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区发改委", None).await;
        let course = app.course(&app.admin, json!({"provider": "party_school"})).await;
        let session = app.session(&app.admin, &course, minutes(2 * 24 * 60), minutes(2 * 24 * 60 + 180), 30, json!({})).await;
        let mut cadres = Vec::new();
        for i in 0..200 {
            cadres.push(app.cadre(&unit, &format!("学员{i}")).await);
        }
        let path = format!("/api/v1/training/sessions/{session}/enrolments");
        let empty = json!({});
        let answers = join_all(cadres.iter().map(|cadre| app.post(&path, &cadre.token, &empty))).await;
        let mut enrolled = 0;
        let mut positions = Vec::new();
        for answer in &answers {
            assert_eq!(answer.status, 201, "{}", answer.text);
            let body = answer.json();
            match body["status"].as_str() {
                Some("enrolled") => {
                    enrolled += 1;
                    assert_eq!(body["waitlist_position"], Value::Null);
                }
                Some("waitlisted") => positions.push(body["waitlist_position"].as_i64().expect("position")),
                other => panic!("unexpected status {other:?}"),
            }
        }
        assert_eq!(enrolled, 30, "exactly the seats");
        assert_eq!(positions.len(), 170);
        let read = app.get(&format!("/api/v1/training/sessions/{session}"), &app.admin).await.json();
        assert_eq!((read["seats_taken"].as_i64(), read["enrolled"].as_i64(), read["waitlisted"].as_i64()), (Some(30), Some(30), Some(170)));
        // Positions now, read back: 1…170, and in the order the enrolments committed (the
        // changes feed is in commit order).
        let feed = app.get("/api/v1/training/enrolments/changes?limit=500", &app.admin).await.json();
        let waitlisted: Vec<i64> = feed["items"].as_array().expect("items").iter()
            .filter(|e| e["status"] == "waitlisted")
            .map(|e| e["waitlist_position"].as_i64().expect("position"))
            .collect();
        assert_eq!(waitlisted, (1..=170).collect::<Vec<_>>(), "waitlisted in commit order");
    }
}

on_both_backends! {
    async fn a_withdrawal_promotes_the_first_waitlisted_and_says_so(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区财政局", None).await;
        let course = app.course(&app.admin, json!({})).await;
        let session = app.session(&app.admin, &course, minutes(3000), minutes(3120), 2, json!({})).await;
        let [a, b, c, d] = [app.cadre(&unit, "甲").await, app.cadre(&unit, "乙").await, app.cadre(&unit, "丙").await, app.cadre(&unit, "丁").await];
        let ea = app.enrol(&session, &a).await;
        app.enrol(&session, &b).await;
        let ec = app.enrol(&session, &c).await;
        let ed = app.enrol(&session, &d).await;
        assert_eq!((ec["status"].as_str(), ec["waitlist_position"].as_i64()), (Some("waitlisted"), Some(1)));
        assert_eq!(ed["waitlist_position"], 2);
        let again = app.post(&format!("/api/v1/training/sessions/{session}/enrolments"), &a.token, &json!({})).await;
        assert_eq!((again.status.as_u16(), again.problem_code().as_str()), (409, "already_enrolled"));

        let withdrawn = app.post(&format!("/api/v1/training/enrolments/{}/withdrawal", ea["id"].as_str().expect("id")), &a.token, &json!({})).await;
        assert_eq!(withdrawn.status, 200, "{}", withdrawn.text);
        let body = withdrawn.json();
        assert_eq!(body["enrolment"]["status"], "withdrawn");
        assert_eq!(body["promoted"][0]["id"], ec["id"], "the first waitlisted got the seat");
        assert_eq!(body["promoted"][0]["status"], "enrolled");
        let d_now = app.get(&format!("/api/v1/training/enrolments/{}", ed["id"].as_str().expect("id")), &d.token).await.json();
        assert_eq!(d_now["waitlist_position"], 1, "the next one moved up");
        let events = app.platform.events("training").await;
        let promoted: Vec<&Value> = events.iter().filter(|(kind, _)| kind == "training.enrolment.promoted").map(|(_, p)| p).collect();
        assert_eq!(promoted.len(), 1);
        assert_eq!(promoted[0]["person_id"], c.id.as_str());
        // If-Match is optional; one that names an old version is refused, nothing changes.
        let withdraw_d = || app.platform.gateway.request(Method::POST, &format!("/api/v1/training/enrolments/{}/withdrawal", ed["id"].as_str().expect("id"))).header("Authorization", format!("Bearer {}", d.token));
        let stale = app.platform.gateway.send(withdraw_d().header("If-Match", "\"99\"")).await;
        assert_eq!((stale.status.as_u16(), stale.problem_code().as_str()), (412, "precondition_failed"));
        let malformed = app.platform.gateway.send(withdraw_d().header("If-Match", "0")).await;
        assert_eq!((malformed.status.as_u16(), malformed.problem_code().as_str()), (400, "invalid_if_match"));
        // A withdrawal without a body works too (the mobile app sends none).
        let current = app.get(&format!("/api/v1/training/enrolments/{}", ed["id"].as_str().expect("id")), &d.token).await;
        assert_eq!(current.json()["status"], "waitlisted", "the refused withdrawal changed nothing");
        let empty = app.platform.gateway.send(withdraw_d().header("If-Match", current.header("etag").expect("ETag"))).await;
        assert_eq!(empty.status, 200, "{}", empty.text);
        // Enrolling again after a withdrawal joins the end of the line.
        let back = app.enrol(&session, &a).await;
        assert_eq!((back["status"].as_str(), back["waitlist_position"].as_i64()), (Some("waitlisted"), Some(1)));
    }
}

on_both_backends! {
    async fn withdrawal_after_the_deadline_is_refused_with_the_reason_an_organiser_still_may(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区商务局", None).await;
        let organiser = app.organiser(&unit, "组织者", "cadre_college").await;
        let course = app.course(&organiser.token, json!({})).await;
        let session = app.session(&organiser.token, &course, minutes(600), minutes(720), 10, json!({"withdrawal_deadline": minutes(-1)})).await;
        let cadre = app.cadre(&unit, "学员").await;
        let enrolment = app.enrol(&session, &cadre).await;
        let id = enrolment["id"].as_str().expect("id");
        let late = app.post(&format!("/api/v1/training/enrolments/{id}/withdrawal"), &cadre.token, &json!({})).await;
        assert_eq!((late.status.as_u16(), late.problem_code().as_str()), (409, "withdrawal_deadline_passed"));
        assert!(late.json()["detail"].as_str().is_some_and(|d| d.contains("ask the organiser")), "{}", late.text);
        let no_reason = app.post(&format!("/api/v1/training/enrolments/{id}/withdrawal"), &organiser.token, &json!({})).await;
        assert_eq!(no_reason.status, 422, "an organiser gives a reason");
        let by_organiser = app.post(&format!("/api/v1/training/enrolments/{id}/withdrawal"), &organiser.token, &json!({"reason": "单位工作安排"})).await;
        assert_eq!(by_organiser.status, 200, "{}", by_organiser.text);
        assert_eq!(by_organiser.json()["enrolment"]["withdrawal_reason"], "单位工作安排");
        // The organiser's override is for other people: enrolled themself, they keep to the
        // deadline like everyone.
        let own = app.post(&format!("/api/v1/training/sessions/{session}/enrolments"), &organiser.token, &json!({})).await;
        assert_eq!(own.status, 201, "{}", own.text);
        let own_id = own.json()["id"].as_str().expect("id").to_owned();
        let own_late = app.post(&format!("/api/v1/training/enrolments/{own_id}/withdrawal"), &organiser.token, &json!({"reason": "自己有事"})).await;
        assert_eq!((own_late.status.as_u16(), own_late.problem_code().as_str()), (409, "withdrawal_deadline_passed"));
    }
}

on_both_backends! {
    async fn an_assigned_batch_never_takes_a_waitlisted_cadres_place(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区人社局", None).await;
        let course = app.course(&app.admin, json!({"kind": "classified_training", "full_time": true})).await;
        let session = app.session(&app.admin, &course, minutes(5000), minutes(5000 + 3 * 24 * 60), 1, json!({})).await;
        let (a, b) = (app.cadre(&unit, "甲").await, app.cadre(&unit, "乙").await);
        let (c, d) = (app.cadre(&unit, "丙").await, app.cadre(&unit, "丁").await);
        let ea = app.enrol(&session, &a).await;
        let eb = app.enrol(&session, &b).await;
        assert_eq!(eb["status"], "waitlisted");
        let assigned = app.post(&format!("/api/v1/training/sessions/{session}/assignments"), &app.admin, &json!({"person_ids": [c.id, d.id, a.id]})).await;
        assert_eq!(assigned.status, 201, "{}", assigned.text);
        assert_eq!(assigned.header("location"), Some(format!("/api/v1/training/sessions/{session}/enrolments").as_str()));
        let body = assigned.json();
        assert_eq!(body["assigned"].as_array().map(Vec::len), Some(2));
        assert!(body["assigned"].as_array().expect("list").iter().all(|e| e["status"] == "enrolled" && e["source"] == "assigned"));
        assert_eq!(body["already_enrolled"], json!([a.id]));
        let b_now = app.get(&format!("/api/v1/training/enrolments/{}", eb["id"].as_str().expect("id")), &b.token).await.json();
        assert_eq!(b_now["waitlist_position"], 1, "still first in line");
        let withdrawn = app.post(&format!("/api/v1/training/enrolments/{}/withdrawal", ea["id"].as_str().expect("id")), &a.token, &json!({})).await;
        assert_eq!(withdrawn.json()["promoted"][0]["person_id"], b.id.as_str(), "the freed seat went to the waitlist");
        let unknown = app.post(&format!("/api/v1/training/sessions/{session}/assignments"), &app.admin, &json!({"person_ids": [c.id, "no-such-person"]})).await;
        assert_eq!((unknown.status.as_u16(), unknown.problem_code().as_str()), (409, "unknown_reference"));
        assert_eq!(unknown.json()["errors"][0]["field"], "person_ids[1]");
    }
}

on_both_backends! {
    async fn a_cancelled_session_keeps_its_enrolments_and_tells_every_cadre(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区水利局", None).await;
        let course = app.course(&app.admin, json!({})).await;
        let session = app.session(&app.admin, &course, minutes(4000), minutes(4100), 1, json!({})).await;
        let (a, b) = (app.cadre(&unit, "甲").await, app.cadre(&unit, "乙").await);
        app.enrol(&session, &a).await;
        app.enrol(&session, &b).await;
        let path = format!("/api/v1/training/sessions/{session}");
        let no_reason = app.update(Method::POST, &format!("{path}/cancellation"), &path, &app.admin, &json!({"reason": "  "})).await;
        assert_eq!(no_reason.status, 422);
        assert_eq!(no_reason.json()["errors"][0]["field"], "reason");
        let cancelled = app.update(Method::POST, &format!("{path}/cancellation"), &path, &app.admin, &json!({"reason": "台风预警，改期举行"})).await;
        assert_eq!(cancelled.status, 200, "{}", cancelled.text);
        assert_eq!((cancelled.json()["status"].as_str(), cancelled.json()["cancel_reason"].as_str()), (Some("cancelled"), Some("台风预警，改期举行")));
        let kept = app.get(&format!("{path}/enrolments"), &app.admin).await.json();
        assert_eq!(kept["items"].as_array().map(Vec::len), Some(2), "the enrolments are kept");
        let events = app.platform.events("training").await;
        let told: Vec<&str> = events.iter().filter(|(k, _)| k == "training.enrolment.session_cancelled").filter_map(|(_, p)| p["person_id"].as_str()).collect();
        assert_eq!(told.len(), 2);
        assert!(told.contains(&a.id.as_str()) && told.contains(&b.id.as_str()));
        let late = app.post(&format!("{path}/enrolments"), &app.cadre(&unit, "丙").await.token, &json!({})).await;
        assert_eq!(late.problem_code(), "session_cancelled");
        // On the cadre's phone: the enrolment keeps its status and says the session is off,
        // and the learning record shows it as cancelled.
        let schedule = app.get("/api/v1/training/me/enrolments", &a.token).await.json();
        assert_eq!((schedule["items"][0]["status"].as_str(), schedule["items"][0]["session_status"].as_str()), (Some("enrolled"), Some("cancelled")), "{schedule}");
        let year = lt_programme::day_of(minutes(4000)).format("%Y").to_string();
        let record = app.get(&format!("/api/v1/training/me/record?period={year}"), &a.token).await.json();
        assert_eq!(record["items"][0]["status"], "session_cancelled", "{record}");
    }
}
