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

on_both_backends! {
    async fn a_reader_of_the_outbox_never_sees_a_later_event_before_an_earlier_one(db: TestDb) {
        let app = spawn(&db).await;
        let (slow, fast, reader) = (app.store.clone(), app.store.clone(), app.store.clone());
        // The first writer records its event and holds its transaction open; the second
        // starts meanwhile. Whatever the backend, a reader paging by number never sees a gap
        // (a cursor past it would skip the event that fills it), and the numbers follow the
        // commits: on SQLite the second waits for the first; on PostgreSQL it commits first.
        let first = async {
            slow.write(|tx| -> Result<(), StoreError> {
                record_event(tx, "sample.slow", &json!({}))?;
                std::thread::sleep(std::time::Duration::from_millis(400));
                Ok(())
            })
            .await
            .map(|()| std::time::Instant::now())
        };
        let second = async {
            actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
            fast.write(|tx| -> Result<(), StoreError> { record_event(tx, "sample.fast", &json!({})).map(|_| ()) })
                .await
                .map(|()| std::time::Instant::now())
        };
        let watch = async {
            let mut seen = Vec::new();
            for _ in 0..40 {
                let page = reader
                    .read(|conn| -> Result<_, StoreError> { Ok(lt_store::events_after(conn, 0, 10)?) })
                    .await
                    .expect("read");
                let seqs: Vec<i64> = page.iter().map(|e| e.seq).collect();
                assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>(), "a gap a cursor would skip");
                seen = page.into_iter().map(|e| e.kind).collect();
                actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            seen
        };
        let (first, second, seen) = tokio::join!(first, second, watch);
        let (slow_done, fast_done) = (first.expect("first"), second.expect("second"));
        let in_commit_order = if slow_done < fast_done { ["sample.slow", "sample.fast"] } else { ["sample.fast", "sample.slow"] };
        assert_eq!(seen, in_commit_order, "numbered in commit order");
    }
}
