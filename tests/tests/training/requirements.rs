//! Required hours: progress from credited hours, the catch-up after a promotion across
//! categories, and who is behind for a coordinator.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use crate::support::{Someone, Training, start};

/// Records that `cadre` attended a `hours`-hour session on `day` (a past day) and completes it.
async fn attended(app: &Training, cadre: &Someone, day: &str, hours: &str) {
    let course = app
        .course(
            &app.admin,
            json!({"credit_hours": hours, "kind": "expert_lecture"}),
        )
        .await;
    let starts = chrono::DateTime::parse_from_rfc3339(&format!("{day}T09:00:00+08:00"))
        .expect("day")
        .with_timezone(&chrono::Utc);
    let ends = starts + chrono::Duration::hours(3);
    let session = app.session(&app.admin, &course, starts, ends, 10, json!({"enrolment_opens_at": starts - chrono::Duration::days(7), "enrolment_closes_at": starts})).await;
    let enrolled = app
        .post(
            &format!("/api/v1/training/sessions/{session}/enrolments"),
            &app.admin,
            &json!({"person_id": cadre.id}),
        )
        .await;
    assert_eq!(enrolled.status, 201, "{}", enrolled.text);
    let enrolment = enrolled.json()["id"].as_str().expect("id").to_owned();
    let path = format!("/api/v1/training/enrolments/{enrolment}");
    let marked = app
        .update(
            Method::PUT,
            &format!("{path}/attendance"),
            &path,
            &app.admin,
            &json!({"attendance": "on_time"}),
        )
        .await;
    assert_eq!(marked.status, 200, "{}", marked.text);
    let done = app
        .post(
            &format!("/api/v1/training/sessions/{session}/completions"),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(
        done.json()["completed"][0]["hours_credited"],
        hours,
        "{}",
        done.text
    );
}

on_both_backends! {
    async fn a_promotion_before_meeting_the_requirement_leaves_a_one_year_catch_up(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区城管局", None).await;
        let other = app.unit("区卫健委", None).await;
        let coordinator = app.coordinator(&unit, "城管协调员").await;
        // 一级主任科员 (乡科级: 90 a year) from 2019, promoted 副处级 (县处级) on 1 July 2025.
        let promoted = app.person_with(&unit, "晋升者", "一级主任科员", "2019-01-01", &["cadre"], None, 1980).await;
        let change = app.update(Method::PATCH, &format!("/api/v1/identity/people/{}", promoted.id), &format!("/api/v1/identity/people/{}", promoted.id), &app.admin, &json!({"rank": "副处级", "rank_effective_from": "2025-07-01"})).await;
        assert_eq!(change.status, 200, "{}", change.text);
        let elsewhere = app.person_with(&other, "他处", "一级主任科员", "2019-01-01", &["cadre"], None, 1980).await;
        attended(&app, &promoted, "2025-03-01", "20.00").await;
        attended(&app, &elsewhere, "2025-03-01", "20.00").await;

        // Owed at the promotion: 90 × 181/365 (1 Jan–30 Jun) = 44.63, less 20 earned = 24.63,
        // due by 30 June 2026; nothing earned since, so it is overdue and the cadre behind.
        let progress = app.get("/api/v1/training/me/requirements?year=2025", &promoted.token).await.json();
        assert_eq!(progress["category"], "county_and_above", "{progress}");
        assert_eq!((progress["period_first_year"].as_i64(), progress["period_last_year"].as_i64()), (Some(2023), Some(2027)));
        let catch_up = &progress["catch_ups"][0];
        assert_eq!((catch_up["owed"].as_str(), catch_up["due_by"].as_str()), (Some("24.63"), Some("2026-06-30")));
        assert_eq!((catch_up["from_category"].as_str(), catch_up["status"].as_str()), (Some("township_and_below"), Some("overdue")));
        assert_eq!(progress["standing"], "behind");

        let behind = app.get("/api/v1/training/requirements/behind?year=2025", &coordinator.token).await;
        assert_eq!(behind.status, 200, "{}", behind.text);
        let behind = behind.json();
        let names: Vec<&str> = behind["items"].as_array().expect("items").iter().filter_map(|v| v["name"].as_str()).collect();
        assert!(names.contains(&"晋升者") && !names.contains(&"他处"), "only their subtree: {names:?}");
        let csv = app.platform.gateway.send(app.platform.gateway.request(Method::GET, "/api/v1/training/requirements/behind?year=2025").header("Authorization", format!("Bearer {}", coordinator.token)).header("Accept", "text/csv")).await;
        assert!(csv.text.starts_with('\u{feff}') && csv.text.contains("晋升者"), "{}", csv.text);

        // Earned after the promotion, within the year: the catch-up is met.
        attended(&app, &promoted, "2025-10-01", "30.00").await;
        let progress = app.get("/api/v1/training/me/requirements?year=2025", &promoted.token).await.json();
        assert_eq!((progress["catch_ups"][0]["earned_since"].as_str(), progress["catch_ups"][0]["status"].as_str()), (Some("30.00"), Some("met")));
        assert_eq!(progress["earned"], "50.00", "both count towards the new 5-year requirement");
        // A cadre who stayed in their category: their year, 20 of 90 when it ended.
        let stayed = app.get("/api/v1/training/me/requirements?year=2025", &elsewhere.token).await.json();
        assert_eq!((stayed["required"].as_str(), stayed["earned"].as_str(), stayed["expected_by_now"].as_str()), (Some("90.00"), Some("20.00"), Some("90.00")));
        assert_eq!(stayed["catch_ups"], json!([]));
        let bad_year = app.get("/api/v1/training/me/requirements?year=1800", &elsewhere.token).await;
        assert_eq!((bad_year.status.as_u16(), bad_year.problem_code().as_str()), (400, "invalid_query"));
    }
}
