//! Attendance and hours: the check-in window and rotating codes, completion crediting hours
//! under the policy version in force (a new version never rewrites earlier credits), the
//! public certificate, feedback once after attending, the 1/7 leave rule, yearly caps with
//! carry-over.

use diesel::RunQueryDsl;
use lt_test_support::on_both_backends;
use serde_json::{Value, json};

use crate::support::{Someone, Training, minutes, start};

/// A session of `course` from `from` to `to` minutes from now, enrolment open now, with
/// `cadre` enrolled by the admin (who may enrol anyone until the session ends).
async fn session_with(
    app: &Training,
    course: &str,
    from: i64,
    to: i64,
    cadre: &Someone,
) -> (String, String) {
    let ends = minutes(to);
    let session = app
        .session(
            &app.admin,
            course,
            minutes(from),
            ends,
            20,
            json!({"enrolment_opens_at": minutes(-600), "enrolment_closes_at": ends}),
        )
        .await;
    let enrolled = app
        .post(
            &format!("/api/v1/training/sessions/{session}/enrolments"),
            &app.admin,
            &json!({"person_id": cadre.id}),
        )
        .await;
    assert_eq!(enrolled.status, 201, "{}", enrolled.text);
    assert_eq!(enrolled.json()["source"], "organiser");
    (
        session,
        enrolled.json()["id"].as_str().expect("id").to_owned(),
    )
}

async fn code_for(app: &Training, session: &str) -> String {
    let issued = app
        .post(
            &format!("/api/v1/training/sessions/{session}/check-in-codes"),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    assert!(issued.json()["expires_at"].is_string());
    let code = issued.json()["code"].as_str().expect("code").to_owned();
    let shown = app
        .get(issued.header("location").expect("Location"), &app.admin)
        .await;
    assert_eq!(
        (shown.status.as_u16(), shown.json()["code"].as_str()),
        (200, Some(code.as_str())),
        "the display reads the code back from its Location: {}",
        shown.text
    );
    code
}

on_both_backends! {
    async fn check_in_is_on_time_before_the_start_late_after_and_refused_outside_the_window(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区教育局", None).await;
        let cadre = app.cadre(&unit, "签到者").await;
        let outsider = app.cadre(&unit, "旁观者").await;
        let course = app.course(&app.admin, json!({})).await;
        let check_in = |code: &str, who: &Someone, session: Option<&str>| {
            let body = match session { Some(s) => json!({"code": code, "session_id": s}), None => json!({"code": code}) };
            let token = who.token.clone();
            let app = &app;
            async move { app.post("/api/v1/training/check-ins", &token, &body).await }
        };
        // Starts in 10 minutes: check-in is open (from 30 minutes before) and on time.
        let (soon, _) = session_with(&app, &course, 10, 130, &cadre).await;
        let code = code_for(&app, &soon).await;
        let on_time = check_in(&code.to_lowercase(), &cadre, Some(&soon)).await;
        assert_eq!(on_time.status, 200, "{}", on_time.text);
        assert_eq!(on_time.json()["status"], "on_time");
        let again = check_in(&code, &cadre, None).await;
        assert_eq!((again.status.as_u16(), again.json()["checked_in_at"].clone()), (200, on_time.json()["checked_in_at"].clone()), "a second scan answers the first check-in");
        let stranger = check_in(&code, &outsider, None).await;
        assert_eq!((stranger.status.as_u16(), stranger.problem_code().as_str()), (409, "not_enrolled"));
        // Started 5 minutes ago: late.
        let (started, _) = session_with(&app, &course, -5, 115, &cadre).await;
        let late = check_in(&code_for(&app, &started).await, &cadre, Some(&started)).await;
        assert_eq!(late.json()["status"], "late", "{}", late.text);
        // Another session's code, named: refused, nothing recorded.
        let wrong = check_in(&code, &cadre, Some(&started)).await;
        assert_eq!((wrong.status.as_u16(), wrong.problem_code().as_str()), (422, "check_in_code_other_session"));
        assert_eq!(wrong.json()["errors"][0]["field"], "code");
        // Started 40 minutes ago: closed. Starts in two hours: not open yet.
        let (over, _) = session_with(&app, &course, -40, 80, &cadre).await;
        let closed = check_in(&code_for(&app, &over).await, &cadre, None).await;
        assert_eq!((closed.status.as_u16(), closed.problem_code().as_str()), (409, "check_in_closed"));
        let (later, later_enrolment) = session_with(&app, &course, 120, 240, &cadre).await;
        let early = check_in(&code_for(&app, &later).await, &cadre, None).await;
        assert_eq!(early.problem_code(), "check_in_closed");
        let untouched = app.get(&format!("/api/v1/training/enrolments/{later_enrolment}"), &cadre.token).await.json();
        assert_eq!(untouched["attendance"], Value::Null, "nothing written by a refused check-in");
        // Unknown and expired codes.
        let unknown = check_in("ZZZZZZ", &cadre, None).await;
        assert_eq!((unknown.status.as_u16(), unknown.problem_code().as_str()), (422, "check_in_code_unknown"));
        let (expiring, _) = session_with(&app, &course, 5, 65, &cadre).await;
        let stale = code_for(&app, &expiring).await;
        // A minute has passed: the display has shown a new code since.
        let store = app.platform.store_of("training");
        let moved = stale.clone();
        store.write(move |tx| -> Result<(), lt_store::StoreError> {
            diesel::sql_query(format!("UPDATE check_in_codes SET expires_at = issued_at - INTERVAL '1 second' WHERE code = '{moved}'"))
                .execute(tx.conn()).or_else(|_| diesel::sql_query(format!("UPDATE check_in_codes SET expires_at = datetime(issued_at, '-1 second') WHERE code = '{moved}'")).execute(tx.conn()))?;
            Ok(())
        }).await.expect("expire the code");
        let expired = check_in(&stale, &cadre, None).await;
        assert_eq!((expired.status.as_u16(), expired.problem_code().as_str()), (422, "check_in_code_expired"));
        assert_eq!(expired.json()["errors"][0]["field"], "code");
    }
}

on_both_backends! {
    async fn completion_credits_hours_under_the_version_in_force_and_never_rewrites_them(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区审计局", None).await;
        let cadre = app.cadre(&unit, "结业者").await;
        let course = app.course(&app.admin, json!({"kind": "weekend_class", "credit_hours": "3.00", "key_project": "systems_thinking"})).await;
        // Started 20 minutes ago (check-in still open, late), ended a minute ago.
        let (first, first_enrolment) = session_with(&app, &course, -20, -1, &cadre).await;
        let not_yet = app.post(&format!("/api/v1/training/sessions/{first}/completions"), &app.admin, &json!({})).await;
        assert_eq!(not_yet.json()["not_completed"][0]["reason"], "no_attendance", "{}", not_yet.text);
        let (running, _) = session_with(&app, &course, -5, 175, &cadre).await;
        let too_soon = app.post(&format!("/api/v1/training/sessions/{running}/completions"), &app.admin, &json!({})).await;
        assert_eq!((too_soon.status.as_u16(), too_soon.problem_code().as_str()), (409, "session_not_finished"), "completed only once the session has ended");
        let checked = app.post("/api/v1/training/check-ins", &cadre.token, &json!({"code": code_for(&app, &first).await})).await;
        assert_eq!(checked.status, 200);
        let done = app.post(&format!("/api/v1/training/sessions/{first}/completions"), &app.admin, &json!({})).await;
        assert_eq!(done.status, 200, "{}", done.text);
        let completed = &done.json()["completed"][0];
        assert_eq!((completed["status"].as_str(), completed["hours_credited"].as_str()), (Some("completed"), Some("3.00")));
        let certificate = completed["certificate_code"].as_str().expect("certificate").to_owned();

        // The programme office publishes conversion v2 from the day the next session starts
        // (Asia/Shanghai): weekend classes earn 2.
        let mut policy = app.get("/api/v1/training/policies/hour-conversion", &app.admin).await.json()[0]["policy"].clone();
        for rule in policy["rules"].as_array_mut().expect("rules") {
            if rule["activity"] == "weekend_class" {
                *rule = json!({"activity": "weekend_class", "method": "fixed", "hours": "2.00"});
            }
        }
        let day = lt_programme::day_of(minutes(-20)).to_string();
        let v2 = app.post("/api/v1/training/policies/hour-conversion", &app.admin, &json!({"effective_from": day, "policy": policy})).await;
        assert_eq!(v2.status, 201, "{}", v2.text);
        assert_eq!(v2.json()["version"], 2);
        assert!(v2.header("location").is_some_and(|l| l.ends_with("/policies/hour-conversion/2")));
        let (second, _) = session_with(&app, &course, -20, -1, &cadre).await;
        app.post("/api/v1/training/check-ins", &cadre.token, &json!({"code": code_for(&app, &second).await})).await;
        let done = app.post(&format!("/api/v1/training/sessions/{second}/completions"), &app.admin, &json!({})).await;
        assert_eq!(done.json()["completed"][0]["hours_credited"], "2.00", "{}", done.text);

        let credits = app.get("/api/v1/training/hour-credits/changes", &app.admin).await.json();
        let versions: Vec<(String, i64)> = credits["items"].as_array().expect("items").iter()
            .map(|c| (c["hours"].as_str().unwrap_or_default().to_owned(), c["policy_version"].as_i64().unwrap_or_default()))
            .collect();
        assert_eq!(versions, [("3.00".to_owned(), 1), ("2.00".to_owned(), 2)], "the first credit keeps version 1");
        let first_now = app.get(&format!("/api/v1/training/enrolments/{first_enrolment}"), &cadre.token).await.json();
        assert_eq!(first_now["hours_credited"], "3.00");

        // Anyone can verify the certificate, without a token.
        let verified = app.platform.gateway.get(&format!("/api/v1/training/certificates/{certificate}")).await;
        assert_eq!(verified.status, 200, "{}", verified.text);
        let body = verified.json();
        assert_eq!((body["person_name"].as_str(), body["hours"].as_str()), (Some("结业者"), Some("3.00")));
        assert_eq!(body["course_title"], "学习贯彻党的二十大精神");
        assert_eq!(app.platform.gateway.get("/api/v1/training/certificates/NOPE").await.status, 404);

        // The record shows both, with the key project, totalled.
        let record = app.get("/api/v1/training/me/record", &cadre.token).await.json();
        assert_eq!(record["total_hours"], "5.00", "{record}");
        assert_eq!(record["items"][0]["key_project"], "systems_thinking");
        assert_eq!(record["items"][0]["mechanism"], "team_learning");
        assert!(record["items"][0]["path"].as_str().is_some_and(|p| p.starts_with("/api/v1/training/enrolments/")));
    }
}

on_both_backends! {
    async fn feedback_is_once_per_session_and_only_after_attending(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区科协", None).await;
        let (attended, absent) = (app.cadre(&unit, "到场").await, app.cadre(&unit, "缺席").await);
        let course = app.course(&app.admin, json!({})).await;
        let (session, _) = session_with(&app, &course, -5, 100, &attended).await;
        app.post(&format!("/api/v1/training/sessions/{session}/enrolments"), &app.admin, &json!({"person_id": absent.id})).await;
        app.post("/api/v1/training/check-ins", &attended.token, &json!({"code": code_for(&app, &session).await})).await;
        let path = format!("/api/v1/training/sessions/{session}/feedback");
        let too_high = app.post(&path, &attended.token, &json!({"rating": 6})).await;
        assert_eq!((too_high.status.as_u16(), too_high.json()["errors"][0]["field"].as_str()), (422, Some("rating")));
        let given = app.post(&path, &attended.token, &json!({"rating": 5, "comment": "案例生动"})).await;
        assert_eq!(given.status, 201, "{}", given.text);
        let mine = app.get(given.header("location").expect("Location"), &attended.token).await;
        assert_eq!((mine.status.as_u16(), mine.json()["rating"].as_i64()), (200, Some(5)), "{}", mine.text);
        assert_eq!(app.get(&format!("{path}/mine"), &absent.token).await.status, 404, "no feedback of theirs");
        let twice = app.post(&path, &attended.token, &json!({"rating": 1})).await;
        assert_eq!((twice.status.as_u16(), twice.problem_code().as_str()), (409, "feedback_given"));
        let not_there = app.post(&path, &absent.token, &json!({"rating": 1})).await;
        assert_eq!(not_there.problem_code(), "not_attended");
        let summary = app.get(&path, &app.admin).await.json();
        assert_eq!((summary["responses"].as_i64(), summary["average_rating"].as_str()), (Some(1), Some("5.00")));
        assert_eq!(summary["session_id"], session.as_str());
        assert!(summary["items"][0].get("person_id").is_none(), "organisers read feedback without names");
        assert_eq!(app.get(&path, &attended.token).await.status, 403, "a cadre reads no one's feedback");
    }
}

on_both_backends! {
    async fn leave_above_a_seventh_of_full_time_training_withdraws_the_cadre(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区委党校", None).await;
        let cadre = app.cadre(&unit, "请假者").await;
        let waiting = app.cadre(&unit, "候补者").await;
        let course = app.course(&app.admin, json!({"kind": "classified_training", "credit_hours": "35.00", "full_time": true})).await;
        let session = app.session(&app.admin, &course, minutes(600), minutes(600 + 5 * 24 * 60), 1, json!({})).await;
        let enrolment = app.enrol(&session, &cadre).await["id"].as_str().expect("id").to_owned();
        app.enrol(&session, &waiting).await;
        let leave = |hours: &str| {
            let path = format!("/api/v1/training/enrolments/{enrolment}/leaves");
            let body = json!({"hours": hours, "reason": "公务外出"});
            let app = &app;
            async move { app.post(&path, &app.admin, &body).await }
        };
        let within = leave("5.00").await;
        assert_eq!(within.status, 201, "{}", within.text);
        let recorded = &within.json()["enrolment"];
        assert_eq!((recorded["status"].as_str(), recorded["leave_hours"].as_str()), (Some("enrolled"), Some("5.00")), "exactly 1/7 is allowed");
        let location = within.header("location").expect("Location");
        let read = app.get(location, &cadre.token).await;
        assert_eq!(read.status, 200, "the cadre reads their leave: {}", read.text);
        assert_eq!((read.json()["hours"].as_str(), read.json()["reason"].as_str()), (Some("5.00"), Some("公务外出")));
        assert_eq!(app.get(location, &waiting.token).await.status, 404, "another cadre's leave is not theirs to see");
        let over = leave("0.50").await;
        assert_eq!(over.status, 201, "{}", over.text);
        let recorded = &over.json()["enrolment"];
        assert_eq!((recorded["status"].as_str(), recorded["withdrawal_reason"].as_str()), (Some("withdrawn"), Some("leave_limit_exceeded")));
        let session_now = app.get(&format!("/api/v1/training/sessions/{session}"), &app.admin).await.json();
        assert_eq!((session_now["enrolled"].as_i64(), session_now["waitlisted"].as_i64()), (Some(1), Some(0)), "the waitlisted cadre got the seat");
        let refused = leave("1.00").await;
        assert_eq!(refused.problem_code(), "enrolment_not_active");
        let negative = leave("-1.00").await;
        assert_eq!((negative.status.as_u16(), negative.json()["errors"][0]["field"].as_str()), (422, Some("hours")));
    }
}

on_both_backends! {
    async fn self_study_is_capped_per_year_and_the_excess_carried_over(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区文旅局", None).await;
        let cadre = app.cadre(&unit, "自学者").await;
        let this_year = chrono::Datelike::year(&lt_programme::today());
        let last_year = this_year - 1;
        let path = "/api/v1/training/self-study-certificates";
        // Default policy: 10 per certificate, 20 a year, the excess carried to the next year.
        let mut carried = Vec::new();
        let mut ids = Vec::new();
        for title in ["经济师", "统计师", "审计师"] {
            let made = app.post(path, &cadre.token, &json!({"title": title, "issuer": "人社部", "awarded_on": format!("{last_year}-03-01")})).await;
            assert_eq!(made.status, 201, "{}", made.text);
            carried.push((made.json()["hours_credited"].as_str().unwrap_or_default().to_owned(), made.json()["carried_over"].as_str().unwrap_or_default().to_owned()));
            ids.push(made.json()["id"].as_str().unwrap_or_default().to_owned());
        }
        assert_eq!(carried, [("10.00".into(), "0.00".into()), ("10.00".into(), "0.00".into()), ("10.00".into(), "10.00".into())]);
        // The same certificate again is not credited twice.
        let again = app.post(path, &cadre.token, &json!({"title": "审计师", "issuer": "人社部", "awarded_on": format!("{last_year}-03-01")})).await;
        assert_eq!((again.status.as_u16(), again.problem_code().as_str()), (409, "certificate_recorded"));
        // Not in the future, not from a year whose hours are settled.
        let future = app.post(path, &cadre.token, &json!({"title": "x", "issuer": "y", "awarded_on": "2099-01-01"})).await;
        assert_eq!((future.status.as_u16(), future.json()["errors"][0]["field"].as_str()), (422, Some("awarded_on")));
        let settled = app.post(path, &cadre.token, &json!({"title": "x", "issuer": "y", "awarded_on": format!("{}-12-31", last_year - 1)})).await;
        assert_eq!((settled.status.as_u16(), settled.json()["errors"][0]["field"].as_str()), (422, Some("awarded_on")));
        let now = app.get(&format!("/api/v1/training/me/requirements?year={this_year}"), &cadre.token).await.json();
        assert_eq!(now["earned"], "10.00", "the carried-over hours count in the next year: {now}");
        let listed = app.get("/api/v1/training/me/self-study-certificates", &cadre.token).await.json();
        assert_eq!(listed["items"].as_array().map(Vec::len), Some(3));
        // The cadre's coordinator reads a certificate listed in the cadre's record; another
        // unit's does not.
        let coordinator = app.coordinator(&unit, "文旅协调员").await;
        let elsewhere = app.coordinator(&app.unit("区民政局", None).await, "民政协调员").await;
        assert_eq!(app.get(&format!("{path}/{}", ids[0]), &coordinator.token).await.status, 200);
        assert_eq!(app.get(&format!("{path}/{}", ids[0]), &elsewhere.token).await.status, 404);
    }
}
