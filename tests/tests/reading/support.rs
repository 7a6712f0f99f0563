//! Reading behind the gateway (see `learning_tree_tests::harness`), with reading's own
//! helpers.

use std::ops::Deref;

pub use learning_tree_tests::harness::{Harness, Someone};
use lt_test_support::TestDb;
use serde_json::{Value, json};

/// Identity and reading, with the gateway in front.
pub struct Reading(Harness);

impl Deref for Reading {
    type Target = Harness;

    fn deref(&self) -> &Harness {
        &self.0
    }
}

pub async fn start(db: TestDb) -> Reading {
    Reading(Harness::start("reading", db).await)
}

impl Reading {
    /// A reading coordinator (the programme's reading office) in `unit`.
    pub async fn reading_coordinator(&self, unit: &str, name: &str) -> Someone {
        self.person_with(
            unit,
            name,
            "二级主任科员",
            "2020-01-01",
            &["reading_coordinator", "cadre"],
            None,
            1982,
        )
        .await
    }

    /// Logs `body` for `who` (read today unless the body says otherwise); the answer's JSON.
    pub async fn log(&self, who: &Someone, body: Value) -> Value {
        let mut full = json!({"read_on": lt_programme::today(), "pages": 30, "minutes": 45, "title": "平凡的世界"});
        for (key, value) in body.as_object().into_iter().flatten() {
            full[key] = value.clone();
        }
        let made = self.post("/api/v1/reading/logs", &who.token, &full).await;
        assert_eq!(made.status, 201, "{}", made.text);
        made.json()
    }
}

/// Today (Asia/Shanghai) minus `days`, as the API takes days.
pub fn days_ago(days: u64) -> String {
    lt_programme::today()
        .checked_sub_days(chrono::Days::new(days))
        .expect("a day")
        .to_string()
}

/// Today (Asia/Shanghai) plus `days`.
pub fn days_ahead(days: u64) -> String {
    lt_programme::today()
        .checked_add_days(chrono::Days::new(days))
        .expect("a day")
        .to_string()
}
