//! A contest from creation to final publication, as its users go through it, with every
//! number checked against a hand calculation.

use lt_test_support::on_both_backends;
use serde_json::json;

use crate::support::{result_of, start};

on_both_backends! {
    async fn a_contest_runs_from_creation_to_public_final_results(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let office_unit = app.unit("区委组织部", Some(&district)).await;
        let finance = app.unit("区财政局", Some(&district)).await;
        let education = app.unit("区教育局", Some(&district)).await;
        let organiser = app.organiser_in(&office_unit, "赛事组织").await;
        let (p1, p2, p3, p4) = (app.cadre(&finance, "甲").await, app.cadre(&education, "乙").await, app.cadre(&finance, "丙").await, app.cadre(&education, "丁").await);
        let (j1, j2) = (app.judge(&office_unit, "评委一").await, app.judge(&office_unit, "评委二").await);
        let j3 = app.judge(&finance, "评委三").await;
        let trainee = app.judge(&office_unit, "见习评委").await;

        let contest = app.contest(&organiser, json!({"tiers": {"quota": [{"name": "一等奖", "percent": 34}, {"name": "二等奖", "percent": 33}]}})).await;
        let early = app.post(&contest.path("/entries"), &p1.token, &json!({"title": "早", "summary": "太早"})).await;
        assert_eq!((early.status.as_u16(), early.problem_code().as_str()), (409, "wrong_phase"));
        assert_eq!(app.post("/api/v1/contest/contests", &p1.token, &json!({"title": "x", "kind": "skill", "mechanism": "practice", "aggregation": "mean"})).await.status, 403);

        app.move_to(&organiser, &contest, "submission").await;
        let e1 = app.enter(&p1, &contest, "预算绩效一张表").await;
        let e2 = app.enter(&p2, &contest, "课后服务新模式").await;
        let e3 = app.enter(&p3, &contest, "非税收入掌上办").await;
        // A draft never submitted is not judged.
        let draft = app.post(&contest.path("/entries"), &p4.token, &json!({"title": "草稿", "summary": "未提交"})).await;
        assert_eq!(draft.status, 201);
        let skipped = app.phase(&organiser, &contest, "notice").await;
        assert_eq!((skipped.status.as_u16(), skipped.problem_code().as_str()), (409, "wrong_phase"), "phases move one at a time");

        app.move_to(&organiser, &contest, "judging").await;
        for judge in [&j1, &j2, &j3] {
            app.seat(&organiser, &contest, judge, false).await;
        }
        app.seat(&organiser, &contest, &trainee, true).await;
        let assigned = app.post(&contest.path("/assignments"), &organiser.token, &json!({})).await;
        assert_eq!(assigned.status, 200, "{}", assigned.text);
        let pairs: Vec<(String, String)> = assigned.json().as_array().expect("list").iter().map(|a| (a["entry_id"].as_str().unwrap_or("").to_owned(), a["judge_id"].as_str().unwrap_or("").to_owned())).collect();
        // 评委三 works at the finance bureau: never its two entries.
        assert_eq!(pairs.len(), 10, "{pairs:?}");
        assert!(pairs.contains(&(e2.clone(), j3.id.clone())));
        assert!(!pairs.contains(&(e1.clone(), j3.id.clone())) && !pairs.contains(&(e3.clone(), j3.id.clone())));

        // Hand calculation, weights 50/30/20, maxima 10/10/5:
        // e1: 评委一 (8, 7, 4) = 40 + 21 + 16 = 77; 评委二 (9, 8, 4.5) = 45 + 24 + 18 = 87;
        //     two sheets: mean 82.00 (the trainee's 100 is shown, never counted).
        // e2: 60, 65 and 100 from 评委三; with three judges the two closest: 62.50.
        // e3: 评委一 (9, 9, 5) = 92; 评委二 (8.5, 8, 4) = 42.5 + 24 + 16 = 82.5: 87.25.
        app.score(&j1, &contest, &e1, ["8", "7", "4"]).await;
        app.score(&j2, &contest, &e1, ["9", "8", "4.5"]).await;
        app.score(&trainee, &contest, &e1, ["10", "10", "5"]).await;
        app.score(&j1, &contest, &e2, ["6", "6", "3"]).await;
        app.score(&j2, &contest, &e2, ["7", "6", "3"]).await;
        app.score(&j3, &contest, &e2, ["10", "10", "5"]).await;
        app.score(&j1, &contest, &e3, ["9", "9", "5"]).await;
        app.score(&j2, &contest, &e3, ["8.5", "8", "4"]).await;
        let locked = app.call(reqwest::Method::PUT, &contest.path("/rubric"), &organiser.token, Some(&json!({"criteria": [{"name": "总分", "weight": 100, "max_score": 100}]}))).await;
        assert_eq!((locked.status.as_u16(), locked.problem_code().as_str()), (409, "rubric_locked"));

        let progress = app.get(&contest.path("/progress"), &organiser.token).await.json();
        assert_eq!((progress["sheets_submitted"].as_i64(), progress["sheets_due"].as_i64()), (Some(8), Some(2)), "{progress}");
        assert_eq!(app.get(&contest.path("/results"), &p1.token).await.status, 403, "no score before publication");
        let live = app.get(&contest.path("/results"), &organiser.token).await.json();
        assert_eq!(live["stage"], "live");
        let order: Vec<&str> = live["results"].as_array().expect("results").iter().filter_map(|r| r["entry_id"].as_str()).collect();
        assert_eq!(order, [e3.as_str(), e1.as_str(), e2.as_str()]);
        // Pages of the ranking: two, then the last one.
        let first = app.get(&contest.path("/results?limit=2"), &organiser.token).await.json();
        assert_eq!((first["total"].as_i64(), first["results"].as_array().map(Vec::len)), (Some(3), Some(2)));
        let cursor = first["next_cursor"].as_str().expect("a next page").to_owned();
        let rest = app.get(&contest.path(&format!("/results?limit=2&cursor={cursor}")), &organiser.token).await.json();
        assert_eq!((rest["results"][0]["entry_id"].as_str(), rest.get("next_cursor")), (Some(e2.as_str()), None));
        let (r1, r2, r3) = (result_of(&live, &e1), result_of(&live, &e2), result_of(&live, &e3));
        assert_eq!((r3["score"].as_str(), r3["rank"].as_i64(), r3["award"].as_str()), (Some("87.25"), Some(1), Some("一等奖")));
        assert_eq!((r1["score"].as_str(), r1["rank"].as_i64(), r1["award"].as_str()), (Some("82.00"), Some(2), Some("二等奖")));
        assert_eq!((r2["score"].as_str(), r2["rank"].as_i64(), r2["award"].as_str()), (Some("62.50"), Some(3), None));
        assert_eq!(r1["steps"]["counted"], 2);
        let trainee_step = r1["steps"]["sheets"].as_array().expect("sheets").iter().find(|s| s["judge_id"] == trainee.id.as_str()).expect("trainee shown");
        assert_eq!((trainee_step["counts"].as_bool(), trainee_step["total"].as_str()), (Some(false), Some("100.0000")));
        let trimmed: Vec<&str> = r2["steps"]["sheets"].as_array().expect("sheets").iter().filter(|s| s["trimmed"] == true).filter_map(|s| s["judge_id"].as_str()).collect();
        assert_eq!(trimmed, [j3.id.as_str()]);

        // 公示: published as they stand, with its last working day; judges by number only.
        app.move_to(&organiser, &contest, "notice").await;
        let notice = app.get(&contest.path(""), &p2.token).await.json();
        assert!(notice["notice_ends_on"].as_str().is_some_and(|d| d > lt_programme::today().to_string().as_str()), "{notice}");
        let published = app.get(&contest.path("/results"), &p2.token).await;
        assert_eq!(published.status, 200, "{}", published.text);
        assert_eq!(published.json()["stage"], "notice");
        assert!(!published.text.contains(&j1.id), "judges are not named to entrants");
        assert_eq!(result_of(&published.json(), &e2)["rank"], 3);
        let objection = app.post(&contest.path("/objections"), &p2.token, &json!({"entry_id": e2, "text": "评委三的评分明显偏高，请复核。"})).await;
        assert_eq!(objection.status, 201, "{}", objection.text);
        assert_eq!(objection.json()["person_name"], "乙");
        assert_eq!(app.platform.gateway.get(&contest.path("/public-results")).await.status, 404, "not final yet");
        let objection_id = objection.json()["id"].as_str().expect("id").to_owned();
        let answer = app.post(&format!("/api/v1/contest/objections/{objection_id}/answer"), &app.admin, &json!({"answer": "经复核，评分符合细则，维持原结果。"})).await;
        assert_eq!((answer.status.as_u16(), answer.json()["status"].as_str()), (200, Some("answered")));
        assert_eq!(app.post(&format!("/api/v1/contest/objections/{objection_id}/answer"), &organiser.token, &json!({"answer": "x"})).await.status, 403);
        let mine = app.get(&contest.path("/objections"), &p1.token).await.json();
        assert_eq!(mine["items"].as_array().map(Vec::len), Some(0), "another's objection is not shown");
        // The entry named cannot be read (as in an outage): the store's answer, not 409
        // `unknown_reference` blaming the entrant's id.
        app.break_table("contest", "entries").await;
        let unreadable = app.post(&contest.path("/objections"), &p2.token, &json!({"entry_id": e2, "text": "复核"})).await;
        assert_eq!((unreadable.status.as_u16(), unreadable.problem_code().as_str()), (500, "internal_error"), "{}", unreadable.text);
        app.mend_table("contest", "entries").await;

        // Final before 公示 ends needs a reason.
        let too_early = app.phase(&organiser, &contest, "final").await;
        assert_eq!((too_early.status.as_u16(), too_early.problem_code().as_str()), (409, "notice_running"));
        let final_ = app.post(&contest.path("/phase"), &organiser.token, &json!({"phase": "final", "reason": "区委常委会已审定，提前公布"})).await;
        assert_eq!(final_.status, 200, "{}", final_.text);
        assert_eq!(final_.json()["early_final_reason"], "区委常委会已审定，提前公布");
        let late = app.post(&contest.path("/objections"), &p2.token, &json!({"text": "再提异议"})).await;
        assert_eq!((late.status.as_u16(), late.problem_code().as_str()), (409, "wrong_phase"), "公示 is over");

        // Public, without a token; CSV with a BOM for spreadsheets.
        let public = app.platform.gateway.get(&contest.path("/public-results")).await;
        assert_eq!(public.status, 200, "{}", public.text);
        assert_eq!(public.json()["stage"], "final");
        assert_eq!(result_of(&public.json(), &e3)["score"], "87.25");
        let csv = app.platform.gateway.get(&contest.path("/public-results?format=csv")).await;
        assert!(csv.header("content-type").is_some_and(|t| t.starts_with("text/csv")));
        assert!(csv.text.starts_with('\u{feff}') && csv.text.contains("预算绩效一张表") && csv.text.contains("82.00"), "{}", csv.text);

        // The entrant's learning record shows the award.
        let record = app.get("/api/v1/contest/me/record", &p1.token).await.json();
        let item = &record["items"][0];
        assert_eq!((item["status"].as_str(), item["kind"].as_str()), (Some("awarded"), Some("contest.achievement")), "{record}");
        assert!(item["title"].as_str().is_some_and(|t| t.contains("二等奖")));
        assert_eq!(app.get(&format!("/api/v1/contest/people/{}/record", p1.id), &p2.token).await.status, 404, "another cadre's record");

        // Reports and extracts; events for each step.
        let reader = app.service("reporting", &["reports:read"]).await;
        let report = app.get("/api/v1/contest/reports/entries", &reader).await.json();
        let finance_row = report["rows"].as_array().expect("rows").iter().find(|r| r["org_unit_id"] == finance.as_str()).expect("finance row");
        assert_eq!((finance_row["entries"].as_i64(), finance_row["awards"]["一等奖"].as_i64(), finance_row["awards"]["二等奖"].as_i64()), (Some(2), Some(1), Some(1)), "{report}");
        let feed = app.get("/api/v1/contest/entries/changes", &reader).await.json();
        assert_eq!(feed["items"].as_array().map(Vec::len), Some(4), "{feed}");
        assert_eq!(app.get("/api/v1/contest/entries/changes", &p1.token).await.status, 403);
        let kinds: Vec<String> = app.platform.events("contest").await.into_iter().map(|(k, _)| k).collect();
        for kind in ["contest.created", "contest.entry.submitted", "contest.sheet.submitted", "contest.phase_changed", "contest.objection.filed", "contest.objection.answered"] {
            assert!(kinds.iter().any(|k| k == kind), "{kind} missing from {kinds:?}");
        }
    }
}
