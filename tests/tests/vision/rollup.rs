//! The three-level tree: check-ins rolling up with weights, clamping, late results,
//! indicators with the seed's figures, and the public board.

use lt_test_support::on_both_backends;
use serde_json::json;

use crate::support::start;

on_both_backends! {
    async fn check_ins_roll_up_the_tree_with_weights_and_the_trace_explains_them(db: TestDb) {
        let app = start(db).await;
        let district_unit = app.unit("钟楼区", None).await;
        let finance = app.unit("区财政局", Some(&district_unit)).await;
        let coordinator = app.coordinator(&finance, "财政局协调员").await;
        let cadre = app.cadre(&finance, "干部甲").await;
        let tree = app.tree(&district_unit, &finance, &coordinator, &cadre).await;
        // Two key results on the cadre's goal, weights 2 and 1.
        let up = app.key_result(&cadre, &tree.goal, "2", "100", "200", "increase").await;
        let down = app.key_result(&cadre, &tree.goal, "1", "50", "30", "decrease").await;
        assert_eq!(app.progress(&cadre.token, &up).await["progress"], "0.00", "no check-in: at its baseline");

        // 140 of 100→200: 40 %; 45 of 50→30 (lower is better): 25 %.
        assert_eq!(app.check_in(&cadre, &up, "140").await.status, 201);
        assert_eq!(app.check_in(&cadre, &down, "45").await.status, 201);
        // Goal: (2 × 40 + 1 × 25) / 3 = 35 %, and so every node above (the other target has
        // nothing measured: left out, not counted as 0).
        for node in [&tree.goal, &tree.personal, &tree.team_goal, &tree.team, &tree.target, &tree.district] {
            assert_eq!(app.progress(&app.admin, node).await["progress"], "35.00", "{node}");
        }
        let goal = app.progress(&cadre.token, &tree.goal).await;
        let trace = &goal["trace"];
        assert_eq!(trace["kind"], "rolled");
        let parts: Vec<(String, String, String)> = trace["contributions"].as_array().expect("contributions").iter().map(|c| (c["share"].as_str().unwrap_or("").to_owned(), c["progress"].as_str().unwrap_or("").to_owned(), c["contribution"].as_str().unwrap_or("").to_owned())).collect();
        assert!(parts.contains(&("66.6667".into(), "40.0000".into(), "26.6667".into())), "{parts:?}");
        assert!(parts.contains(&("33.3333".into(), "25.0000".into(), "8.3333".into())), "{parts:?}");
        let district = app.progress(&app.admin, &tree.district).await;
        assert_eq!(district["trace"]["excluded"], json!([tree.other_target]));
        let measured = app.progress(&cadre.token, &down).await;
        assert_eq!((measured["trace"]["kind"].as_str(), measured["trace"]["current"].as_str(), measured["trace"]["direction"].as_str()), (Some("measured"), Some("45"), Some("decrease")));

        // Beyond the target counts as 100 %: (2 × 40 + 100) / 3 = 60 %.
        app.check_in(&cadre, &down, "20").await;
        let clamped = app.progress(&cadre.token, &down).await;
        assert_eq!((clamped["progress"].as_str(), clamped["trace"]["clamped"].as_str()), (Some("100.00"), Some("above_target")));
        assert_eq!(app.progress(&cadre.token, &tree.goal).await["progress"], "60.00");
        // Below the baseline counts as 0: (0 + 100) / 3 = 33.33 (rounded once, at the end).
        app.check_in(&cadre, &up, "90").await;
        assert_eq!(app.progress(&cadre.token, &tree.goal).await["progress"], "33.33");
        let history = app.get(&format!("/api/v1/vision/nodes/{up}/check-ins"), &cadre.token).await.json();
        assert_eq!(history["items"].as_array().map(Vec::len), Some(2), "the full history stays");

        // A result recorded after its period closed is marked late.
        let last_year = app.made(&cadre.token, json!({"kind": "key_result", "title": "去年的结果", "parents": [{"node_id": tree.goal}], "baseline": "0", "target": "10", "direction": "increase", "period": "2025"})).await;
        let late = app.check_in(&cadre, &last_year, "10").await;
        assert_eq!((late.status.as_u16(), late.json()["late"].as_bool()), (201, Some(true)), "{}", late.text);
        assert_eq!(app.check_in(&cadre, &up, "150").await.json()["late"], false);

        // Indicators with the seed's figures: GDP 47.8 亿元 in the first half-year.
        let indicator = app.post(&format!("/api/v1/vision/nodes/{}/indicators", tree.district), &app.admin, &json!({"name": "地区生产总值", "unit": "亿元", "baseline": "38", "target": "95.6", "direction": "increase", "period": "2026"})).await;
        assert_eq!(indicator.status, 201, "{}", indicator.text);
        let indicator_id = indicator.json()["id"].as_str().expect("id").to_owned();
        let actual = app.post(&format!("/api/v1/vision/indicators/{indicator_id}/actuals"), &app.admin, &json!({"value": "47.8", "source": "区统计局", "observed_on": "2026-06-30"})).await;
        assert_eq!(actual.status, 201, "{}", actual.text);
        // (47.8 − 38) / (95.6 − 38) = 9.8 / 57.6 = 17.0138…% → 17.01.
        assert_eq!((actual.json()["progress"].as_str(), actual.json()["actuals"][0]["value"].as_str()), (Some("17.01"), Some("47.8")));
        assert_eq!(app.post(&format!("/api/v1/vision/nodes/{}/indicators", tree.district), &coordinator.token, &json!({"name": "x", "unit": "亿元", "baseline": "1", "target": "2", "direction": "increase", "period": "2026"})).await.status, 403);

        // The board: no token, public items only.
        let board = app.platform.gateway.get("/api/v1/vision/board").await;
        assert_eq!(board.status, 200, "{}", board.text);
        let text = &board.text;
        assert!(text.contains("钟楼区共同愿景") && text.contains("现代产业区") && text.contains("地区生产总值") && text.contains("17.01"), "{text}");
        assert!(!text.contains("成为预算绩效能手") && !text.contains("财政局团队愿景"), "private and department visions stay off the board: {text}");
        let publish = app.update(reqwest::Method::PATCH, &format!("/api/v1/vision/nodes/{}", tree.personal), &format!("/api/v1/vision/nodes/{}", tree.personal), &cadre.token, &json!({"visibility": "public"})).await;
        assert_eq!(publish.status, 200, "{}", publish.text);
        let board = app.platform.gateway.get("/api/v1/vision/board").await.json();
        assert!(board["published"].as_array().is_some_and(|p| p.iter().any(|n| n["id"] == tree.personal.as_str())), "{board}");

        // The cadre's learning record and the reports.
        let record = app.get("/api/v1/vision/me/record", &cadre.token).await.json();
        assert!(record["items"].as_array().is_some_and(|i| i.iter().any(|i| i["kind"] == "vision.check_in")), "{record}");
        let reader = app.service("reporting", &["reports:read"]).await;
        let alignment = app.get("/api/v1/vision/reports/alignment", &reader).await.json();
        let row = alignment["rows"].as_array().expect("rows").iter().find(|r| r["org_unit_id"] == finance.as_str()).expect("finance");
        assert_eq!((row["team_visions"].as_i64(), row["cadres"].as_i64(), row["cadres_aligned"].as_i64()), (Some(1), Some(2), Some(1)), "{alignment}");
        let activity = app.get("/api/v1/vision/reports/check-ins?format=csv", &reader).await;
        assert!(activity.text.starts_with('\u{feff}') && activity.text.contains("区财政局"), "{}", activity.text);
        let progress = app.get("/api/v1/vision/reports/progress", &reader).await.json();
        assert_eq!(progress[0]["team_vision_id"], tree.team.as_str(), "{progress}");
        assert_eq!(app.get("/api/v1/vision/reports/alignment", &cadre.token).await.status, 403);
        let kinds: Vec<String> = app.platform.events("vision").await.into_iter().map(|(k, _)| k).collect();
        for kind in ["vision.node.created", "vision.check_in.recorded", "vision.indicator.actual_recorded", "vision.node.updated"] {
            assert!(kinds.iter().any(|k| k == kind), "{kind} missing from {kinds:?}");
        }
    }
}
