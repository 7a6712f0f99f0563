//! Training behind the gateway (see `learning_tree_tests::harness`), with training's own
//! helpers: courses, sessions, enrolments, transfers seen by training's directory copy.

use std::ops::Deref;
use std::time::Duration;

use chrono::{DateTime, Utc};
pub use learning_tree_tests::harness::{Harness, Someone, minutes};
use lt_test_support::TestDb;
use reqwest::Method;
use serde_json::{Value, json};

/// Identity and training, with the gateway in front.
pub struct Training(Harness);

impl Deref for Training {
    type Target = Harness;

    fn deref(&self) -> &Harness {
        &self.0
    }
}

pub async fn start(db: TestDb) -> Training {
    Training(Harness::start("training", db).await)
}

impl Training {
    /// Moves `person` to `unit` in identity and waits until training's directory copy
    /// knows (as a transfer reaches a service within its refresh interval).
    pub async fn transfer(&self, person: &Someone, unit: &str) {
        let path = format!("/api/v1/identity/people/{}", person.id);
        let moved = self
            .update(
                Method::PATCH,
                &path,
                &path,
                &self.admin,
                &json!({"org_unit_id": unit}),
            )
            .await;
        assert_eq!(moved.status, 200, "{}", moved.text);
        let seen = format!("/api/v1/training/people/{}/requirements", person.id);
        for _ in 0..200 {
            if self.get(&seen, &self.admin).await.json()["org_unit_id"] == unit {
                return;
            }
            actix_web::rt::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("training never saw the transfer");
    }

    /// A course made by `token` from `body` (title, kind, … added when missing); its id.
    pub async fn course(&self, token: &str, body: Value) -> String {
        let mut full = json!({"title": "学习贯彻党的二十大精神", "kind": "weekend_class", "mechanism": "team_learning", "credit_hours": "3.00", "full_time": false});
        for (key, value) in body.as_object().into_iter().flatten() {
            full[key] = value.clone();
        }
        let made = self.post("/api/v1/training/courses", token, &full).await;
        assert_eq!(made.status, 201, "{}", made.text);
        made.json()["id"].as_str().expect("id").to_owned()
    }

    /// A session of `course` from `starts` to `ends` with `capacity` seats; extra fields merged.
    pub async fn session(
        &self,
        token: &str,
        course: &str,
        starts: DateTime<Utc>,
        ends: DateTime<Utc>,
        capacity: i32,
        extra: Value,
    ) -> String {
        let mut body = json!({"starts_at": starts, "ends_at": ends, "venue": "区委党校 302 教室", "capacity": capacity});
        for (key, value) in extra.as_object().into_iter().flatten() {
            body[key] = value.clone();
        }
        let made = self
            .post(
                &format!("/api/v1/training/courses/{course}/sessions"),
                token,
                &body,
            )
            .await;
        assert_eq!(made.status, 201, "{}", made.text);
        made.json()["id"].as_str().expect("id").to_owned()
    }

    /// Enrols the caller; the enrolment.
    pub async fn enrol(&self, session: &str, who: &Someone) -> Value {
        let enrolled = self
            .post(
                &format!("/api/v1/training/sessions/{session}/enrolments"),
                &who.token,
                &json!({}),
            )
            .await;
        assert_eq!(enrolled.status, 201, "{}", enrolled.text);
        enrolled.json()
    }
}
