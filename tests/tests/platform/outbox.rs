//! The outbox: an event commits with its state change, or neither does.

use diesel::prelude::*;
use lt_store::schema::outbox_events;
use lt_store::{StoreError, pending_events, record_event};
use lt_test_support::on_both_backends;
use serde_json::json;

use crate::sample::spawn;
use crate::sample::store::{sample_counters, sample_sessions};

#[derive(Debug, thiserror::Error)]
enum TestError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    #[error("the caller changed its mind")]
    ChangedMind,
}

on_both_backends! {
    async fn an_event_rolls_back_with_its_transaction(db: TestDb) {
        let app = spawn(&db).await;
        let outcome = app
            .store
            .write(|tx| -> Result<(), TestError> {
                diesel::insert_into(sample_counters::table)
                    .values((sample_counters::name.eq("ghost"), sample_counters::hits.eq(1_i64)))
                    .execute(tx.conn())?;
                record_event(tx, "sample.counter.created", &json!({"name": "ghost"}))?;
                Err(TestError::ChangedMind)
            })
            .await;
        assert!(matches!(outcome, Err(TestError::ChangedMind)));
        let mut conn = app.store.connection().expect("conn");
        let events: i64 = outbox_events::table.count().get_result(&mut *conn).expect("count");
        let rows: i64 = sample_counters::table.count().get_result(&mut *conn).expect("count");
        assert_eq!((events, rows), (0, 0), "neither the row nor its event survived");
    }
}

on_both_backends! {
    async fn every_committed_change_leaves_its_event_in_order(db: TestDb) {
        let app = spawn(&db).await;
        let created = app
            .client
            .post_json("/api/v1/sample/sessions", &json!({"title": "周末课堂", "capacity": 3}))
            .await;
        assert_eq!(created.status, 201);
        let id = created.json()["id"].as_str().expect("id").to_owned();
        let deleted = app
            .client
            .send(app.client.request(reqwest::Method::DELETE, &format!("/api/v1/sample/sessions/{id}")))
            .await;
        assert_eq!(deleted.status, 204);
        let events = pending_events(&mut app.store.connection().expect("conn"), 10).expect("events");
        let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["sample.session.created", "sample.session.deleted"]);
        let payload: serde_json::Value = serde_json::from_str(&events[0].payload).expect("json");
        assert_eq!(payload["title"], "周末课堂");
        let left: i64 = sample_sessions::table
            .count()
            .get_result(&mut *app.store.connection().expect("conn"))
            .expect("count");
        assert_eq!(left, 0);
    }
}
