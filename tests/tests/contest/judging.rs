//! Score sheets under load and under audit: 30 judges submitting at once lose nothing; a
//! submitted sheet is locked to its judge, changed only by the programme office with a
//! reason; every change is in the hash chain, which detects a tampered row.

use diesel::prelude::*;
use futures_util::future::join_all;
use lt_test_support::on_both_backends;
use serde_json::json;

use crate::support::{result_of, start};

on_both_backends! {
    async fn thirty_judges_submitting_at_once_lose_no_sheet_and_the_audit_chain_holds(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let panel_unit = app.unit("评审专家库", Some(&district)).await;
        let bureau = app.unit("区人社局", Some(&district)).await;
        let organiser = app.organiser_in(&panel_unit, "赛事组织").await;
        let entrant = app.cadre(&bureau, "选手").await;
        let contest = app.contest(&organiser, json!({"aggregation": "mean", "blind": true})).await;
        app.move_to(&organiser, &contest, "submission").await;
        let entry = app.enter(&entrant, &contest, "岗位技能比武").await;
        app.move_to(&organiser, &contest, "judging").await;
        let mut judges = Vec::new();
        for i in 0..30 {
            let judge = app.judge(&panel_unit, &format!("评委{i:02}")).await;
            app.seat(&organiser, &contest, &judge, false).await;
            judges.push(judge);
        }
        let assigned = app.post(&contest.path("/assignments"), &organiser.token, &json!({})).await;
        assert_eq!(assigned.json().as_array().map(Vec::len), Some(30));

        // All at once: judge i gives 创新性 i/3 (0 to 9.67 → hundredths), 实效性 8, 规范性 4.
        let scores: Vec<String> = (0..30).map(|i| format!("{}.{:02}", i / 3, (i % 3) * 33)).collect();
        join_all(judges.iter().zip(&scores).map(|(judge, s)| app.score(judge, &contest, &entry, [s.as_str(), "8", "4"]))).await;
        let progress = app.get(&contest.path("/progress"), &organiser.token).await.json();
        assert_eq!((progress["sheets_submitted"].as_i64(), progress["sheets_due"].as_i64()), (Some(30), Some(0)), "{progress}");
        let results = app.get(&contest.path("/results"), &organiser.token).await.json();
        assert_eq!(result_of(&results, &entry)["steps"]["counted"], 30);
        let trail = app.get(&contest.path("/audit?limit=100"), &app.admin).await.json();
        let records = trail["items"].as_array().expect("items");
        assert_eq!(records.len(), 60, "a save and a submission each");
        let positions: Vec<i64> = records.iter().filter_map(|r| r["position"].as_i64()).collect();
        assert_eq!(positions, (1..=60).collect::<Vec<_>>());
        let verified = app.get(&contest.path("/audit/verification"), &app.admin).await.json();
        assert_eq!((verified["intact"].as_bool(), verified["records"].as_i64()), (Some(true), Some(60)), "{verified}");
        assert_eq!(app.get(&contest.path("/audit"), &organiser.token).await.status, 403, "the trail is the programme office's");

        // Locked: the judge's later PUT is refused; an organiser may not change it either.
        let judge = &judges[29];
        let again = app.save(judge, &contest, &entry, ["1", "1", "1"]).await;
        assert_eq!((again.status.as_u16(), again.problem_code().as_str()), (409, "sheet_locked"));
        let sheet = app.get(&format!("/api/v1/contest/entries/{entry}/sheet"), &judge.token).await.json();
        let sheet_path = format!("/api/v1/contest/sheets/{}", sheet["id"].as_str().expect("id"));
        assert_eq!(app.get(&sheet_path, &judges[0].token).await.status, 404, "another judge's sheet");
        let amendment = json!({"scores": contest.criteria.iter().zip(["9", "9", "5"]).map(|(c, s)| json!({"criterion_id": c, "score": s})).collect::<Vec<_>>(), "reason": "评委录入笔误，经本人确认更正"});
        let by_organiser = app.call(reqwest::Method::PUT, &sheet_path, &organiser.token, Some(&amendment)).await;
        assert_eq!(by_organiser.status, 403);
        let mut no_reason = amendment.clone();
        no_reason.as_object_mut().expect("object").remove("reason");
        let refused = app.call(reqwest::Method::PUT, &sheet_path, &app.admin, Some(&no_reason)).await;
        assert!(refused.status.is_client_error() && refused.text.contains("reason"), "{}", refused.text);
        let amended = app.call(reqwest::Method::PUT, &sheet_path, &app.admin, Some(&amendment)).await;
        assert_eq!(amended.status, 200, "{}", amended.text);
        assert_eq!(amended.json()["scores"][0]["score"], "9.00");
        // The results follow at once (nothing served from before the change), with the sheet
        // tallied anew: judge i's total is 5 × 创新性 + 24 + 16; the amended one 45 + 27 + 20.
        let after = app.get(&contest.path("/results"), &organiser.token).await.json();
        let amended_step = result_of(&after, &entry)["steps"]["sheets"]
            .as_array()
            .and_then(|steps| steps.iter().find(|s| s["judge_id"] == judge.id.as_str()))
            .cloned()
            .expect("the amended sheet's step");
        assert_eq!(amended_step["total"], "92.0000", "{amended_step}");
        let hundredths: i64 = (0..30).map(|i| if i == 29 { 9200 } else { 4000 + 5 * ((i / 3) * 100 + (i % 3) * 33) }).sum();
        let mean = (hundredths + 15) / 30; // the mean in hundredths, rounded half up
        assert_eq!(result_of(&after, &entry)["score"], format!("{}.{:02}", mean / 100, mean % 100), "{after}");
        assert_ne!(result_of(&after, &entry)["score"], result_of(&results, &entry)["score"]);
        let last = app.get(&contest.path("/audit?cursor=60"), &app.admin).await.json();
        assert_eq!((last["items"][0]["action"].as_str(), last["items"][0]["reason"].as_str()), (Some("amended"), Some("评委录入笔误，经本人确认更正")));
        assert_eq!(app.get(&contest.path("/audit/verification"), &app.admin).await.json()["intact"], true);

        // Someone with database access rewrites a score in the trail: the chain says where.
        let store = app.platform.store_of("contest");
        let contest_id = contest.id.clone();
        store
            .write(move |tx| -> Result<(), lt_store::StoreError> {
                diesel::sql_query(format!("UPDATE sheet_audit SET scores = '{{}}' WHERE contest_id = '{contest_id}' AND position = 17"))
                    .execute(tx.conn())?;
                Ok(())
            })
            .await
            .expect("tamper");
        let broken = app.get(&contest.path("/audit/verification"), &app.admin).await.json();
        assert_eq!((broken["intact"].as_bool(), broken["first_broken_position"].as_i64()), (Some(false), Some(17)), "{broken}");
    }
}
