//! Vision behind the gateway (see `learning_tree_tests::harness`), with vision's own
//! helpers: a district vision with a target, a department's team vision and goal, a cadre's
//! personal vision and goal.

use std::ops::Deref;

pub use learning_tree_tests::harness::{Harness, Someone};
use lt_test_support::{TestDb, TestResponse};
use serde_json::{Value, json};

/// Identity and vision, with the gateway in front.
pub struct Vision(Harness);

impl Deref for Vision {
    type Target = Harness;

    fn deref(&self) -> &Harness {
        &self.0
    }
}

pub async fn start(db: TestDb) -> Vision {
    Vision(Harness::start("vision", db).await)
}

/// The ids of a three-level tree made by [`Vision::tree`].
pub struct Tree {
    pub district: String,
    pub target: String,
    pub other_target: String,
    pub team: String,
    pub team_goal: String,
    pub personal: String,
    pub goal: String,
}

impl Vision {
    /// Creates a node as `who`; the answer.
    pub async fn node(&self, token: &str, body: Value) -> TestResponse {
        self.post("/api/v1/vision/nodes", token, &body).await
    }

    /// Creates a node that must be created; its id.
    pub async fn made(&self, token: &str, body: Value) -> String {
        let made = self.node(token, body).await;
        assert_eq!(made.status, 201, "{}", made.text);
        made.json()["id"].as_str().expect("id").to_owned()
    }

    /// District (admin) → two targets → the coordinator's team vision and team goal → the
    /// cadre's personal vision and goal.
    pub async fn tree(
        &self,
        district_unit: &str,
        department: &str,
        coordinator: &Someone,
        cadre: &Someone,
    ) -> Tree {
        let district = self.made(&self.admin, json!({"kind": "district", "title": "钟楼区共同愿景", "visibility": "public", "org_unit_id": district_unit})).await;
        let target = self.made(&self.admin, json!({"kind": "target", "title": "现代产业区", "parents": [{"node_id": district}]})).await;
        let other_target = self.made(&self.admin, json!({"kind": "target", "title": "开放先行区", "parents": [{"node_id": district}]})).await;
        let team = self.made(&coordinator.token, json!({"kind": "team", "title": "财政局团队愿景", "org_unit_id": department, "parents": [{"node_id": target}]})).await;
        let team_goal = self
            .made(
                &coordinator.token,
                json!({"kind": "goal", "title": "预算绩效全覆盖", "parents": [{"node_id": team}]}),
            )
            .await;
        self.accept(&self.admin, &target, &team, "1").await;
        let personal = self.made(&cadre.token, json!({"kind": "personal", "title": "成为预算绩效能手", "parents": [{"node_id": team_goal}]})).await;
        self.accept(&coordinator.token, &team_goal, &personal, "1")
            .await;
        let goal = self.made(&cadre.token, json!({"kind": "goal", "title": "年度学习目标", "parents": [{"node_id": personal}]})).await;
        Tree {
            district,
            target,
            other_target,
            team,
            team_goal,
            personal,
            goal,
        }
    }

    /// The parent's keeper accepts `child`'s link with `weight`, so that it counts.
    pub async fn accept(&self, keeper: &str, parent: &str, child: &str, weight: &str) {
        let path = format!("/api/v1/vision/nodes/{parent}/children/{child}/acceptance");
        let accepted = self
            .call(
                reqwest::Method::PUT,
                &path,
                keeper,
                Some(&json!({"weight": weight})),
            )
            .await;
        assert_eq!(accepted.status, 200, "{}", accepted.text);
    }

    /// A key result under `parent`; its id.
    pub async fn key_result(
        &self,
        who: &Someone,
        parent: &str,
        weight: &str,
        baseline: &str,
        target: &str,
        direction: &str,
    ) -> String {
        self.made(&who.token, json!({"kind": "key_result", "title": format!("{baseline}→{target}"), "parents": [{"node_id": parent, "weight": weight}], "baseline": baseline, "target": target, "direction": direction, "unit": "分"})).await
    }

    pub async fn check_in(&self, who: &Someone, node: &str, value: &str) -> TestResponse {
        self.post(
            &format!("/api/v1/vision/nodes/{node}/check-ins"),
            &who.token,
            &json!({"value": value, "confidence": 7, "comment": "按计划推进"}),
        )
        .await
    }

    /// The node's progress as `who` sees it.
    pub async fn progress(&self, token: &str, node: &str) -> Value {
        let read = self
            .get(&format!("/api/v1/vision/nodes/{node}/progress"), token)
            .await;
        assert_eq!(read.status, 200, "{}", read.text);
        read.json()
    }
}
