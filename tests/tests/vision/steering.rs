//! Nobody steers a vision they do not keep: a "contributes to" link counts toward a parent's
//! progress only once the parent's keeper accepts it and sets its weight; a trace folds the
//! children a reader may not see into one line without ids; someone else's check-in of a
//! vision one may not see is as absent as a made-up id.

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

use crate::support::start;

on_both_backends! {
    async fn links_count_toward_a_parent_only_once_its_keeper_accepts_them(db: TestDb) {
        let app = start(db).await;
        let district_unit = app.unit("钟楼区", None).await;
        let finance = app.unit("区财政局", Some(&district_unit)).await;
        let education = app.unit("区教育局", Some(&district_unit)).await;
        let coordinator = app.coordinator(&finance, "财政局协调员").await;
        let colleague = app.cadre(&finance, "财政干部").await;
        let outsider = app.cadre(&education, "教育局干部").await;
        let district = app.made(&app.admin, json!({"kind": "district", "title": "钟楼区共同愿景", "visibility": "public", "org_unit_id": district_unit})).await;
        let target = app.made(&app.admin, json!({"kind": "target", "title": "现代产业区", "parents": [{"node_id": district}]})).await;
        let team = app.made(&coordinator.token, json!({"kind": "team", "title": "财政局团队愿景", "visibility": "public", "org_unit_id": finance, "parents": [{"node_id": target}]})).await;
        let measured = app.key_result(&coordinator, &team, "1", "0", "100", "increase").await;
        assert_eq!(app.check_in(&coordinator, &measured, "40").await.status, 201);
        assert_eq!(app.progress(&app.admin, &team).await["progress"], "40.00");

        // Another department's cadre hangs a heavy personal vision under the public team
        // vision and checks in 100: the team's progress does not move.
        let made = app.node(&outsider.token, json!({"kind": "personal", "title": "借力", "parents": [{"node_id": team, "weight": "9999.99"}]})).await;
        assert_eq!(made.status, 201, "{}", made.text);
        assert_eq!(made.json()["parents"][0]["accepted"], false, "{}", made.text);
        let theirs = made.json()["id"].as_str().expect("id").to_owned();
        let pushed = app.key_result(&outsider, &theirs, "1", "0", "100", "increase").await;
        let their_check_in = app.check_in(&outsider, &pushed, "100").await;
        assert_eq!(their_check_in.status, 201, "{}", their_check_in.text);
        assert_eq!(app.progress(&app.admin, &team).await["progress"], "40.00", "a pending link does not count");

        // Nor by linking an own key result onto another cadre's public personal vision.
        let public_personal = app.made(&colleague.token, json!({"kind": "personal", "title": "公开的个人愿景", "visibility": "public", "parents": [{"node_id": team}]})).await;
        let own = app.key_result(&colleague, &public_personal, "1", "0", "100", "increase").await;
        assert_eq!(app.check_in(&colleague, &own, "10").await.status, 201);
        let linked = app.post(&format!("/api/v1/vision/nodes/{pushed}/parents"), &outsider.token, &json!({"node_id": public_personal, "weight": "9999.99"})).await;
        assert_eq!(linked.status, 200, "{}", linked.text);
        assert_eq!(app.progress(&colleague.token, &public_personal).await["progress"], "10.00");

        // Only the parent's keeper accepts, setting the weight; then it counts.
        let acceptance = |parent: &str, child: &str| format!("/api/v1/vision/nodes/{parent}/children/{child}/acceptance");
        let refused = app.call(Method::PUT, &acceptance(&team, &theirs), &outsider.token, Some(&json!({"weight": "9999.99"}))).await;
        assert_eq!(refused.status, 403, "{}", refused.text);
        let unknown = app.call(Method::PUT, &acceptance(&team, &public_personal.replace('0', "1")), &coordinator.token, Some(&json!({"weight": "1"}))).await;
        assert_eq!(unknown.status, 404, "{}", unknown.text);
        let accepted = app.call(Method::PUT, &acceptance(&team, &theirs), &coordinator.token, Some(&json!({"weight": "1"}))).await;
        assert_eq!(accepted.status, 200, "{}", accepted.text);
        let parents = accepted.json()["parents"].clone();
        assert_eq!((parents[0]["accepted"].clone(), parents[0]["weight"].clone()), (json!(true), json!("1.00")), "{parents}");
        // The team: its own key result at 40 and the accepted vision at 100, weight 1 each
        // (the colleague's personal vision, linked by its keeper under a team vision it does not
        // keep, waits too).
        assert_eq!(app.progress(&app.admin, &team).await["progress"], "70.00");
        // The outsider's private vision in the team's trace, as the colleague reads it: one
        // folded line, no id.
        let trace = app.progress(&colleague.token, &team).await;
        assert_eq!(trace["trace"]["others"]["children"], 1, "{trace}");
        assert_eq!(trace["trace"]["others"]["contribution"], "50.0000", "{trace}");
        assert!(!trace.to_string().contains(&theirs), "no id of an unseen child: {trace}");
        assert_eq!(trace["trace"]["contributions"].as_array().map(Vec::len), Some(1), "{trace}");
        // Declining: the parent's keeper removes the link.
        let declined = app.call(Method::DELETE, &format!("/api/v1/vision/nodes/{pushed}/parents/{public_personal}"), &colleague.token, None).await;
        assert_eq!(declined.status, 204, "the colleague does not see the outsider's key result: {}", declined.text);
    }
}

on_both_backends! {
    async fn someone_elses_check_in_of_an_unseen_vision_is_as_absent_as_a_made_up_one(db: TestDb) {
        let app = start(db).await;
        let district_unit = app.unit("钟楼区", None).await;
        let finance = app.unit("区财政局", Some(&district_unit)).await;
        let (owner, stranger) = (app.cadre(&finance, "本人").await, app.cadre(&finance, "同事").await);
        let district = app.made(&app.admin, json!({"kind": "district", "title": "钟楼区共同愿景", "visibility": "public", "org_unit_id": district_unit})).await;
        let target = app.made(&app.admin, json!({"kind": "target", "title": "现代产业区", "parents": [{"node_id": district}]})).await;
        let personal = app.made(&owner.token, json!({"kind": "personal", "title": "私人愿景", "parents": [{"node_id": target}]})).await;
        let kr = app.key_result(&owner, &personal, "1", "0", "10", "increase").await;
        let made = app.check_in(&owner, &kr, "3").await;
        let path = format!("/api/v1/vision/check-ins/{}", made.json()["id"].as_str().expect("id"));
        let body = json!({"value": "9", "confidence": 5});
        let real = app.update(Method::PUT, &path, &path, &stranger.token, &body).await;
        let made_up = "/api/v1/vision/check-ins/01a00000-0000-7000-8000-000000000000";
        let absent = app.update(Method::PUT, made_up, made_up, &stranger.token, &body).await;
        assert_eq!((real.status.as_u16(), real.problem_code()), (absent.status.as_u16(), absent.problem_code()), "{} / {}", real.text, absent.text);
        assert_eq!(real.status, 404);
    }
}
