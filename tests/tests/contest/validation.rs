//! Bad input gets a clear answer and changes nothing: scores out of range, weights that do
//! not add up, windows out of order, moves outside their phase or window.

use lt_test_support::on_both_backends;
use serde_json::json;

use crate::support::start;

on_both_backends! {
    async fn bad_scores_weights_windows_and_phases_are_refused_and_write_nothing(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let panel_unit = app.unit("专家库", Some(&district)).await;
        let organiser = app.organiser_in(&district, "赛事组织").await;
        let cadre = app.cadre(&district, "选手").await;
        let judge = app.judge(&panel_unit, "评委").await;

        let windows = app.post("/api/v1/contest/contests", &organiser.token, &json!({"title": "比赛", "kind": "skill", "mechanism": "practice", "aggregation": "z_score", "submission_closes_on": "2026-12-20", "judging_closes_on": "2026-12-10"})).await;
        assert_eq!(windows.status, 422, "{}", windows.text);
        assert!(windows.text.contains("judging_closes_on"));
        let short_notice = app.post("/api/v1/contest/contests", &organiser.token, &json!({"title": "比赛", "kind": "skill", "mechanism": "practice", "aggregation": "mean", "notice_working_days": 3})).await;
        assert_eq!(short_notice.status, 422, "公示 lasts at least 5 working days");
        let bad_aggregation = app.post("/api/v1/contest/contests", &organiser.token, &json!({"title": "比赛", "kind": "skill", "mechanism": "practice", "aggregation": "median"})).await;
        assert!(bad_aggregation.status.is_client_error());
        let listed = app.get("/api/v1/contest/contests", &cadre.token).await.json();
        assert_eq!(listed["items"].as_array().map(Vec::len), Some(0), "nothing written");

        let contest = app.contest(&organiser, json!({})).await;
        let weights = app.call(reqwest::Method::PUT, &contest.path("/rubric"), &organiser.token, Some(&json!({"criteria": [{"name": "创新性", "weight": 60, "max_score": 10}, {"name": "实效性", "weight": 30, "max_score": 10}]}))).await;
        assert_eq!(weights.status, 422);
        assert!(weights.json()["errors"].as_array().is_some_and(|e| e.iter().any(|e| e["code"] == "weights_not_100")), "{}", weights.text);
        let rubric = app.get(&contest.path("/rubric"), &cadre.token).await.json();
        assert_eq!(rubric["criteria"].as_array().map(Vec::len), Some(3), "the rubric is as it was");

        let no_rubric = app.contest(&organiser, json!({})).await;
        let cleared = app.call(reqwest::Method::PUT, &no_rubric.path("/rubric"), &organiser.token, Some(&json!({"criteria": []}))).await;
        assert!(cleared.status.is_client_error());

        app.move_to(&organiser, &contest, "submission").await;
        let entry = app.enter(&cadre, &contest, "成果").await;
        let twice = app.post(&format!("/api/v1/contest/entries/{entry}/submission"), &cadre.token, &json!({})).await;
        assert_eq!((twice.status.as_u16(), twice.problem_code().as_str()), (409, "entry_state"));
        let attachment = app.post(&contest.path("/entries"), &cadre.token, &json!({"title": "附件", "summary": "坏附件", "attachments": [{"name": "a.pdf", "size": 10, "sha256": "XYZ", "url": "ftp://x"}]})).await;
        assert_eq!(attachment.status, 422);
        assert!(attachment.text.contains("attachments[0].sha256") && attachment.text.contains("attachments[0].url"), "{}", attachment.text);
        let sheet_early = app.save(&judge, &contest, &entry, ["5", "5", "3"]).await;
        assert_eq!(sheet_early.status, 404, "not a judge of the contest yet");
        app.move_to(&organiser, &contest, "judging").await;
        let late_entry = app.post(&contest.path("/entries"), &cadre.token, &json!({"title": "迟到", "summary": "评审已开始"})).await;
        assert_eq!((late_entry.status.as_u16(), late_entry.problem_code().as_str()), (409, "wrong_phase"));
        let withdraw = app.post(&format!("/api/v1/contest/entries/{entry}/withdrawal"), &cadre.token, &json!({})).await;
        assert_eq!((withdraw.status.as_u16(), withdraw.problem_code().as_str()), (409, "wrong_phase"));
        app.seat(&organiser, &contest, &judge, false).await;
        app.post(&contest.path("/assignments"), &organiser.token, &json!({"judges_per_entry": 1})).await;

        for (scores, field) in [(["10.01", "5", "3"], "scores[0].score"), (["-1", "5", "3"], "scores[0].score"), (["8.555", "5", "3"], "scores[0].score"), (["8", "5", "5.5"], "scores[2].score")] {
            let refused = app.save(&judge, &contest, &entry, scores).await;
            assert_eq!(refused.status, 422, "{scores:?}: {}", refused.text);
            assert_eq!(refused.json()["errors"][0]["field"], field, "{}", refused.text);
        }
        let unknown = app.call(reqwest::Method::PUT, &format!("/api/v1/contest/entries/{entry}/sheet"), &judge.token, Some(&json!({"scores": [{"criterion_id": "nope", "score": "1"}]}))).await;
        assert_eq!(unknown.status, 422);
        assert_eq!(app.get(&format!("/api/v1/contest/entries/{entry}/sheet"), &judge.token).await.status, 404, "no sheet was written");
        assert_eq!(app.get(&contest.path("/audit/verification"), &app.admin).await.json()["records"], 0, "nor audited");
        // A partial draft saves; it cannot be submitted until complete.
        let partial = app.call(reqwest::Method::PUT, &format!("/api/v1/contest/entries/{entry}/sheet"), &judge.token, Some(&json!({"scores": [{"criterion_id": contest.criteria[0], "score": "7"}]}))).await;
        assert_eq!(partial.status, 200, "{}", partial.text);
        let incomplete = app.post(&format!("/api/v1/contest/entries/{entry}/sheet/submission"), &judge.token, &json!({})).await;
        assert_eq!((incomplete.status.as_u16(), incomplete.problem_code().as_str()), (409, "sheet_incomplete"));
        assert_eq!(app.get(&contest.path(""), &organiser.token).await.json()["rubric_locked"], false);
        let bad_phase = app.post(&contest.path("/phase"), &organiser.token, &json!({"phase": "closed"})).await;
        assert!(bad_phase.status.is_client_error());
        let back = app.phase(&organiser, &contest, "submission").await;
        assert_eq!((back.status.as_u16(), back.problem_code().as_str()), (409, "wrong_phase"), "never back");
    }
}
