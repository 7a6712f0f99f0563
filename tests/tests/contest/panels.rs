//! Panels: conflicts from the org chart, recusals, blind mode, and what a judge or an
//! entrant may see.

use lt_test_support::on_both_backends;
use serde_json::json;

use crate::support::start;

on_both_backends! {
    async fn conflicts_come_from_the_org_chart_and_blind_judges_see_no_entrant(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let finance = app.unit("区财政局", Some(&district)).await;
        let budget = app.unit("预算科", Some(&finance)).await;
        let education = app.unit("区教育局", Some(&district)).await;
        let organiser = app.organiser_in(&district, "赛事组织").await;
        let (a, b) = (app.cadre(&budget, "预算科科员").await, app.cadre(&education, "教师").await);
        let finance_judge = app.judge(&finance, "财政局评委").await;
        let education_judge = app.judge(&education, "教育局评委").await;
        let office = app.unit("区委组织部", Some(&district)).await;
        let outside = app.judge(&office, "区级评委").await;
        let contest = app.contest(&organiser, json!({"blind": true, "aggregation": "mean"})).await;
        app.move_to(&organiser, &contest, "submission").await;
        let from_budget = app.enter(&a, &contest, "预算科的成果").await;
        // A team entry that names the district judge as a member: they never confirm, so
        // they are not a member, and the naming does not strip them from the entry's panel.
        let team = app.post(&contest.path("/entries"), &b.token, &json!({"title": "家校共育", "summary": "团队成果", "entrant_kind": "team", "team_member_ids": [outside.id]})).await;
        assert_eq!(team.status, 201, "{}", team.text);
        let team_entry = team.json()["id"].as_str().expect("id").to_owned();
        assert_eq!(app.post(&format!("/api/v1/contest/entries/{team_entry}/submission"), &b.token, &json!({})).await.status, 200);
        let unknown = app.post(&contest.path("/entries"), &b.token, &json!({"title": "x", "summary": "y", "entrant_kind": "team", "team_member_ids": ["nobody"]})).await;
        assert_eq!((unknown.status.as_u16(), unknown.problem_code().as_str()), (409, "unknown_reference"));
        app.move_to(&organiser, &contest, "judging").await;
        for judge in [&finance_judge, &education_judge, &outside] {
            app.seat(&organiser, &contest, judge, false).await;
        }
        let assigned = app.post(&contest.path("/assignments"), &organiser.token, &json!({})).await.json();
        let pairs: Vec<(&str, &str)> = assigned.as_array().expect("list").iter().filter_map(|x| Some((x["entry_id"].as_str()?, x["judge_id"].as_str()?))).collect();
        // The finance judge never gets the budget section's entry (their department's
        // subtree), the education judge never the education team's; the district judge,
        // named but unconfirmed, judges the team entry like any other.
        let mut expected = vec![(from_budget.as_str(), education_judge.id.as_str()), (from_budget.as_str(), outside.id.as_str()), (team_entry.as_str(), finance_judge.id.as_str()), (team_entry.as_str(), outside.id.as_str())];
        expected.sort_unstable();
        let mut got = pairs.clone();
        got.sort_unstable();
        assert_eq!(got, expected);
        // The event tells each judge how many (their inbox), never which entries.
        let events = app.platform.events("contest").await;
        let (_, assigned_event) = events.iter().rev().find(|(kind, _)| kind == "contest.assigned").expect("contest.assigned");
        let mut per_judge: Vec<(&str, i64)> = assigned_event["judges"].as_array().expect("judges").iter()
            .filter_map(|j| Some((j["person_id"].as_str()?, j["new_assignments"].as_i64()?))).collect();
        per_judge.sort_unstable();
        let mut expected_counts = vec![(education_judge.id.as_str(), 1), (finance_judge.id.as_str(), 1), (outside.id.as_str(), 2)];
        expected_counts.sort_unstable();
        assert_eq!(per_judge, expected_counts);
        assert!(!assigned_event.to_string().contains(&from_budget), "no entry named");

        // Blind: nothing a judge can get names the entrant.
        let mine = app.get("/api/v1/contest/me/assignments", &education_judge.token).await;
        assert_eq!(mine.json().as_array().map(Vec::len), Some(1), "{}", mine.text);
        let entry_path = format!("/api/v1/contest/entries/{from_budget}");
        let seen = app.get(&entry_path, &education_judge.token).await;
        assert_eq!(seen.status, 200);
        for text in [&mine.text, &seen.text] {
            assert!(!text.contains(&a.id) && !text.contains(&budget) && !text.contains("预算科科员"), "{text}");
        }
        // Unassigned: as if it did not exist. The entrant sees their own in full.
        assert_eq!(app.get(&entry_path, &finance_judge.token).await.status, 404);
        assert_eq!(app.get(&entry_path, &b.token).await.status, 404);
        assert_eq!(app.get(&entry_path, &a.token).await.json()["person_id"], a.id.as_str());
        let unassigned = app.save(&finance_judge, &contest, &from_budget, ["5", "5", "3"]).await;
        assert_eq!(unassigned.status, 404);

        // A recusal with a reason: no sheet from that judge, the mean of the others.
        let recused = app.post(&format!("/api/v1/contest/entries/{from_budget}/recusal"), &outside.token, &json!({"reason": "曾指导该成果"})).await;
        assert_eq!((recused.status.as_u16(), recused.json()["status"].as_str()), (200, Some("recused")), "{}", recused.text);
        assert_eq!(app.save(&outside, &contest, &from_budget, ["5", "5", "3"]).await.status, 404);
        app.score(&education_judge, &contest, &from_budget, ["8", "8", "4"]).await;
        let rerun = app.post(&contest.path("/assignments"), &organiser.token, &json!({})).await.json();
        assert_eq!(rerun.as_array().map(Vec::len), Some(4), "a rerun keeps what exists and re-adds no recusal");
        let results = app.get(&contest.path("/results"), &organiser.token).await.json();
        let row = results["results"].as_array().expect("results").iter().find(|r| r["entry_id"] == from_budget.as_str()).expect("row").clone();
        assert_eq!((row["score"].as_str(), row["steps"]["counted"].as_i64()), (Some("80.00"), Some(1)), "{row}");
        // A judge cannot read the results while judging, nor an entrant.
        assert_eq!(app.get(&contest.path("/results"), &education_judge.token).await.status, 403);
        assert_eq!(app.get(&contest.path("/results"), &a.token).await.status, 403);
        // Roles and scopes the spec does not allow.
        let reader = app.service("reporting", &["reports:read"]).await;
        assert_eq!(app.post(&contest.path("/judges"), &reader, &json!({"person_id": a.id})).await.status, 403);
        assert_eq!(app.post(&contest.path("/judges"), &education_judge.token, &json!({"person_id": a.id})).await.status, 403);
        assert_eq!(app.get(&contest.path("/progress"), &a.token).await.status, 403);
        assert_eq!(app.post(&format!("/api/v1/contest/entries/{from_budget}/disqualification"), &a.token, &json!({"reason": "x"})).await.status, 403);
    }
}
