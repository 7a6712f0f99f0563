//! Who may do what: a cadre sees only their own records; a coordinator their subtree; an
//! organiser their provider's courses; a reporting account reads reports and nothing else;
//! no token, nothing (but the public certificate check).

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use crate::support::{minutes, start};

on_both_backends! {
    async fn cadres_coordinators_organisers_and_reporting_accounts_see_only_their_part(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let bureau = app.unit("区民政局", Some(&district)).await;
        let section = app.unit("社会救助科", Some(&bureau)).await;
        let other = app.unit("区司法局", Some(&district)).await;
        let (me, neighbour) = (app.cadre(&section, "本人").await, app.cadre(&section, "同事").await);
        let stranger = app.cadre(&other, "外单位").await;
        let coordinator = app.coordinator(&bureau, "民政协调员").await;
        let other_coordinator = app.coordinator(&other, "司法协调员").await;
        let organiser = app.organiser(&other, "培训中心组织员", "training_centre").await;
        let reports = app.service("reports", &["reports:read"]).await;
        let directory_reader = app.service("reader", &["directory:read"]).await;

        let course = app.course(&app.admin, json!({"provider": "party_school"})).await;
        let session = app.session(&app.admin, &course, minutes(3000), minutes(3100), 5, json!({})).await;
        let mine = app.enrol(&session, &me).await["id"].as_str().expect("id").to_owned();
        let enrolment = format!("/api/v1/training/enrolments/{mine}");

        // A cadre: their own records only, and they enrol no one else.
        assert_eq!(app.get(&enrolment, &me.token).await.status, 200);
        assert_eq!(app.get(&enrolment, &neighbour.token).await.status, 404, "another cadre's enrolment looks absent");
        for path in [format!("/api/v1/training/people/{}/requirements", me.id), format!("/api/v1/training/people/{}/record", me.id)] {
            assert_eq!(app.get(&path, &neighbour.token).await.status, 404, "{path}");
            assert_eq!(app.get(&path, &me.token).await.status, 200, "{path}");
        }
        let for_other = app.post(&format!("/api/v1/training/sessions/{session}/enrolments"), &neighbour.token, &json!({"person_id": stranger.id})).await;
        assert_eq!(for_other.status, 403, "a cadre enrols no one else: {}", for_other.text);
        let withdraw_other = app.post(&format!("{enrolment}/withdrawal"), &neighbour.token, &json!({})).await;
        assert_eq!(withdraw_other.status, 404);
        assert_eq!(app.get(&format!("/api/v1/training/sessions/{session}/enrolments"), &me.token).await.status, 403, "the list is the organisers'");

        // A coordinator: their unit's subtree, nothing else.
        assert_eq!(app.get(&enrolment, &coordinator.token).await.status, 200, "a section below their unit");
        assert_eq!(app.get(&enrolment, &other_coordinator.token).await.status, 404);
        assert_eq!(app.get(&format!("/api/v1/training/people/{}/requirements", me.id), &coordinator.token).await.status, 200);
        assert_eq!(app.get(&format!("/api/v1/training/people/{}/requirements", stranger.id), &coordinator.token).await.status, 404);
        assert_eq!(app.get(&format!("/api/v1/training/requirements/behind?org_unit_id={other}"), &coordinator.token).await.status, 404);
        assert_eq!(app.get("/api/v1/training/requirements/behind", &me.token).await.status, 403);

        // An organiser of another provider: not this course's sessions.
        let code = app.post(&format!("/api/v1/training/sessions/{session}/check-in-codes"), &organiser.token, &json!({})).await;
        assert_eq!(code.status, 403, "{}", code.text);
        assert_eq!(app.get(&format!("/api/v1/training/sessions/{session}/enrolments"), &organiser.token).await.status, 403);

        // A reporting account: reports and extracts, nothing else.
        assert_eq!(app.get("/api/v1/training/reports/hours", &reports).await.status, 200);
        assert_eq!(app.get("/api/v1/training/enrolments/changes", &reports).await.status, 200);
        for (method, path) in [
            (Method::GET, "/api/v1/training/courses".to_owned()),
            (Method::GET, "/api/v1/training/me/requirements".to_owned()),
            (Method::GET, "/api/v1/training/me/record".to_owned()),
            (Method::GET, enrolment.clone()),
            (Method::GET, format!("/api/v1/training/people/{}/requirements", me.id)),
            (Method::POST, format!("/api/v1/training/sessions/{session}/enrolments")),
            (Method::GET, format!("/api/v1/training/sessions/{session}/feedback")),
            (Method::POST, format!("/api/v1/training/sessions/{session}/check-in-codes")),
            (Method::GET, "/api/v1/training/policies/requirements".to_owned()),
            (Method::GET, "/api/v1/training/policies/hour-conversion".to_owned()),
            (Method::GET, "/api/v1/training/degree-applications".to_owned()),
            (Method::GET, "/api/v1/training/reimbursement-claims".to_owned()),
            (Method::GET, "/api/v1/training/requirements/behind".to_owned()),
        ] {
            let answer = app.call(method.clone(), &path, &reports, Some(&json!({}))).await;
            assert!(matches!(answer.status.as_u16(), 403 | 404), "{method} {path}: {}", answer.status);
        }
        // A person whose token carries reports:read reads reports of every unit, like a
        // reporting account.
        let analyst = app.scoped_person(&other, "统计分析员", "一级科员", "2020-01-01", &["cadre"], None, 1990, "reports:read").await;
        let as_analyst = app.get("/api/v1/training/reports/compliance", &analyst.token).await;
        assert_eq!(as_analyst.status, 200, "{}", as_analyst.text);
        let counted: i64 = as_analyst.json()["rows"].as_array().expect("rows").iter().filter_map(|r| r["people"].as_i64()).sum();
        assert!(counted >= 6, "every unit's cadres, not one unit's: {}", as_analyst.text);
        assert_eq!(as_analyst.json(), app.get("/api/v1/training/reports/compliance", &reports).await.json());
        // Other scopes: no reports.
        let refused = app.get("/api/v1/training/reports/hours", &directory_reader).await;
        assert_eq!(refused.status, 403);
        assert!(refused.header("www-authenticate").is_some_and(|h| h.contains("reports:read")));
        assert_eq!(app.get("/api/v1/training/reports/hours", &me.token).await.status, 403, "a cadre reads no reports");
        assert_eq!(app.get("/api/v1/training/enrolments/changes", &coordinator.token).await.status, 403, "extracts are for admins and reporting accounts");

        // No token: 401 with a challenge, but the certificate check is public.
        let anonymous = app.platform.gateway.get("/api/v1/training/me/courses").await;
        assert_eq!(anonymous.status, 401);
        assert!(anonymous.header("www-authenticate").is_some_and(|h| h.starts_with("Bearer")));
        assert_eq!(app.platform.gateway.get("/api/v1/training/certificates/UNKNOWN").await.status, 404);
    }
}

on_both_backends! {
    async fn a_deactivated_persons_token_is_refused_once_the_directory_copy_knows(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let leaver = app.cadre(&district, "离职人员").await;
        let mine = "/api/v1/training/me/enrolments";
        assert_eq!(app.get(mine, &leaver.token).await.status, 200);
        let path = format!("/api/v1/identity/people/{}", leaver.id);
        let off = app.update(Method::PATCH, &path, &path, &app.admin, &json!({"active": false})).await;
        assert_eq!(off.status, 200, "{}", off.text);
        // The token has not expired; the directory copy refreshes every second here
        // (`DIRECTORY_REFRESH_SECONDS`, 30 by default): within that bound it stops working.
        let mut answer = app.get(mine, &leaver.token).await;
        for _ in 0..200 {
            if answer.status != 200 {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
            answer = app.get(mine, &leaver.token).await;
        }
        assert_eq!((answer.status.as_u16(), answer.problem_code().as_str()), (401, "unauthorized"), "{}", answer.text);
    }
}

on_both_backends! {
    async fn another_cadres_enrolment_answers_attendance_and_leave_writes_as_an_unknown_id_does(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区民政局", None).await;
        let (me, neighbour) = (app.cadre(&unit, "本人").await, app.cadre(&unit, "同事").await);
        let course = app.course(&app.admin, json!({"provider": "party_school"})).await;
        let session = app.session(&app.admin, &course, minutes(3000), minutes(3100), 5, json!({})).await;
        let mine = app.enrol(&session, &me).await["id"].as_str().expect("id").to_owned();
        for id in [mine.as_str(), "NO-SUCH-ENROLMENT"] {
            let path = format!("/api/v1/training/enrolments/{id}");
            let marked = app.update(Method::PUT, &format!("{path}/attendance"), &path, &neighbour.token, &json!({"attendance": "on_time"})).await;
            assert_eq!((marked.status.as_u16(), marked.problem_code().as_str()), (404, "not_found"), "{id}: {}", marked.text);
            let leave = app.post(&format!("{path}/leaves"), &neighbour.token, &json!({"hours": "1.00", "reason": "公务外出"})).await;
            assert_eq!((leave.status.as_u16(), leave.problem_code().as_str()), (404, "not_found"), "{id}: {}", leave.text);
        }
        let own = app.post(&format!("/api/v1/training/enrolments/{mine}/leaves"), &me.token, &json!({"hours": "1.00", "reason": "公务外出"})).await;
        assert_eq!(own.status, 403, "the cadre sees their own enrolment but does not grant their own leave: {}", own.text);
    }
}

on_both_backends! {
    async fn a_role_taken_away_stops_working_once_the_directory_copy_knows(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区委党校", None).await;
        // An organiser with an account, signed in through the gateway as the app does.
        let made = app.post("/api/v1/identity/people", &app.admin, &json!({"employee_no": "ZL-ROLE-1", "name": "组织员", "org_unit_id": unit, "rank": "一级主任科员", "provider": "party_school"})).await;
        assert_eq!(made.status, 201, "{}", made.text);
        let person = made.json()["id"].as_str().expect("id").to_owned();
        let account = app.post(&format!("/api/v1/identity/people/{person}/account"), &app.admin, &json!({"username": "role-organiser", "password": "initial-password-1", "roles": ["organiser", "cadre"]})).await;
        assert_eq!(account.status, 201, "{}", account.text);
        let changed = app.platform.gateway.post_json("/api/v1/auth/password", &json!({"username": "role-organiser", "current_password": "initial-password-1", "new_password": "role-organiser-chosen-1"})).await;
        assert_eq!(changed.status, 204, "{}", changed.text);
        let token = app.platform.login("role-organiser", "role-organiser-chosen-1").await;
        let course = json!({"title": "周末课堂", "kind": "weekend_class", "mechanism": "team_learning", "credit_hours": "3.00", "full_time": false, "provider": "party_school"});
        let first = app.post("/api/v1/training/courses", &token, &course).await;
        assert_eq!(first.status, 201, "an organiser makes courses: {}", first.text);

        let taken = app.call(Method::PUT, &format!("/api/v1/identity/people/{person}/roles"), &app.admin, Some(&json!({"roles": ["cadre"], "reason": "调岗"}))).await;
        assert_eq!(taken.status, 200, "{}", taken.text);
        // The token still says organiser and has not expired; the directory copy refreshes
        // every second here (`DIRECTORY_REFRESH_SECONDS`, 30 by default).
        let mut answer = app.post("/api/v1/training/courses", &token, &course).await;
        for _ in 0..200 {
            if answer.status != 201 {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
            answer = app.post("/api/v1/training/courses", &token, &course).await;
        }
        assert_eq!(answer.status, 403, "the organiser role no longer counts: {}", answer.text);
        assert_eq!(app.get("/api/v1/training/me/enrolments", &token).await.status, 200, "still a cadre");
    }
}
