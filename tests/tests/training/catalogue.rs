//! The catalogue: organisers manage their provider's courses, cadres see what targets them,
//! updates need If-Match, capacity changes promote the waitlist.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use crate::support::{minutes, start};

on_both_backends! {
    async fn a_cadre_sees_the_courses_that_target_them_by_unit_rank_and_age(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let bureau = app.unit("区财政局", Some(&district)).await;
        let section = app.unit("预算科", Some(&bureau)).await;
        let elsewhere = app.unit("区教育局", Some(&district)).await;
        let leader = app.person_with(&section, "科长", "副处级", "2020-01-01", &["cadre"], None, 1976).await;
        let clerk = app.person_with(&section, "科员", "一级科员", "2020-01-01", &["cadre"], None, 1996).await;
        let outsider = app.person_with(&elsewhere, "他人", "副处级", "2020-01-01", &["cadre"], None, 1976).await;
        let open = app.course(&app.admin, json!({"title": "每月一讲：数字政府", "kind": "monthly_lecture"})).await;
        let targeted = app.course(&app.admin, json!({
            "title": "处级干部专题班", "kind": "classified_training",
            "targeting": {"org_unit_ids": [bureau], "rank_categories": ["county_and_above"], "min_age": 40, "max_age": 55}
        })).await;
        let titles = |token: String| {
            let app = &app;
            async move {
                app.get("/api/v1/training/me/courses", &token).await.json()["items"].as_array().expect("items")
                    .iter().filter_map(|c| c["id"].as_str().map(str::to_owned)).collect::<Vec<_>>()
            }
        };
        assert_eq!(titles(leader.token.clone()).await, [open.clone(), targeted.clone()], "a sub-unit's leader of the right age");
        assert_eq!(titles(clerk.token.clone()).await, vec![open.clone()], "the rank does not match");
        assert_eq!(titles(outsider.token.clone()).await, vec![open.clone()], "another unit");
        assert_eq!(app.get(&format!("/api/v1/training/courses/{targeted}"), &clerk.token).await.status, 404, "not for them: as if absent");
        let session = app.session(&app.admin, &targeted, minutes(3000), minutes(3100), 10, json!({})).await;
        let enrol = app.post(&format!("/api/v1/training/sessions/{session}/enrolments"), &outsider.token, &json!({})).await;
        assert_eq!(enrol.status, 404, "no self-enrolment in a course that does not target you");
        app.enrol(&session, &leader).await;
        let paged = app.get("/api/v1/training/me/courses?limit=1", &leader.token).await.json();
        assert_eq!(paged["items"].as_array().map(Vec::len), Some(1));
        let next = paged["next_cursor"].as_str().expect("a next page");
        let rest = app.get(&format!("/api/v1/training/me/courses?limit=1&cursor={next}"), &leader.token).await.json();
        assert_eq!(rest["items"][0]["id"], targeted.as_str());
        let unknown = app.post("/api/v1/training/courses", &app.admin, &json!({"title": "x", "kind": "weekend_class", "mechanism": "practice", "credit_hours": "1.00", "full_time": false, "targeting": {"org_unit_ids": ["no-such-unit"]}})).await;
        assert_eq!((unknown.status.as_u16(), unknown.problem_code().as_str()), (409, "unknown_reference"));
        assert_eq!(unknown.json()["errors"][0]["field"], "targeting.org_unit_ids[0]");
    }
}

on_both_backends! {
    async fn organisers_manage_their_providers_courses_with_etags(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区委党校", None).await;
        let school = app.organiser(&unit, "党校组织员", "party_school").await;
        let college = app.organiser(&unit, "学院组织员", "cadre_college").await;
        let cadre = app.cadre(&unit, "学员").await;
        let course = app.course(&school.token, json!({"title": "党性教育", "kind": "expert_lecture"})).await;
        let read = app.get(&format!("/api/v1/training/courses/{course}"), &school.token).await;
        assert_eq!(read.json()["provider"], "party_school", "an organiser's course is their provider's");
        assert_eq!(read.header("etag"), Some("\"1\""));
        let path = format!("/api/v1/training/courses/{course}");
        let other = app.update(Method::PATCH, &path, &path, &college.token, &json!({"title": "改"})).await;
        assert_eq!(other.status, 403, "another provider's organiser");
        let by_cadre = app.update(Method::PATCH, &path, &path, &cadre.token, &json!({"title": "改"})).await;
        assert_eq!(by_cadre.status, 403);
        let external = app.post("/api/v1/training/courses", &school.token, &json!({"title": "外部", "kind": "online_course", "mechanism": "deepening", "credit_hours": "1.00", "full_time": false, "provider": "external"})).await;
        assert_eq!(external.status, 403, "external courses are the programme office's");
        let missing = app.call(Method::PATCH, &path, &school.token, Some(&json!({"title": "改"}))).await;
        assert_eq!((missing.status.as_u16(), missing.problem_code().as_str()), (428, "precondition_required"));
        let changed = app.update(Method::PATCH, &path, &path, &school.token, &json!({"title": "党性教育（第二期）", "credit_hours": "4.50"})).await;
        assert_eq!(changed.status, 200, "{}", changed.text);
        assert_eq!((changed.json()["credit_hours"].as_str(), changed.header("etag")), (Some("4.50"), Some("\"2\"")));
        let stale = app.platform.gateway.send(app.platform.gateway.request(Method::PATCH, &path).header("Authorization", format!("Bearer {}", school.token)).header("If-Match", "\"1\"").json(&json!({"title": "覆盖"}))).await;
        assert_eq!(stale.status, 412);
        let listed = |token: String| {
            let app = &app;
            async move { app.get("/api/v1/training/courses", &token).await }
        };
        assert_eq!(listed(college.token.clone()).await.json()["items"].as_array().map(Vec::len), Some(0), "only their provider's");
        assert_eq!(listed(school.token.clone()).await.json()["items"].as_array().map(Vec::len), Some(1));
        assert_eq!(listed(cadre.token.clone()).await.status, 403, "cadres use /me/courses");
        assert_eq!(listed(app.admin.clone()).await.json()["items"].as_array().map(Vec::len), Some(1));
    }
}

on_both_backends! {
    async fn more_capacity_promotes_the_waitlist_and_less_than_taken_is_refused(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区住建局", None).await;
        let course = app.course(&app.admin, json!({})).await;
        let session = app.session(&app.admin, &course, minutes(3000), minutes(3100), 1, json!({})).await;
        let (a, b, c) = (app.cadre(&unit, "甲").await, app.cadre(&unit, "乙").await, app.cadre(&unit, "丙").await);
        for who in [&a, &b, &c] {
            app.enrol(&session, who).await;
        }
        let path = format!("/api/v1/training/sessions/{session}");
        let grown = app.update(Method::PATCH, &path, &path, &app.admin, &json!({"capacity": 2, "venue": "区行政中心报告厅"})).await;
        assert_eq!(grown.status, 200, "{}", grown.text);
        assert_eq!((grown.json()["seats_taken"].as_i64(), grown.json()["waitlisted"].as_i64()), (Some(2), Some(1)));
        let shrunk = app.update(Method::PATCH, &path, &path, &app.admin, &json!({"capacity": 1})).await;
        assert_eq!((shrunk.status.as_u16(), shrunk.problem_code().as_str()), (409, "capacity_below_enrolled"));
        let backwards = app.update(Method::PATCH, &path, &path, &app.admin, &json!({"ends_at": minutes(-10)})).await;
        assert_eq!(backwards.status, 422);
        let events: Vec<String> = app.platform.events("training").await.into_iter().map(|(kind, _)| kind).collect();
        assert!(events.contains(&"training.enrolment.promoted".to_owned()) && events.contains(&"training.session.updated".to_owned()));
    }
}

on_both_backends! {
    async fn a_session_that_took_place_is_recorded_after_the_fact_without_self_enrolment(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区水务局", None).await;
        let cadre = app.cadre(&unit, "参会者").await;
        let course = app.course(&app.admin, json!({"kind": "office_meeting_study"})).await;
        // This morning's office meeting, entered in the afternoon: no window given.
        let made = app.post(&format!("/api/v1/training/courses/{course}/sessions"), &app.admin, &json!({
            "starts_at": minutes(-180), "ends_at": minutes(-120), "venue": "局三楼会议室", "capacity": 20
        })).await;
        assert_eq!(made.status, 201, "{}", made.text);
        let session = made.json()["id"].as_str().expect("id").to_owned();
        assert_eq!(made.json()["enrolment_opens_at"], made.json()["enrolment_closes_at"], "an empty window: {}", made.text);
        let by_self = app.post(&format!("/api/v1/training/sessions/{session}/enrolments"), &cadre.token, &json!({})).await;
        assert_eq!((by_self.status.as_u16(), by_self.problem_code().as_str()), (409, "enrolment_closed"));
        let assigned = app.post(&format!("/api/v1/training/sessions/{session}/assignments"), &app.admin, &json!({"person_ids": [cadre.id]})).await;
        assert_eq!(assigned.status, 201, "{}", assigned.text);
        // Other changes keep the empty window; an explicit empty one is refused.
        let path = format!("/api/v1/training/sessions/{session}");
        let renamed = app.update(Method::PATCH, &path, &path, &app.admin, &json!({"venue": "局四楼会议室"})).await;
        assert_eq!(renamed.status, 200, "{}", renamed.text);
        let at = minutes(-300);
        let empty = app.post(&format!("/api/v1/training/courses/{course}/sessions"), &app.admin, &json!({
            "starts_at": minutes(-180), "ends_at": minutes(-120), "venue": "局三楼会议室", "capacity": 20,
            "enrolment_opens_at": at, "enrolment_closes_at": at
        })).await;
        assert_eq!((empty.status.as_u16(), empty.json()["errors"][0]["field"].as_str()), (422, Some("enrolment_closes_at")));
    }
}
