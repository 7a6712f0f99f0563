//! Contest behind the gateway (see `learning_tree_tests::harness`), with contest's own
//! helpers: a contest with a three-criterion rubric, entries submitted, sheets scored.

use std::ops::Deref;

pub use learning_tree_tests::harness::{Harness, Someone};
use lt_test_support::{TestDb, TestResponse};
use serde_json::{Value, json};

/// Identity and contest, with the gateway in front.
pub struct Contest(Harness);

impl Deref for Contest {
    type Target = Harness;

    fn deref(&self) -> &Harness {
        &self.0
    }
}

pub async fn start(db: TestDb) -> Contest {
    Contest(Harness::start("contest", db).await)
}

/// A contest as made by [`Contest::contest`]: its id and the rubric's criterion ids
/// (创新性 50% max 10, 实效性 30% max 10, 规范性 20% max 5).
pub struct Made {
    pub id: String,
    pub criteria: [String; 3],
}

impl Made {
    pub fn path(&self, rest: &str) -> String {
        format!("/api/v1/contest/contests/{}{rest}", self.id)
    }
}

impl Contest {
    /// A contest organiser in `unit`.
    pub async fn organiser_in(&self, unit: &str, name: &str) -> Someone {
        self.person_with(
            unit,
            name,
            "二级主任科员",
            "2020-01-01",
            &["organiser", "cadre"],
            None,
            1980,
        )
        .await
    }

    /// A judge (any cadre can sit on a panel; the role says they judge).
    pub async fn judge(&self, unit: &str, name: &str) -> Someone {
        self.person_with(
            unit,
            name,
            "三级调研员",
            "2020-01-01",
            &["judge", "cadre"],
            None,
            1972,
        )
        .await
    }

    /// Creates a contest with `settings` merged into the defaults, sets the rubric; in
    /// phase `preparing`.
    pub async fn contest(&self, by: &Someone, settings: Value) -> Made {
        let mut body = json!({"title": "展示学习成果，提升服务水平", "kind": "achievement", "mechanism": "nutrition_supply", "aggregation": "trimmed_mean"});
        for (key, value) in settings.as_object().into_iter().flatten() {
            body[key] = value.clone();
        }
        let made = self
            .post("/api/v1/contest/contests", &by.token, &body)
            .await;
        assert_eq!(made.status, 201, "{}", made.text);
        assert_eq!(made.json()["phase"], "preparing");
        let id = made.json()["id"].as_str().expect("id").to_owned();
        let rubric = self
            .call(reqwest::Method::PUT, &format!("/api/v1/contest/contests/{id}/rubric"), &by.token, Some(&json!({"criteria": [
                {"name": "创新性", "weight": 50, "max_score": 10, "levels": [{"score": 9, "description": "思路新颖、成效显著"}]},
                {"name": "实效性", "weight": 30, "max_score": 10},
                {"name": "规范性", "weight": 20, "max_score": 5},
            ]})))
            .await;
        assert_eq!(rubric.status, 200, "{}", rubric.text);
        let ids: Vec<String> = rubric.json()["criteria"]
            .as_array()
            .expect("criteria")
            .iter()
            .map(|c| c["id"].as_str().expect("id").to_owned())
            .collect();
        Made {
            id,
            criteria: [ids[0].clone(), ids[1].clone(), ids[2].clone()],
        }
    }

    pub async fn phase(&self, by: &Someone, contest: &Made, phase: &str) -> TestResponse {
        self.post(&contest.path("/phase"), &by.token, &json!({"phase": phase}))
            .await
    }

    pub async fn move_to(&self, by: &Someone, contest: &Made, phase: &str) {
        let moved = self.phase(by, contest, phase).await;
        assert_eq!(moved.status, 200, "{}", moved.text);
    }

    /// `who` enters and submits; the entry's id.
    pub async fn enter(&self, who: &Someone, contest: &Made, title: &str) -> String {
        let entry = self
            .post(
                &contest.path("/entries"),
                &who.token,
                &json!({"title": title, "summary": "以学促干的做法与成效"}),
            )
            .await;
        assert_eq!(entry.status, 201, "{}", entry.text);
        let id = entry.json()["id"].as_str().expect("id").to_owned();
        let submitted = self
            .post(
                &format!("/api/v1/contest/entries/{id}/submission"),
                &who.token,
                &json!({}),
            )
            .await;
        assert_eq!(submitted.status, 200, "{}", submitted.text);
        id
    }

    pub async fn seat(&self, by: &Someone, contest: &Made, judge: &Someone, trainee: bool) {
        let added = self
            .post(
                &contest.path("/judges"),
                &by.token,
                &json!({"person_id": judge.id, "trainee": trainee}),
            )
            .await;
        assert_eq!(added.status, 201, "{}", added.text);
    }

    /// Saves `judge`'s sheet for `entry` with the three scores.
    pub async fn save(
        &self,
        judge: &Someone,
        contest: &Made,
        entry: &str,
        scores: [&str; 3],
    ) -> TestResponse {
        let body = json!({"scores": contest.criteria.iter().zip(scores).map(|(c, s)| json!({"criterion_id": c, "score": s})).collect::<Vec<_>>(), "comments": "good"});
        self.call(
            reqwest::Method::PUT,
            &format!("/api/v1/contest/entries/{entry}/sheet"),
            &judge.token,
            Some(&body),
        )
        .await
    }

    /// Saves and submits `judge`'s sheet for `entry`.
    pub async fn score(&self, judge: &Someone, contest: &Made, entry: &str, scores: [&str; 3]) {
        let saved = self.save(judge, contest, entry, scores).await;
        assert_eq!(saved.status, 200, "{}", saved.text);
        let submitted = self
            .post(
                &format!("/api/v1/contest/entries/{entry}/sheet/submission"),
                &judge.token,
                &json!({}),
            )
            .await;
        assert_eq!(submitted.status, 200, "{}", submitted.text);
        assert_eq!(submitted.json()["status"], "submitted");
    }
}

/// The result of `entry` in a results document.
pub fn result_of<'a>(results: &'a Value, entry: &str) -> &'a Value {
    results["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["entry_id"] == entry)
        .unwrap_or_else(|| panic!("{entry} not in {results}"))
}
