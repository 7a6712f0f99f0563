//! Degree study: two approvals, then tuition claims reimbursed under the policy (a share,
//! a yearly cap), decided by the programme office, every step in the trail.

use lt_test_support::on_both_backends;
use serde_json::json;

use reqwest::Method;

use crate::support::start;

on_both_backends! {
    async fn an_application_is_approved_twice_and_claims_are_capped_by_policy(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区国资委", None).await;
        let other = app.unit("区体育局", None).await;
        let cadre = app.cadre(&unit, "进修者").await;
        let coordinator = app.coordinator(&unit, "国资协调员").await;
        let other_coordinator = app.coordinator(&other, "体育协调员").await;
        let applied = app.post("/api/v1/training/degree-applications", &cadre.token, &json!({
            "programme": "公共管理硕士（MPA）", "institution": "南京大学", "level": "master",
            "starts_on": "2026-09-01", "ends_on": "2028-06-30"
        })).await;
        assert_eq!(applied.status, 201, "{}", applied.text);
        let id = applied.json()["id"].as_str().expect("id").to_owned();
        let decide = |token: String, body: serde_json::Value| {
            let app = &app;
            let path = format!("/api/v1/training/degree-applications/{id}/decisions");
            async move { app.post(&path, &token, &body).await }
        };
        assert_eq!(decide(cadre.token.clone(), json!({"decision": "approve"})).await.status, 403, "not one's own");
        assert_eq!(decide(other_coordinator.token.clone(), json!({"decision": "approve"})).await.status, 404, "another department's");
        let early_claim = app.post(&format!("/api/v1/training/degree-applications/{id}/reimbursement-claims"), &cadre.token, &json!({"tuition_fen": 680001})).await;
        assert_eq!(early_claim.problem_code(), "not_reimbursable");
        let admin_first = decide(app.admin.clone(), json!({"decision": "approve"})).await;
        assert_eq!(admin_first.status, 403, "the applicant's coordinator takes the first step: {}", admin_first.text);
        let stale = app.platform.gateway.send(app.platform.gateway.request(Method::POST, &format!("/api/v1/training/degree-applications/{id}/decisions"))
            .header("Authorization", format!("Bearer {}", coordinator.token)).header("If-Match", "\"7\"").json(&json!({"decision": "approve"}))).await;
        assert_eq!((stale.status.as_u16(), stale.problem_code().as_str()), (412, "precondition_failed"));
        let first = decide(coordinator.token.clone(), json!({"decision": "approve"})).await;
        assert_eq!(first.json()["status"], "coordinator_approved", "{}", first.text);
        let second_by_coordinator = decide(coordinator.token.clone(), json!({"decision": "approve"})).await;
        assert_eq!(second_by_coordinator.status, 403, "the programme office takes the second decision");
        let no_reason = decide(app.admin.clone(), json!({"decision": "reject"})).await;
        assert_eq!((no_reason.status.as_u16(), no_reason.json()["errors"][0]["field"].as_str()), (422, Some("reason")));
        let approved = decide(app.admin.clone(), json!({"decision": "approve"})).await;
        assert_eq!(approved.json()["status"], "approved", "{}", approved.text);
        let approved = approved.json();
        let trail: Vec<&str> = approved["trail"].as_array().expect("trail").iter().filter_map(|t| t["action"].as_str()).collect();
        assert_eq!(trail, ["degree_application.submitted", "degree_application.coordinator_approved", "degree_application.approved"]);

        // Default policy: half the tuition, at most ¥5,000 a year.
        let claims = format!("/api/v1/training/degree-applications/{id}/reimbursement-claims");
        for (year, why) in [(2025, "before the study"), (2029, "after the study")] {
            let outside = app.post(&claims, &cadre.token, &json!({"tuition_fen": 100, "year": year})).await;
            assert_eq!((outside.status.as_u16(), outside.json()["errors"][0]["field"].as_str()), (422, Some("year")), "{why}: {}", outside.text);
        }
        let claim = app.post(&claims, &cadre.token, &json!({"tuition_fen": 680001, "year": 2026})).await;
        assert_eq!(claim.status, 201, "{}", claim.text);
        assert_eq!(claim.json()["org_unit_id"], unit.as_str());
        assert_eq!((claim.json()["share_fen"].as_i64(), claim.json()["reimbursable_fen"].as_i64()), (Some(340000), Some(340000)));
        // Moved to another department: the next claim is that department's.
        app.transfer(&cadre, &other).await;
        let capped = app.post(&claims, &cadre.token, &json!({"tuition_fen": 600000, "year": 2026})).await;
        assert_eq!((capped.json()["cap_left_fen"].as_i64(), capped.json()["reimbursable_fen"].as_i64()), (Some(160000), Some(160000)), "{}", capped.text);
        assert_eq!(capped.json()["org_unit_id"], other.as_str());
        let claim_id = claim.json()["id"].as_str().expect("id").to_owned();
        let by_cadre = app.post(&format!("/api/v1/training/reimbursement-claims/{claim_id}/decisions"), &cadre.token, &json!({"decision": "approve"})).await;
        assert_eq!(by_cadre.status, 403);
        let paid = app.post(&format!("/api/v1/training/reimbursement-claims/{claim_id}/decisions"), &app.admin, &json!({"decision": "approve"})).await;
        assert_eq!(paid.json()["status"], "approved", "{}", paid.text);
        let again = app.post(&format!("/api/v1/training/reimbursement-claims/{claim_id}/decisions"), &app.admin, &json!({"decision": "reject", "reason": "重复"})).await;
        assert_eq!((again.status.as_u16(), again.problem_code().as_str()), (409, "wrong_state"));
        let negative = app.post(&claims, &cadre.token, &json!({"tuition_fen": -1})).await;
        assert_eq!((negative.status.as_u16(), negative.json()["errors"][0]["field"].as_str()), (422, Some("tuition_fen")));
        assert_eq!(app.get(&format!("/api/v1/training/reimbursement-claims/{claim_id}"), &other_coordinator.token).await.status, 404);
        let trail = app.get(&format!("/api/v1/training/reimbursement-claims/{claim_id}"), &cadre.token).await.json();
        assert_eq!(trail["trail"].as_array().map(Vec::len), Some(2), "{trail}");
        let record = app.get("/api/v1/training/me/record?period=2026", &cadre.token).await.json();
        assert_eq!(record["items"][0]["kind"], "degree_study.master", "{record}");

        // Reporting tools follow both through changes feeds; cadres may not.
        let reports = app.service("reports", &["reports:read"]).await;
        let applications = app.get("/api/v1/training/degree-applications/changes", &reports).await;
        assert_eq!(applications.status, 200, "{}", applications.text);
        assert_eq!(applications.json()["items"][0]["status"], "approved");
        let claims_feed = app.get("/api/v1/training/reimbursement-claims/changes", &reports).await.json();
        let statuses: Vec<&str> = claims_feed["items"].as_array().expect("items").iter().filter_map(|c| c["status"].as_str()).collect();
        assert_eq!(statuses, ["submitted", "approved"], "in commit order, the decided one last: {claims_feed}");
        assert_eq!(app.get("/api/v1/training/reimbursement-claims/changes", &cadre.token).await.status, 403);
    }
}

on_both_backends! {
    async fn the_second_decision_is_taken_by_someone_other_than_the_first(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("区统计局", None).await;
        let cadre = app.cadre(&unit, "申请者").await;
        // A coordinator who is also in the programme office.
        let both = app.person_with(&unit, "兼任者", "一级主任科员", "2020-01-01", &["coordinator", "admin"], None, 1978).await;
        let applied = app.post("/api/v1/training/degree-applications", &cadre.token, &json!({
            "programme": "法律硕士", "institution": "苏州大学", "level": "master",
            "starts_on": "2026-09-01", "ends_on": "2029-06-30"
        })).await;
        let id = applied.json()["id"].as_str().expect("id").to_owned();
        let path = format!("/api/v1/training/degree-applications/{id}/decisions");
        let first = app.post(&path, &both.token, &json!({"decision": "approve"})).await;
        assert_eq!(first.json()["status"], "coordinator_approved", "{}", first.text);
        let second = app.post(&path, &both.token, &json!({"decision": "approve"})).await;
        assert_eq!(second.status, 403, "{}", second.text);
        let rejected = app.post(&path, &app.admin, &json!({"decision": "reject", "reason": "专业与岗位无关"})).await;
        assert_eq!((rejected.json()["status"].as_str(), rejected.json()["decision_reason"].as_str()), (Some("rejected"), Some("专业与岗位无关")), "{}", rejected.text);
        let events = app.platform.events("training").await;
        assert!(events.iter().any(|(kind, payload)| kind == "training.degree_application.rejected" && payload["application_id"] == id.as_str()));
    }
}
