//! Leaderboards (departments by default; persons and families only if they opted in),
//! reports by org unit in the caller's scope with CSV, card coverage, a campaign's report,
//! book lists and the cadre's own export.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use crate::support::{days_ago, start};

on_both_backends! {
    async fn leaderboards_rank_departments_and_only_those_who_opted_in(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let (bureau, other) = (app.unit("区财政局", Some(&district)).await, app.unit("区教育局", Some(&district)).await);
        let (shy, proud) = (app.cadre(&bureau, "低调读者").await, app.cadre(&other, "公开读者").await);
        app.log(&shy, json!({"title": "红楼梦", "pages": 500, "minutes": 300})).await;
        app.log(&proud, json!({"title": "西游记", "pages": 100, "minutes": 60})).await;
        let departments = app.get("/api/v1/reading/leaderboards", &shy.token).await.json();
        let names: Vec<&str> = departments["rows"].as_array().expect("rows").iter().filter_map(|r| r["name"].as_str()).collect();
        assert_eq!(names, ["区财政局", "区教育局"], "most pages first: {departments}");
        // Persons: nobody until they opt in; then only those who did.
        assert_eq!(app.get("/api/v1/reading/leaderboards?by=person", &shy.token).await.json()["rows"], json!([]));
        let opt_in = app.update(Method::PUT, "/api/v1/reading/me/privacy", "/api/v1/reading/me/privacy", &proud.token, &json!({"keep_library_history": false, "show_on_leaderboard": true, "family_on_leaderboard": false})).await;
        assert_eq!(opt_in.status, 200, "{}", opt_in.text);
        let persons = app.get("/api/v1/reading/leaderboards?by=person", &shy.token).await.json();
        let names: Vec<&str> = persons["rows"].as_array().expect("rows").iter().filter_map(|r| r["name"].as_str()).collect();
        assert_eq!(names, ["公开读者"], "the shy reader read more but is not listed: {persons}");
        assert_eq!(app.get("/api/v1/reading/leaderboards?by=family", &shy.token).await.json()["rows"], json!([]));
        assert_eq!(app.get("/api/v1/reading/leaderboards?by=everyone", &shy.token).await.status, 400);
    }
}

on_both_backends! {
    async fn reports_cover_the_callers_scope_in_json_and_csv(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let (bureau, other) = (app.unit("区审计局", Some(&district)).await, app.unit("区体育局", Some(&district)).await);
        let office = app.reading_coordinator(&district, "阅读办").await;
        let coordinator = app.coordinator(&bureau, "审计协调员").await;
        let reports = app.service("reports", &["reports:read"]).await;
        let (a, b) = (app.cadre(&bureau, "甲").await, app.cadre(&other, "乙").await);
        app.log(&a, json!({"title": "资本论", "pages": 120, "minutes": 90, "finished": true})).await;
        app.log(&b, json!({"title": "论语", "pages": 30, "minutes": 20})).await;
        app.post("/api/v1/reading/card-issuances", &office.token, &json!({"org_unit_id": bureau})).await;

        let year = lt_programme::today().format("%Y").to_string();
        let all = app.get(&format!("/api/v1/reading/reports/reading?period={year}"), &reports).await;
        assert_eq!(all.status, 200, "{}", all.text);
        assert_eq!((all.json()["total_pages"].as_i64(), all.json()["rows"].as_array().map(Vec::len)), (Some(150), Some(2)));
        let scoped = app.get(&format!("/api/v1/reading/reports/reading?period={year}"), &coordinator.token).await.json();
        assert_eq!((scoped["rows"].as_array().map(Vec::len), scoped["rows"][0]["org_unit_name"].as_str()), (Some(1), Some("区审计局")), "{scoped}");
        let csv = app.platform.gateway.send(app.platform.gateway.request(Method::GET, &format!("/api/v1/reading/reports/reading?period={year}&format=csv")).header("Authorization", format!("Bearer {reports}"))).await;
        assert!(csv.text.starts_with("\u{feff}组织编号,组织,页数,分钟,读完本数,记录数\r\n"), "{}", csv.text);
        assert_eq!(app.get("/api/v1/reading/reports/reading", &a.token).await.status, 403, "a cadre reads no reports");

        let coverage = app.get("/api/v1/reading/reports/card-coverage", &reports).await.json();
        let bureau_row = coverage["rows"].as_array().expect("rows").iter().find(|r| r["org_unit_id"] == bureau.as_str()).expect("bureau").clone();
        assert_eq!((bureau_row["cadres"].as_i64(), bureau_row["with_card"].as_i64(), bureau_row["coverage"].as_str()), (Some(2), Some(2), Some("100.00")), "{coverage}");

        let campaign = app.post("/api/v1/reading/campaigns", &office.token, &json!({"title": "经典共读", "theme": "经典", "starts_on": days_ago(5), "ends_on": days_ago(0), "goal": {"pages": 100}})).await.json()["id"].as_str().expect("id").to_owned();
        for who in [&a, &b] {
            app.post(&format!("/api/v1/reading/campaigns/{campaign}/participants"), &who.token, &json!({"kind": "person"})).await;
        }
        // Persons by name only when they show their reading, and never to a reporting account.
        let report = app.get(&format!("/api/v1/reading/reports/campaigns/{campaign}"), &coordinator.token).await.json();
        assert_eq!((report["rows"].as_array().map(Vec::len), report["others"]["persons"].as_i64()), (Some(0), Some(1)), "甲 is private: {report}");
        let privacy = "/api/v1/reading/me/privacy";
        let shown = app.update(Method::PUT, privacy, privacy, &a.token, &json!({"keep_library_history": false, "show_on_leaderboard": true, "family_on_leaderboard": false})).await;
        assert_eq!(shown.status, 200, "{}", shown.text);
        let report = app.get(&format!("/api/v1/reading/reports/campaigns/{campaign}"), &coordinator.token).await.json();
        assert_eq!(report["rows"].as_array().map(Vec::len), Some(1), "the coordinator's subtree only: {report}");
        assert_eq!((report["rows"][0]["pages"].as_i64(), report["rows"][0]["met"].as_bool()), (Some(120), Some(true)));
        let extracted = app.get(&format!("/api/v1/reading/reports/campaigns/{campaign}"), &reports).await;
        assert_eq!(extracted.status, 200, "{}", extracted.text);
        assert_eq!((extracted.json()["rows"].as_array().map(Vec::len), extracted.json()["others"]["persons"].as_i64()), (Some(0), Some(2)), "{}", extracted.text);
        assert!(!extracted.text.contains(&a.id) && !extracted.text.contains("甲"), "{}", extracted.text);

        // Reporting accounts extract campaigns and loans, and read nobody's logs, notes or family.
        assert_eq!(app.get("/api/v1/reading/campaigns/changes", &reports).await.status, 200);
        assert_eq!(app.get("/api/v1/reading/loans/changes", &reports).await.status, 200);
        for path in ["/api/v1/reading/logs", "/api/v1/reading/notes", "/api/v1/reading/family-members", "/api/v1/reading/me/export", "/api/v1/reading/notes/review-queue", "/api/v1/reading/cards"] {
            let answer = app.get(path, &reports).await;
            assert!(matches!(answer.status.as_u16(), 403 | 404), "{path}: {}", answer.status);
        }
    }
}

on_both_backends! {
    async fn book_lists_and_the_cadres_export(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区委宣传部", None).await;
        let office = app.reading_coordinator(&unit, "阅读办").await;
        let me = app.cadre(&unit, "读者").await;
        let list = app.post("/api/v1/reading/book-lists", &office.token, &json!({"title": "干部推荐书目", "books": [
            {"isbn": "7-02-002626-5", "title": "平凡的世界", "note": "必读"},
            {"isbn": "9787111213826", "title": "深入理解计算机系统"}
        ]})).await;
        assert_eq!(list.status, 201, "{}", list.text);
        assert_eq!(list.json()["books"][0]["book"]["isbn"], "9787020026265");
        assert_eq!(app.get(list.header("location").expect("Location"), &me.token).await.json()["books"].as_array().map(Vec::len), Some(2));
        assert_eq!(app.post("/api/v1/reading/book-lists", &me.token, &json!({"title": "x", "books": [{"isbn": "7-02-002626-5"}]})).await.status, 403);

        app.post("/api/v1/reading/family-members", &me.token, &json!({"relation": "child", "display_name": "小宝", "birth_year": 2018, "consent": true})).await;
        app.log(&me, json!({"title": "平凡的世界", "pages": 50, "minutes": 40})).await;
        let export = app.get("/api/v1/reading/me/export", &me.token).await;
        assert_eq!(export.status, 200, "{}", export.text);
        let data = export.json();
        assert_eq!((data["logs"].as_array().map(Vec::len), data["family_members"][0]["display_name"].as_str()), (Some(1), Some("小宝")));
        let csv = app.platform.gateway.send(app.platform.gateway.request(Method::GET, "/api/v1/reading/me/export?format=csv").header("Authorization", format!("Bearer {}", me.token))).await;
        assert!(csv.text.contains("阅读记录") && csv.text.contains("家庭成员,") && csv.text.contains("小宝"), "{}", csv.text);
    }
}
