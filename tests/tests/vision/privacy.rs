//! Visibility: a private vision is its owner's, their coordinators' and the programme
//! office's; as a parent it is as good as absent to anyone else. Links never close a cycle.

use lt_test_support::on_both_backends;
use serde_json::json;

use crate::support::start;

on_both_backends! {
    async fn private_visions_are_invisible_to_others_and_links_never_make_cycles(db: TestDb) {
        let app = start(db).await;
        let district_unit = app.unit("钟楼区", None).await;
        let finance = app.unit("区财政局", Some(&district_unit)).await;
        let education = app.unit("区教育局", Some(&district_unit)).await;
        let coordinator = app.coordinator(&finance, "财政局协调员").await;
        let other_coordinator = app.coordinator(&education, "教育局协调员").await;
        let cadre = app.cadre(&finance, "干部甲").await;
        let colleague = app.cadre(&finance, "干部乙").await;
        let teacher = app.cadre(&education, "教师").await;
        let tree = app.tree(&district_unit, &finance, &coordinator, &cadre).await;

        let path = format!("/api/v1/vision/nodes/{}", tree.personal);
        for (who, status) in [(&cadre.token, 200), (&coordinator.token, 200), (&app.admin, 200), (&colleague.token, 404), (&teacher.token, 404), (&other_coordinator.token, 404)] {
            assert_eq!(app.get(&path, who).await.status, status, "{}", app.get(&path, who).await.text);
        }
        assert_eq!(app.get(&format!("/api/v1/vision/nodes/{}/progress", tree.goal), &teacher.token).await.status, 404);
        // The department's team vision: its people see it, another department does not.
        let team_path = format!("/api/v1/vision/nodes/{}", tree.team);
        assert_eq!(app.get(&team_path, &colleague.token).await.status, 200);
        assert_eq!(app.get(&team_path, &teacher.token).await.status, 404);

        // Another department's private goal as a parent: not found, nothing written.
        let teacher_vision = app.made(&teacher.token, json!({"kind": "personal", "title": "教师愿景", "parents": [{"node_id": tree.other_target}]})).await;
        let sneaky = app.node(&teacher.token, json!({"kind": "goal", "title": "借用", "parents": [{"node_id": tree.goal}]})).await;
        assert_eq!(sneaky.status, 404, "{}", sneaky.text);
        let link = app.post(&format!("/api/v1/vision/nodes/{teacher_vision}/parents"), &teacher.token, &json!({"node_id": tree.team_goal})).await;
        assert_eq!(link.status, 404, "another department's team goal is not the teacher's to see");
        // Nor may a colleague hang goals under the cadre's vision, or edit it.
        let foreign = app.node(&colleague.token, json!({"kind": "goal", "title": "代写", "parents": [{"node_id": tree.team_goal}]})).await;
        assert_eq!(foreign.status, 403, "the team goal is visible but the coordinator's");
        assert_eq!(app.get("/api/v1/vision/me/nodes", &teacher.token).await.json()["items"].as_array().map(Vec::len), Some(1));

        // Cycles: goal B under goal A, then A under B.
        let goal_b = app.made(&cadre.token, json!({"kind": "goal", "title": "子目标", "parents": [{"node_id": tree.goal}]})).await;
        let cycle = app.post(&format!("/api/v1/vision/nodes/{}/parents", tree.goal), &cadre.token, &json!({"node_id": goal_b})).await;
        assert_eq!((cycle.status.as_u16(), cycle.problem_code().as_str()), (409, "cycle"));
        let own = app.post(&format!("/api/v1/vision/nodes/{}/parents", tree.goal), &cadre.token, &json!({"node_id": tree.goal})).await;
        assert_eq!(own.problem_code(), "cycle");
        // A personal vision may also serve a target directly, with a weight.
        let extra = app.post(&format!("/api/v1/vision/nodes/{}/parents", tree.personal), &cadre.token, &json!({"node_id": tree.other_target, "weight": "0.5"})).await;
        assert_eq!(extra.status, 200, "{}", extra.text);
        assert_eq!(extra.json()["parents"].as_array().map(Vec::len), Some(2));
        // Kinds: a target never hangs under a team vision.
        let wrong = app.node(&app.admin, json!({"kind": "target", "title": "错挂", "parents": [{"node_id": tree.team}]})).await;
        assert_eq!((wrong.status.as_u16(), wrong.problem_code().as_str()), (409, "wrong_parent"));
        // Only the programme office makes the district vision and targets; a coordinator
        // only their own department's team vision.
        assert_eq!(app.node(&coordinator.token, json!({"kind": "target", "title": "x", "parents": [{"node_id": tree.district}]})).await.status, 403);
        assert_eq!(app.node(&other_coordinator.token, json!({"kind": "team", "title": "x", "org_unit_id": finance, "parents": [{"node_id": tree.target}]})).await.status, 403);

        // A reporting account's feed leaves private nodes out.
        let reader = app.service("reporting", &["reports:read"]).await;
        let feed = app.get("/api/v1/vision/nodes/changes?limit=100", &reader).await.json();
        let ids: Vec<&str> = feed["items"].as_array().expect("items").iter().filter_map(|n| n["id"].as_str()).collect();
        assert!(ids.contains(&tree.district.as_str()) && !ids.contains(&tree.personal.as_str()), "{feed}");
        let admin_feed = app.get("/api/v1/vision/nodes/changes?limit=100", &app.admin).await.json();
        assert!(admin_feed["items"].as_array().expect("items").iter().any(|n| n["id"] == tree.personal.as_str()));
        assert_eq!(app.get("/api/v1/vision/nodes/changes", &cadre.token).await.status, 403);
        assert_eq!(app.get(&format!("/api/v1/vision/people/{}/record", cadre.id), &teacher.token).await.status, 404);
    }
}
