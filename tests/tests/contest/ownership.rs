//! Whose contest it is: only those who run a contest manage it and read its live results;
//! nobody who runs a contest or enters it sits on its panel, and whoever sits on a panel
//! sees the contest as its judge; team members confirm before an entry names them.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use crate::support::start;

on_both_backends! {
    async fn only_those_who_run_a_contest_manage_it_or_read_its_live_results(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let runner = app.organiser(&district, "党校组织员", "party_school").await;
        let colleague = app.organiser(&district, "党校同事", "party_school").await;
        let other = app.organiser(&district, "培训中心组织员", "training_centre").await;
        let cadre = app.cadre(&district, "参赛者").await;
        let contest = app.contest(&runner, json!({})).await;
        app.move_to(&runner, &contest, "submission").await;
        let entry = app.enter(&cadre, &contest, "便民服务创新").await;

        // An organiser of another provider manages nothing of it.
        let refused = [
            (Method::PUT, contest.path("/rubric"), json!({"criteria": [{"name": "创新性", "weight": 100, "max_score": 10}]})),
            (Method::POST, contest.path("/phase"), json!({"phase": "judging"})),
            (Method::POST, contest.path("/judges"), json!({"person_id": other.id})),
            (Method::POST, contest.path("/assignments"), json!({})),
            (Method::POST, format!("/api/v1/contest/entries/{entry}/disqualification"), json!({"reason": "抄袭"})),
        ];
        for (method, path, body) in &refused {
            let answer = app.call(method.clone(), path, &other.token, Some(body)).await;
            assert_eq!(answer.status, 403, "{method} {path}: {}", answer.text);
        }
        for path in [contest.path("/judges"), contest.path("/entries"), contest.path("/progress")] {
            assert_eq!(app.get(&path, &other.token).await.status, 403, "{path}");
        }
        assert_eq!(app.get(&contest.path("/results?live=true"), &other.token).await.status, 403, "no live results");
        assert_eq!(app.get(&format!("/api/v1/contest/entries/{entry}"), &other.token).await.status, 404, "the entry is not theirs to see");
        let renamed = app.update(Method::PATCH, &contest.path(""), &contest.path(""), &other.token, &json!({"title": "改名"})).await;
        assert_eq!(renamed.status, 403, "{}", renamed.text);

        // Its creator, an organiser of the same provider and the programme office do.
        assert_eq!(app.get(&contest.path("/entries"), &runner.token).await.status, 200);
        assert_eq!(app.get(&contest.path("/progress"), &colleague.token).await.status, 200, "the provider runs it");
        assert_eq!(app.get(&contest.path("/results?live=true"), &app.admin).await.status, 200);
        assert_eq!(app.get(&format!("/api/v1/contest/entries/{entry}"), &colleague.token).await.status, 200);
    }
}

on_both_backends! {
    async fn nobody_who_runs_or_enters_a_contest_sits_on_its_panel_and_a_seated_organiser_sees_it_as_a_judge(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let finance = app.unit("区财政局", Some(&district)).await;
        let education = app.unit("区教育局", Some(&district)).await;
        let runner = app.organiser(&district, "党校组织员", "party_school").await;
        let colleague = app.organiser(&finance, "党校同事", "party_school").await;
        let judge = app.judge(&finance, "财政局评委").await;
        let entrant = app.cadre(&education, "参赛者").await;
        let second = app.cadre(&education, "第二参赛者").await;
        let contest = app.contest(&runner, json!({"blind": true, "aggregation": "mean"})).await;
        app.move_to(&runner, &contest, "submission").await;
        let entry = app.enter(&entrant, &contest, "家校共育").await;
        app.seat(&runner, &contest, &judge, false).await;
        // A judge neither enters the contest nor joins a team entry of it.
        let entering = app.post(&contest.path("/entries"), &judge.token, &json!({"title": "评委的作品", "summary": "不应允许"})).await;
        assert_eq!((entering.status.as_u16(), entering.problem_code().as_str()), (409, "judge_conflicted"), "{}", entering.text);
        let team = app.post(&contest.path("/entries"), &second.token, &json!({"title": "课后服务", "summary": "团队成果", "entrant_kind": "team", "team_member_ids": [judge.id]})).await;
        assert_eq!(team.status, 201, "{}", team.text);
        let team_entry = team.json()["id"].as_str().expect("id").to_owned();
        let joining = app.call(Method::PUT, &format!("/api/v1/contest/entries/{team_entry}/membership"), &judge.token, None).await;
        assert_eq!((joining.status.as_u16(), joining.problem_code().as_str()), (409, "judge_conflicted"), "{}", joining.text);
        app.move_to(&runner, &contest, "judging").await;

        for (who, why) in [(&runner, "its creator"), (&entrant, "an entrant")] {
            let seat = app.post(&contest.path("/judges"), &runner.token, &json!({"person_id": who.id})).await;
            assert_eq!((seat.status.as_u16(), seat.problem_code().as_str()), (409, "judge_conflicted"), "{why}: {}", seat.text);
        }
        // An organiser of the provider, seated: on this contest they are a judge, nothing more.
        app.seat(&runner, &contest, &colleague, false).await;
        let assigned = app.post(&contest.path("/assignments"), &runner.token, &json!({})).await;
        assert_eq!(assigned.status, 200, "{}", assigned.text);
        app.score(&judge, &contest, &entry, ["8", "8", "4"]).await;
        let sheet = app.get(&format!("/api/v1/contest/entries/{entry}/sheet"), &judge.token).await;
        let sheet_id = sheet.json()["id"].as_str().expect("sheet id").to_owned();
        assert_eq!(app.get(&format!("/api/v1/contest/sheets/{sheet_id}"), &colleague.token).await.status, 404, "another judge's sheet");
        let seen = app.get(&format!("/api/v1/contest/entries/{entry}"), &colleague.token).await;
        assert_eq!(seen.status, 200, "assigned to them: {}", seen.text);
        assert!(seen.json().get("person_id").is_none() && !seen.text.contains(&entrant.id), "blind: {}", seen.text);
        assert_eq!(app.get(&contest.path("/results?live=true"), &colleague.token).await.status, 403);
        assert_eq!(app.get(&contest.path("/progress"), &colleague.token).await.status, 403);
        assert_eq!(app.get(&contest.path("/results?live=true"), &runner.token).await.status, 200, "its runner still reads them");
    }
}

on_both_backends! {
    async fn a_team_entry_is_in_a_named_members_record_only_once_they_confirm(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let runner = app.organiser(&district, "党校组织员", "party_school").await;
        let (author, named, declining) = (app.cadre(&district, "作者").await, app.cadre(&district, "队员").await, app.cadre(&district, "拒绝者").await);
        let contest = app.contest(&runner, json!({})).await;
        app.move_to(&runner, &contest, "submission").await;
        let team = app.post(&contest.path("/entries"), &author.token, &json!({"title": "一网通办", "summary": "团队成果", "entrant_kind": "team", "team_member_ids": [named.id, declining.id]})).await;
        assert_eq!(team.status, 201, "{}", team.text);
        assert_eq!(team.json()["members"], json!([author.id]), "only the author until others confirm");
        assert_eq!(team.json()["pending_members"], json!([named.id, declining.id]));
        let entry = team.json()["id"].as_str().expect("id").to_owned();
        assert_eq!(app.post(&format!("/api/v1/contest/entries/{entry}/submission"), &author.token, &json!({})).await.status, 200);
        let record = "/api/v1/contest/me/record";
        assert!(!app.get(record, &named.token).await.text.contains("一网通办"), "not in the record before confirming");
        assert_eq!(app.get(&format!("/api/v1/contest/entries/{entry}"), &named.token).await.status, 200, "the named member sees what they are asked to join");

        let membership = format!("/api/v1/contest/entries/{entry}/membership");
        let confirmed = app.call(Method::PUT, &membership, &named.token, None).await;
        assert_eq!(confirmed.status, 200, "{}", confirmed.text);
        assert_eq!(confirmed.json()["members"], json!([author.id, named.id]));
        let declined = app.call(Method::DELETE, &membership, &declining.token, None).await;
        assert_eq!(declined.status, 200, "{}", declined.text);
        assert_eq!(declined.json()["pending_members"], json!([]));
        let mine = app.get(record, &named.token).await;
        assert!(mine.text.contains("一网通办"), "in the record once confirmed: {}", mine.text);
        assert!(!app.get(record, &declining.token).await.text.contains("一网通办"));
        assert_eq!(app.get(&format!("/api/v1/contest/entries/{entry}"), &declining.token).await.status, 404, "declined: no longer theirs");
        let again = app.call(Method::PUT, &membership, &declining.token, None).await;
        assert_eq!(again.status, 404, "a declined invitation cannot be taken back up: {}", again.text);
        let stranger = app.call(Method::PUT, &membership, &runner.token, None).await;
        assert_eq!(stranger.status, 404, "{}", stranger.text);
    }
}
