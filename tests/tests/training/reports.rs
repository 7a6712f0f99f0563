//! Reports: hours by org unit × mechanism (JSON and CSV with a BOM), completion, compliance
//! and feedback, each within the caller's scope.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use crate::support::{minutes, start};

on_both_backends! {
    async fn reports_sum_hours_by_the_unit_people_were_in_when_credited(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let bureau = app.unit("区财政局", Some(&district)).await;
        let other = app.unit("区教育局", Some(&district)).await;
        let coordinator = app.coordinator(&bureau, "财政协调员").await;
        let reports = app.service("reports", &["reports:read"]).await;
        let (a, b) = (app.cadre(&bureau, "甲").await, app.cadre(&other, "乙").await);
        let course = app.course(&app.admin, json!({"credit_hours": "2.50", "mechanism": "practice", "kind": "on_site_observation"})).await;
        let ends = minutes(100);
        let session = app.session(&app.admin, &course, minutes(-10), ends, 10, json!({"enrolment_opens_at": minutes(-60), "enrolment_closes_at": ends})).await;
        for who in [&a, &b] {
            let enrolled = app.post(&format!("/api/v1/training/sessions/{session}/enrolments"), &app.admin, &json!({"person_id": who.id})).await;
            let id = enrolled.json()["id"].as_str().expect("id").to_owned();
            let path = format!("/api/v1/training/enrolments/{id}");
            app.update(Method::PUT, &format!("{path}/attendance"), &path, &app.admin, &json!({"attendance": "late"})).await;
        }
        let done = app.post(&format!("/api/v1/training/sessions/{session}/completions"), &app.admin, &json!({})).await;
        assert_eq!(done.json()["completed"].as_array().map(Vec::len), Some(2), "{}", done.text);
        // 甲 moves to the other unit afterwards: the hours stay with the unit of the time.
        let moved = app.update(Method::PATCH, &format!("/api/v1/identity/people/{}", a.id), &format!("/api/v1/identity/people/{}", a.id), &app.admin, &json!({"org_unit_id": other})).await;
        assert_eq!(moved.status, 200);

        let report = app.get("/api/v1/training/reports/hours", &reports).await;
        assert_eq!(report.status, 200, "{}", report.text);
        let rows = report.json()["rows"].clone();
        let hours_of = |unit: &str| rows.as_array().expect("rows").iter().find(|r| r["org_unit_id"] == unit).map(|r| r["hours"].as_str().unwrap_or_default().to_owned());
        assert_eq!(hours_of(&bureau), Some("2.50".to_owned()));
        assert_eq!(hours_of(&other), Some("2.50".to_owned()));
        assert_eq!(rows[0]["mechanism"], "practice");
        assert_eq!(report.json()["total_hours"], "5.00");
        let scoped = app.get("/api/v1/training/reports/hours", &coordinator.token).await.json();
        assert_eq!(scoped["rows"].as_array().map(Vec::len), Some(1), "a coordinator sees their subtree");
        assert_eq!(scoped["rows"][0]["org_unit_name"], "区财政局");
        let csv = app.platform.gateway.send(app.platform.gateway.request(Method::GET, "/api/v1/training/reports/hours").header("Authorization", format!("Bearer {reports}")).header("Accept", "text/csv")).await;
        assert_eq!(csv.status, 200);
        assert!(csv.header("content-type").is_some_and(|t| t.starts_with("text/csv")));
        assert!(csv.text.starts_with("\u{feff}组织编号,组织,学习机制,学时,记录数\r\n"), "{}", csv.text);
        assert!(csv.text.contains("实践运用机制,2.50,1"), "{}", csv.text);
        let by_period = app.get("/api/v1/training/reports/hours?period=2020-Q1", &reports).await.json();
        assert_eq!(by_period["rows"], json!([]));
        let bad_period = app.get("/api/v1/training/reports/hours?period=2026-Q5", &reports).await;
        assert_eq!((bad_period.status.as_u16(), bad_period.problem_code().as_str()), (400, "invalid_query"));

        let completion = app.get("/api/v1/training/reports/completion", &reports).await.json();
        assert_eq!((completion["rows"][0]["completed"].as_i64(), completion["rows"][0]["completion_rate"].as_str()), (Some(2), Some("100.00")), "{completion}");
        let compliance = app.get("/api/v1/training/reports/compliance", &app.admin).await;
        assert_eq!(compliance.status, 200, "{}", compliance.text);
        let people: i64 = compliance.json()["rows"].as_array().expect("rows").iter().filter_map(|r| r["people"].as_i64()).sum();
        assert!(people >= 3, "every active person counted once: {}", compliance.text);
        let feedback = app.get("/api/v1/training/reports/feedback", &reports).await;
        assert_eq!(feedback.status, 200);
    }
}
