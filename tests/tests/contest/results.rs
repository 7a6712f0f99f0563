//! Live results are kept up to date between changes (each service process keeps the sheets'
//! tallies it last read and reads only what changed since): after every kind of change they
//! equal results computed afresh from every sheet, as a publication computes them.

use lt_test_support::on_both_backends;
use serde_json::{Value, json};

use crate::support::{Contest, Made, result_of, start};

/// The live results as an organiser reads them (every entry on one page).
async fn live(app: &Contest, token: &str, contest: &Made) -> Value {
    let read = app
        .get(&contest.path("/results?live=true&limit=100"), token)
        .await;
    assert_eq!(read.status, 200, "{}", read.text);
    read.json()
}

fn sheets_shown(results: &Value, entry: &str) -> usize {
    result_of(results, entry)["steps"]["sheets"]
        .as_array()
        .map_or(0, Vec::len)
}

on_both_backends! {
    async fn live_results_kept_up_to_date_equal_results_computed_afresh(db: TestDb) {
        let app = start(db).await;
        let district = app.unit("钟楼区", None).await;
        let panel_unit = app.unit("评审专家库", Some(&district)).await;
        let bureau = app.unit("区人社局", Some(&district)).await;
        let organiser = app.organiser_in(&panel_unit, "赛事组织").await;
        let contest = app.contest(&organiser, json!({"aggregation": "trimmed_mean"})).await;
        app.move_to(&organiser, &contest, "submission").await;
        let mut entries = Vec::new();
        for i in 0..3 {
            let entrant = app.cadre(&bureau, &format!("选手{i}")).await;
            entries.push(app.enter(&entrant, &contest, &format!("创新成果{i}")).await);
        }
        app.move_to(&organiser, &contest, "judging").await;
        let mut judges = Vec::new();
        for i in 0..5 {
            let judge = app.judge(&panel_unit, &format!("评委{i}")).await;
            app.seat(&organiser, &contest, &judge, i == 4).await; // the last one a trainee
            judges.push(judge);
        }
        let assigned = app.post(&contest.path("/assignments"), &organiser.token, &json!({})).await;
        assert!(assigned.status.is_success(), "{}", assigned.text);
        let first = live(&app, &organiser.token, &contest).await;
        assert_eq!(sheets_shown(&first, &entries[0]), 0);

        // Judges submit one after another, the results read after each: each read sees
        // exactly the sheets submitted so far.
        for (j, judge) in judges.iter().enumerate() {
            for (e, entry) in entries.iter().enumerate() {
                let innovation = (4 + e + j).to_string();
                app.score(judge, &contest, entry, [innovation.as_str(), "8", "4"]).await;
            }
            let now = live(&app, &organiser.token, &contest).await;
            assert_eq!(sheets_shown(&now, &entries[2]), j + 1, "{now}");
        }
        // A trainee's sheet is shown, never counted; with four counted sheets trimming keeps two.
        let all = live(&app, &organiser.token, &contest).await;
        assert_eq!(result_of(&all, &entries[0])["steps"]["counted"], 2, "{all}");

        // The programme office amends judge 0's sheet for entry 1: 4 + 1 + 0 → 10.
        let sheet = app.get(&format!("/api/v1/contest/entries/{}/sheet", entries[1]), &judges[0].token).await.json();
        let amendment = json!({"scores": contest.criteria.iter().zip(["10", "8", "4"]).map(|(c, s)| json!({"criterion_id": c, "score": s})).collect::<Vec<_>>(), "reason": "复核更正"});
        let amended = app.call(reqwest::Method::PUT, &format!("/api/v1/contest/sheets/{}", sheet["id"].as_str().expect("id")), &app.admin, Some(&amendment)).await;
        assert_eq!(amended.status, 200, "{}", amended.text);
        let after_amendment = live(&app, &organiser.token, &contest).await;
        let totals: Vec<&str> = result_of(&after_amendment, &entries[1])["steps"]["sheets"]
            .as_array()
            .expect("sheets")
            .iter()
            .filter_map(|s| (s["judge_id"] == judges[0].id.as_str()).then(|| s["total"].as_str()).flatten())
            .collect();
        assert_eq!(totals, ["90.0000"], "5 × 10 + 24 + 16");

        // An entry disqualified leaves the results.
        let out = app.post(&format!("/api/v1/contest/entries/{}/disqualification", entries[2]), &organiser.token, &json!({"reason": "抄袭"})).await;
        assert_eq!(out.status, 200, "{}", out.text);
        let kept = live(&app, &organiser.token, &contest).await;
        assert_eq!(kept["total"], 2, "{kept}");

        // 公示 publishes results computed afresh from every sheet: the same, step by step.
        app.move_to(&organiser, &contest, "notice").await;
        let published = app.get(&contest.path("/results?limit=100"), &organiser.token).await.json();
        assert_eq!(published["stage"], "notice");
        assert_eq!(published["results"], kept["results"], "published {published}\nlive {kept}");
    }
}
