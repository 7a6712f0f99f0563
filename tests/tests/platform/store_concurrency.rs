//! The store under concurrency: read-then-write transactions never fail busy, seats never
//! oversell, upserts stay single, a full pool answers 503 quickly instead of hanging.

use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::upsert::excluded;
use futures_util::future::join_all;
use lt_store::{Store, StoreError, lock_rows, on_each_backend};
use lt_test_support::on_both_backends;

use crate::sample::store::{sample_counters, sample_sessions};
use crate::sample::{spawn, spawn_with, store_on};

#[derive(Debug, thiserror::Error)]
enum TestError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

/// Reads a counter, then writes the value read plus one: the classic read-then-write that a
/// deferred SQLite transaction fails with SQLITE_BUSY under concurrency, and that loses
/// updates on PostgreSQL's READ COMMITTED unless the row is locked first.
async fn read_then_increment(store: &Store) -> Result<(), TestError> {
    store
        .write(|tx| {
            lock_rows!(
                tx.conn(),
                sample_counters::table.find("visits"),
                sample_counters::hits
            )?;
            let hits: i64 = sample_counters::table
                .find("visits")
                .select(sample_counters::hits)
                .first(tx.conn())?;
            diesel::update(sample_counters::table.find("visits"))
                .set(sample_counters::hits.eq(hits + 1))
                .execute(tx.conn())?;
            Ok(())
        })
        .await
}

on_both_backends! {
    async fn sixteen_concurrent_read_then_write_transactions_never_fail_busy(db: TestDb) {
        let store = store_on(&db);
        diesel::insert_into(sample_counters::table)
            .values((sample_counters::name.eq("visits"), sample_counters::hits.eq(0_i64)))
            .execute(&mut *store.connection().expect("conn"))
            .expect("seed");
        let deadline = Instant::now() + Duration::from_secs(3);
        let workers = (0..16).map(|_| {
            let store = store.clone();
            async move {
                let mut done = 0_i64;
                while Instant::now() < deadline {
                    read_then_increment(&store).await.expect("no busy error, ever");
                    done += 1;
                }
                done
            }
        });
        let done: i64 = join_all(workers).await.into_iter().sum();
        let hits: i64 = sample_counters::table
            .find("visits")
            .select(sample_counters::hits)
            .first(&mut *store.connection().expect("conn"))
            .expect("read");
        assert!(done > 16, "each worker committed at least once ({done})");
        assert_eq!(hits, done, "no lost update: every committed increment counted");
    }
}

on_both_backends! {
    async fn two_hundred_concurrent_seat_grabs_on_capacity_thirty_seat_exactly_thirty(db: TestDb) {
        let app = spawn_with(&db, |s| s.workers = 2).await;
        let created = app
            .client
            .post_json("/api/v1/sample/sessions", &serde_json::json!({"title": "每月一讲", "capacity": 30}))
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        let id = created.json()["id"].as_str().expect("id").to_owned();
        let grabs = (0..200).map(|_| {
            let client = app.client.clone();
            let path = format!("/api/v1/sample/sessions/{id}/seats");
            async move { client.send(client.request(reqwest::Method::POST, &path)).await }
        });
        let responses = join_all(grabs).await;
        let seated = responses.iter().filter(|r| r.status == 200).count();
        let full = responses.iter().filter(|r| r.status == 409 && r.problem_code() == "session_full").count();
        assert_eq!(seated, 30, "exactly the capacity is seated");
        assert_eq!(full, 170, "everyone else is told the session is full");
        let session = app.client.get(&format!("/api/v1/sample/sessions/{id}")).await.json();
        assert_eq!(session["taken"], 30);
    }
}

on_both_backends! {
    async fn upsert_twice_leaves_one_row_with_the_latest_value(db: TestDb) {
        let store = store_on(&db);
        for hits in [5_i64, 9] {
            store
                .write(move |tx| -> Result<usize, TestError> {
                    Ok(on_each_backend!(tx.conn(), |c| diesel::insert_into(sample_counters::table)
                        .values((sample_counters::name.eq("books"), sample_counters::hits.eq(hits)))
                        .on_conflict(sample_counters::name)
                        .do_update()
                        .set(sample_counters::hits.eq(excluded(sample_counters::hits)))
                        .execute(c))?)
                })
                .await
                .expect("upsert");
        }
        let rows: Vec<(String, i64)> = sample_counters::table
            .load(&mut *store.connection().expect("conn"))
            .expect("load");
        assert_eq!(rows, vec![("books".to_owned(), 9)]);
    }
}

on_both_backends! {
    async fn batch_insert_writes_every_row_in_one_statement(db: TestDb) {
        let store = store_on(&db);
        let rows: Vec<_> = (0..25)
            .map(|i| (sample_counters::name.eq(format!("c{i}")), sample_counters::hits.eq(i64::from(i))))
            .collect();
        let inserted = store
            .write(move |tx| -> Result<usize, TestError> {
                Ok(on_each_backend!(tx.conn(), |c| diesel::insert_into(sample_counters::table)
                    .values(&rows)
                    .execute(c))?)
            })
            .await
            .expect("batch insert");
        assert_eq!(inserted, 25);
        let total: i64 = sample_counters::table
            .count()
            .get_result(&mut *store.connection().expect("conn"))
            .expect("count");
        assert_eq!(total, 25);
    }
}

on_both_backends! {
    async fn an_exhausted_pool_answers_503_with_retry_after_instead_of_hanging(db: TestDb) {
        let app = spawn_with(&db, |s| {
            s.store.max_connections = 1;
            s.store.acquire_timeout = Duration::from_millis(200);
        })
        .await;
        // Hold the only connection for a while.
        let holder = app.store.clone();
        let (holding, now_holding) = std::sync::mpsc::channel();
        let held = actix_web::rt::spawn(async move {
            holder
                .read(move |_conn| -> Result<(), StoreError> {
                    let _ = holding.send(());
                    std::thread::sleep(Duration::from_millis(1500));
                    Ok(())
                })
                .await
        });
        actix_web::web::block(move || now_holding.recv_timeout(Duration::from_secs(10)))
            .await
            .expect("join")
            .expect("the holder has the connection");
        let started = Instant::now();
        let response = app.client.get("/api/v1/sample/sessions").await;
        let waited = started.elapsed();
        assert_eq!(response.status, 503, "{}", response.text);
        assert_eq!(response.problem_code(), "service_unavailable");
        assert_eq!(response.header("retry-after"), Some("1"));
        assert!(waited < Duration::from_millis(1400), "answered before the holder let go ({waited:?})");
        held.await.expect("join").expect("holder");
        let after = app.client.get("/api/v1/sample/sessions").await;
        assert_eq!(after.status, 200, "recovers once a connection is free");
    }
}

on_both_backends! {
    async fn readiness_reports_the_database(db: TestDb) {
        let app = spawn(&db).await;
        let ready = app.client.get("/health/ready").await;
        assert_eq!(ready.status, 200);
        assert_eq!(ready.json()["status"], "ready");
        let count: i64 = sample_sessions::table
            .count()
            .get_result(&mut *app.store.connection().expect("conn"))
            .expect("count");
        assert_eq!(count, 0);
    }
}

/// SQLite giving up on the write lock after `busy_timeout` is contention, known as such from
/// where it happens (`BEGIN IMMEDIATE`), not from the message text: 503 with `Retry-After`,
/// and nothing written.
#[actix_web::test]
async fn a_write_lock_held_past_busy_timeout_answers_503_and_writes_nothing() {
    use diesel::connection::SimpleConnection;

    let db = lt_test_support::TestDb::sqlite();
    let app = spawn_with(&db, |settings| {
        settings.store.busy_timeout = Duration::from_millis(100);
    })
    .await;
    let mut holder = app.store.connection().expect("connection");
    holder
        .batch_execute("BEGIN IMMEDIATE")
        .expect("holds the write lock");
    let refused = app
        .client
        .post_json(
            "/api/v1/sample/sessions",
            &serde_json::json!({"title": "周末课堂", "capacity": 3}),
        )
        .await;
    assert_eq!(refused.status, 503, "{}", refused.text);
    assert_eq!(refused.problem_code(), "service_unavailable");
    assert_eq!(refused.header("retry-after"), Some("1"));
    holder.batch_execute("ROLLBACK").expect("released");
    let rows: i64 = sample_sessions::table
        .count()
        .get_result(&mut *holder)
        .expect("count");
    assert_eq!(rows, 0, "nothing was written");
    let accepted = app
        .client
        .post_json(
            "/api/v1/sample/sessions",
            &serde_json::json!({"title": "周末课堂", "capacity": 3}),
        )
        .await;
    assert_eq!(
        accepted.status, 201,
        "the same request succeeds once the lock is free"
    );
}
