//! Bad input gets a clear answer and writes nothing: a target equal to its baseline,
//! weights ≤ 0, confidence out of range, a check-in edited by someone else or too late.

use lt_test_support::on_both_backends;
use serde_json::json;

use crate::support::start;

on_both_backends! {
    async fn bad_targets_weights_confidence_and_foreign_edits_are_refused(db: TestDb) {
        let app = start(db).await;
        let district_unit = app.unit("钟楼区", None).await;
        let finance = app.unit("区财政局", Some(&district_unit)).await;
        let coordinator = app.coordinator(&finance, "协调员").await;
        let cadre = app.cadre(&finance, "干部甲").await;
        let colleague = app.cadre(&finance, "干部乙").await;
        let tree = app.tree(&district_unit, &finance, &coordinator, &cadre).await;

        let same = app.node(&cadre.token, json!({"kind": "key_result", "title": "x", "parents": [{"node_id": tree.goal}], "baseline": "10", "target": "10.000", "direction": "increase"})).await;
        assert_eq!(same.status, 422, "{}", same.text);
        assert_eq!(same.json()["errors"][0]["field"], "target");
        let backwards = app.node(&cadre.token, json!({"kind": "key_result", "title": "x", "parents": [{"node_id": tree.goal}], "baseline": "10", "target": "5", "direction": "increase"})).await;
        assert_eq!(backwards.status, 422);
        for weight in ["0", "-1", "0.001"] {
            let bad = app.node(&cadre.token, json!({"kind": "goal", "title": "x", "parents": [{"node_id": tree.personal, "weight": weight}]})).await;
            assert!(bad.status.is_client_error(), "{weight}: {}", bad.text);
            assert!(bad.text.contains("parents[0].weight") || bad.text.contains("weight"), "{}", bad.text);
        }
        let orphan = app.node(&cadre.token, json!({"kind": "goal", "title": "无主"})).await;
        assert_eq!(orphan.status, 422);
        assert_eq!(app.get("/api/v1/vision/me/nodes", &cadre.token).await.json()["items"].as_array().map(Vec::len), Some(2), "nothing written");

        let kr = app.key_result(&cadre, &tree.goal, "1", "0", "100", "increase").await;
        for (body, field) in [(json!({"value": "50", "confidence": 11}), "confidence"), (json!({"value": "50", "confidence": 0}), "confidence"), (json!({"value": "abc", "confidence": 5}), "value")] {
            let refused = app.post(&format!("/api/v1/vision/nodes/{kr}/check-ins"), &cadre.token, &body).await;
            assert!(refused.status.is_client_error() && refused.text.contains(field), "{body}: {}", refused.text);
        }
        let not_measured = app.check_in(&cadre, &tree.goal, "1").await;
        assert_eq!((not_measured.status.as_u16(), not_measured.problem_code().as_str()), (409, "not_measured"));
        assert_eq!(app.check_in(&colleague, &kr, "80").await.status, 404, "a colleague does not see the private key result");
        let made = app.check_in(&cadre, &kr, "30").await;
        assert_eq!(made.status, 201);
        let check_in = format!("/api/v1/vision/check-ins/{}", made.json()["id"].as_str().expect("id"));

        // Someone else may not edit it; a coordinator over the cadre may read it, not edit it.
        let foreign = app.update(reqwest::Method::PUT, &check_in, &check_in, &coordinator.token, &json!({"value": "99", "confidence": 9})).await;
        assert_eq!(foreign.status, 403, "{}", foreign.text);
        let stale = app.call(reqwest::Method::PUT, &check_in, &cadre.token, Some(&json!({"value": "35", "confidence": 6}))).await;
        assert_eq!(stale.status, 428, "If-Match is required: {}", stale.text);
        let edited = app.update(reqwest::Method::PUT, &check_in, &check_in, &cadre.token, &json!({"value": "35", "confidence": 6, "comment": "更正"})).await;
        assert_eq!(edited.status, 200, "{}", edited.text);
        assert_eq!((edited.json()["value"].as_str(), edited.json()["edits"][0]["value"].as_str()), (Some("35"), Some("30")), "the earlier version is kept");
        assert_eq!(app.progress(&cadre.token, &kr).await["progress"], "35.00");
        let bad_edit = app.update(reqwest::Method::PUT, &check_in, &check_in, &cadre.token, &json!({"value": "35", "confidence": 12})).await;
        assert_eq!(bad_edit.status, 422);
        assert_eq!(app.get(&check_in, &cadre.token).await.json()["version"], 2, "nothing written by the refused edit");
        let tomorrow = lt_programme::today().succ_opt().expect("day");
        let ahead = app.post(&format!("/api/v1/vision/nodes/{kr}/check-ins"), &cadre.token, &json!({"value": "1", "confidence": 5, "checked_on": tomorrow})).await;
        assert_eq!(ahead.status, 422);
    }
}

on_both_backends! {
    async fn a_stored_kind_the_code_cannot_read_is_one_clear_server_error(db: TestDb) {
        let app = start(db).await;
        let unit = app.unit("钟楼区", None).await;
        let district = app.made(&app.admin, json!({"kind": "district", "title": "钟楼区共同愿景", "visibility": "public", "org_unit_id": unit})).await;
        let path = format!("/api/v1/vision/nodes/{district}");
        assert_eq!(app.get(&path, &app.admin).await.json()["kind"], "district");
        // A value no version of the code wrote: the read fails the same way wherever the row
        // is read (500, cause logged), never defaulted or silently dropped.
        let id = district.clone();
        app.platform
            .store_of("vision")
            .write(move |tx| -> Result<(), lt_store::StoreError> {
                use diesel::RunQueryDsl;
                diesel::sql_query(format!("UPDATE nodes SET kind = 'bogus' WHERE id = '{id}'")).execute(tx.conn())?;
                Ok(())
            })
            .await
            .expect("corrupted");
        for read in [path.clone(), "/api/v1/vision/nodes/changes".to_owned()] {
            let answer = app.get(&read, &app.admin).await;
            assert_eq!((answer.status.as_u16(), answer.problem_code().as_str()), (500, "internal_error"), "{read}: {}", answer.text);
            assert!(!answer.text.contains("bogus"), "the stored value stays in the log, not the answer");
        }
    }
}
