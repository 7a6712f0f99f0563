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
        let c = app.cadre(&bureau, "丙").await;
        let course = app.course(&app.admin, json!({"credit_hours": "2.50", "mechanism": "practice", "kind": "on_site_observation"})).await;
        // Took place over the last hour.
        let ends = minutes(-1);
        let session = app.session(&app.admin, &course, minutes(-60), ends, 10, json!({"enrolment_opens_at": minutes(-120), "enrolment_closes_at": ends})).await;
        for who in [&a, &b, &c] {
            let enrolled = app.post(&format!("/api/v1/training/sessions/{session}/enrolments"), &app.admin, &json!({"person_id": who.id})).await;
            let id = enrolled.json()["id"].as_str().expect("id").to_owned();
            let path = format!("/api/v1/training/enrolments/{id}");
            app.update(Method::PUT, &format!("{path}/attendance"), &path, &app.admin, &json!({"attendance": "late"})).await;
        }
        // 丙 moved to the other unit after enrolling, before the hours were credited: they
        // count where 丙 was when credited.
        app.transfer(&c, &other).await;
        let done = app.post(&format!("/api/v1/training/sessions/{session}/completions"), &app.admin, &json!({})).await;
        assert_eq!(done.json()["completed"].as_array().map(Vec::len), Some(3), "{}", done.text);
        for (who, rating) in [(&a, 5), (&b, 3)] {
            let given = app.post(&format!("/api/v1/training/sessions/{session}/feedback"), &who.token, &json!({"rating": rating})).await;
            assert_eq!(given.status, 201, "{}", given.text);
        }
        // 甲 moves to the other unit afterwards: the hours (and 甲's feedback) stay with the
        // unit of the time.
        app.transfer(&a, &other).await;

        let year = lt_programme::day_of(minutes(-60)).format("%Y").to_string();
        let report = app.get(&format!("/api/v1/training/reports/hours?period={year}"), &reports).await;
        assert_eq!(report.status, 200, "{}", report.text);
        let rows = report.json()["rows"].clone();
        let hours_of = |unit: &str| rows.as_array().expect("rows").iter().find(|r| r["org_unit_id"] == unit).map(|r| r["hours"].as_str().unwrap_or_default().to_owned());
        assert_eq!(hours_of(&bureau), Some("2.50".to_owned()), "甲's, not 丙's");
        assert_eq!(hours_of(&other), Some("5.00".to_owned()), "乙's and 丙's");
        assert_eq!(rows[0]["mechanism"], "practice");
        assert_eq!(report.json()["total_hours"], "7.50");
        let scoped = app.get(&format!("/api/v1/training/reports/hours?period={year}"), &coordinator.token).await.json();
        assert_eq!(scoped["rows"].as_array().map(Vec::len), Some(1), "a coordinator sees their subtree");
        assert_eq!(scoped["rows"][0]["org_unit_name"], "区财政局");
        let csv = app.platform.gateway.send(app.platform.gateway.request(Method::GET, &format!("/api/v1/training/reports/hours?period={year}")).header("Authorization", format!("Bearer {reports}")).header("Accept", "text/csv")).await;
        assert_eq!(csv.status, 200);
        assert!(csv.header("content-type").is_some_and(|t| t.starts_with("text/csv")));
        assert!(csv.text.starts_with("\u{feff}组织编号,组织,学习机制,学时,记录数\r\n"), "{}", csv.text);
        assert!(csv.text.contains("实践运用机制,2.50,1"), "{}", csv.text);
        let by_period = app.get("/api/v1/training/reports/hours?period=2020-Q1", &reports).await.json();
        assert_eq!(by_period["rows"], json!([]));
        let bad_period = app.get("/api/v1/training/reports/hours?period=2026-Q5", &reports).await;
        assert_eq!((bad_period.status.as_u16(), bad_period.problem_code().as_str()), (400, "invalid_query"));

        // Neither a session still to come nor a cancelled one counts against completion.
        let upcoming = app.session(&app.admin, &course, minutes(60), minutes(120), 10, json!({})).await;
        app.enrol(&upcoming, &b).await;
        let called_off = app.session(&app.admin, &course, minutes(-60), ends, 10, json!({"enrolment_opens_at": minutes(-120), "enrolment_closes_at": ends})).await;
        app.post(&format!("/api/v1/training/sessions/{called_off}/enrolments"), &app.admin, &json!({"person_id": b.id})).await;
        let path = format!("/api/v1/training/sessions/{called_off}");
        let cancelled = app.update(Method::POST, &format!("{path}/cancellation"), &path, &app.admin, &json!({"reason": "场地冲突"})).await;
        assert_eq!(cancelled.status, 200, "{}", cancelled.text);
        let completion = app.get(&format!("/api/v1/training/reports/completion?period={year}"), &reports).await.json();
        assert_eq!((completion["rows"][0]["completed"].as_i64(), completion["rows"][0]["completion_rate"].as_str()), (Some(3), Some("100.00")), "{completion}");
        let compliance = app.get("/api/v1/training/reports/compliance", &app.admin).await;
        assert_eq!(compliance.status, 200, "{}", compliance.text);
        let people: i64 = compliance.json()["rows"].as_array().expect("rows").iter().filter_map(|r| r["people"].as_i64()).sum();
        assert!(people >= 3, "every active person counted once: {}", compliance.text);
        let feedback = app.get(&format!("/api/v1/training/reports/feedback?period={year}"), &reports).await;
        assert_eq!(feedback.status, 200, "{}", feedback.text);
        let row = &feedback.json()["rows"][0];
        assert_eq!((row["responses"].as_i64(), row["average_rating"].as_str()), (Some(2), Some("4.00")), "{}", feedback.text);
        let scoped = app.get(&format!("/api/v1/training/reports/feedback?period={year}"), &coordinator.token).await.json();
        assert_eq!((scoped["rows"][0]["responses"].as_i64(), scoped["rows"][0]["average_rating"].as_str()), (Some(1), Some("5.00")), "the bureau's coordinator reads the bureau's feedback: {scoped}");
    }
}

on_both_backends! {
    async fn a_stored_mechanism_the_code_cannot_read_is_one_clear_server_error_everywhere(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let a = app.cadre(&district, "甲").await;
        let course = app.course(&app.admin, json!({"credit_hours": "1.00", "mechanism": "practice", "kind": "on_site_observation"})).await;
        let ends = minutes(-1);
        let session = app.session(&app.admin, &course, minutes(-60), ends, 10, json!({"enrolment_opens_at": minutes(-120), "enrolment_closes_at": ends})).await;
        let enrolled = app.post(&format!("/api/v1/training/sessions/{session}/enrolments"), &app.admin, &json!({"person_id": a.id})).await;
        assert_eq!(enrolled.status, 201, "{}", enrolled.text);
        let path = format!("/api/v1/training/enrolments/{}", enrolled.json()["id"].as_str().expect("id"));
        let marked = app.update(Method::PUT, &format!("{path}/attendance"), &path, &app.admin, &json!({"attendance": "on_time"})).await;
        assert_eq!(marked.status, 200, "{}", marked.text);
        let done = app.post(&format!("/api/v1/training/sessions/{session}/completions"), &app.admin, &json!({})).await;
        assert_eq!(done.json()["completed"].as_array().map(Vec::len), Some(1), "{}", done.text);
        let year = lt_programme::day_of(minutes(-60)).format("%Y").to_string();
        let reads = [
            format!("/api/v1/training/courses/{course}"),
            format!("/api/v1/training/people/{}/record?period={year}", a.id),
            format!("/api/v1/training/reports/hours?period={year}"),
        ];
        for read in &reads {
            let answer = app.get(read, &app.admin).await;
            assert_eq!(answer.status, 200, "{read}");
            assert!(answer.text.contains("\"practice\""), "{read} shows the mechanism: {}", answer.text);
        }
        // A mechanism no version of the code wrote: every read of it fails the same way
        // (500, cause logged), none defaults it or drops the row from a sum.
        app.platform
            .store_of("training")
            .write(move |tx| -> Result<(), lt_store::StoreError> {
                use diesel::RunQueryDsl;
                diesel::sql_query("UPDATE courses SET mechanism = 'bogus'").execute(tx.conn())?;
                diesel::sql_query("UPDATE hour_totals SET mechanism = 'bogus'").execute(tx.conn())?;
                Ok(())
            })
            .await
            .expect("corrupted");
        for read in &reads {
            let answer = app.get(read, &app.admin).await;
            assert_eq!((answer.status.as_u16(), answer.problem_code().as_str()), (500, "internal_error"), "{read}: {}", answer.text);
            assert!(!answer.text.contains("bogus"), "the stored value stays in the log, not the answer");
        }
    }
}
