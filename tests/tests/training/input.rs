//! Bad input answers 4xx problem+json with the field at fault, and writes nothing.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{minutes, start};

on_both_backends! {
    async fn bad_courses_and_sessions_are_refused_field_by_field_and_nothing_is_written(db: TestDb) {
        let app = start(db).await;
        let good = json!({"title": "周末课堂", "kind": "weekend_class", "mechanism": "team_learning", "credit_hours": "6.00", "full_time": false});
        let with = |key: &str, value: Value| {
            let mut body = good.clone();
            body[key] = value;
            body
        };
        for (body, field, code) in [
            (with("credit_hours", json!("-1.00")), "credit_hours", "validation_failed"),
            (with("credit_hours", json!("1.234")), "credit_hours", "invalid_body"),
            (with("credit_hours", json!(6)), "credit_hours", "invalid_body"),
            (with("kind", json!("karaoke")), "kind", "invalid_body"),
            (with("mechanism", json!("reading")), "mechanism", "invalid_body"),
            (with("title", json!(" \u{3000} ")), "title", "validation_failed"),
            (with("targeting", json!({"min_age": 50, "max_age": 40})), "targeting.max_age", "validation_failed"),
            (with("speakers", json!(["", "王教授"])), "speakers[0]", "validation_failed"),
        ] {
            let refused = app.post("/api/v1/training/courses", &app.admin, &body).await;
            assert_eq!(refused.status, 422, "{field}: {}", refused.text);
            assert_eq!(refused.problem_code(), code, "{field}");
            assert_eq!(refused.json()["errors"][0]["field"], field, "{}", refused.text);
        }
        let unknown = app.post("/api/v1/training/courses", &app.admin, &with("colour", json!("red"))).await;
        assert_eq!(unknown.problem_code(), "unknown_field");
        assert_eq!(app.get("/api/v1/training/courses", &app.admin).await.json()["items"], json!([]), "nothing written");

        let course = app.course(&app.admin, json!({})).await;
        let sessions = format!("/api/v1/training/courses/{course}/sessions");
        let (starts, ends) = (minutes(600), minutes(700));
        for (body, field) in [
            (json!({"starts_at": ends, "ends_at": starts, "venue": "A", "capacity": 10}), "ends_at"),
            (json!({"starts_at": starts, "ends_at": ends, "venue": "A", "capacity": 0}), "capacity"),
            (json!({"starts_at": starts, "ends_at": ends, "venue": "A", "capacity": -5}), "capacity"),
            (json!({"starts_at": starts, "ends_at": ends, "venue": "", "capacity": 5}), "venue"),
            (json!({"starts_at": starts, "ends_at": ends, "venue": "A", "capacity": 5, "enrolment_opens_at": ends, "enrolment_closes_at": starts}), "enrolment_closes_at"),
            (json!({"starts_at": "tomorrow", "ends_at": ends, "venue": "A", "capacity": 5}), "starts_at"),
        ] {
            let refused = app.post(&sessions, &app.admin, &body).await;
            assert!(matches!(refused.status.as_u16(), 422), "{field}: {}", refused.text);
            assert_eq!(refused.json()["errors"][0]["field"], field, "{}", refused.text);
        }
        assert_eq!(app.get(&sessions, &app.admin).await.json()["items"], json!([]), "no session written");
    }
}

on_both_backends! {
    async fn every_json_endpoint_answers_malformed_wrong_and_oversized_bodies_with_4xx(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区统计局", None).await;
        let cadre = app.cadre(&unit, "学员").await;
        let course = app.course(&app.admin, json!({})).await;
        let session = app.session(&app.admin, &course, minutes(3000), minutes(3100), 5, json!({})).await;
        let enrolment = app.enrol(&session, &cadre).await["id"].as_str().expect("id").to_owned();
        let endpoints = [
            (Method::POST, "/api/v1/training/courses".to_owned()),
            (Method::PATCH, format!("/api/v1/training/courses/{course}")),
            (Method::POST, format!("/api/v1/training/courses/{course}/sessions")),
            (Method::PATCH, format!("/api/v1/training/sessions/{session}")),
            (Method::POST, format!("/api/v1/training/sessions/{session}/cancellation")),
            (Method::POST, format!("/api/v1/training/sessions/{session}/enrolments")),
            (Method::POST, format!("/api/v1/training/sessions/{session}/assignments")),
            (Method::POST, format!("/api/v1/training/enrolments/{enrolment}/withdrawal")),
            (Method::PUT, format!("/api/v1/training/enrolments/{enrolment}/attendance")),
            (Method::POST, format!("/api/v1/training/enrolments/{enrolment}/leaves")),
            (Method::PUT, format!("/api/v1/training/enrolments/{enrolment}/assessment")),
            (Method::POST, "/api/v1/training/check-ins".to_owned()),
            (Method::POST, format!("/api/v1/training/sessions/{session}/feedback")),
            (Method::POST, "/api/v1/training/policies/requirements".to_owned()),
            (Method::POST, "/api/v1/training/policies/hour-conversion".to_owned()),
            (Method::POST, "/api/v1/training/degree-applications".to_owned()),
            (Method::POST, "/api/v1/training/self-study-certificates".to_owned()),
        ];
        let huge = format!("{{\"title\": \"{}\"}}", "x".repeat(400 * 1024));
        let bodies: [(&str, &str, String, u16); 4] = [
            ("malformed", "application/json", "{,".into(), 400),
            ("wrong shape", "application/json", "[1, 2]".into(), 422),
            ("not JSON", "text/plain", "x=1".into(), 415),
            ("oversized", "application/json", huge, 413),
        ];
        for (method, path) in &endpoints {
            for (case, content_type, body, status) in &bodies {
                let request = app.platform.gateway.request(method.clone(), path)
                    .header("Authorization", format!("Bearer {}", app.admin))
                    .header("content-type", *content_type)
                    .header("If-Match", "\"1\"")
                    .body(body.clone());
                let answer = app.platform.gateway.send(request).await;
                assert_eq!(answer.status.as_u16(), *status, "{method} {path} {case}: {}", answer.text);
                assert_eq!(answer.header("content-type"), Some("application/problem+json"), "{method} {path} {case}");
            }
        }
    }
}
