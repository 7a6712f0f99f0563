//! Cursor pagination and `updated_since` extraction: no skips, no repeats, tombstones.

use std::collections::HashSet;
use std::time::Duration;

use futures_util::future::join_all;
use lt_store::{Store, StoreError, next_change_seq};
use lt_test_support::{TestClient, on_both_backends};
use serde_json::{Value, json};

use crate::sample::spawn;
use crate::sample::store::{STREAM, insert_session};

const PATH: &str = "/api/v1/sample/sessions";

async fn create(client: &TestClient, title: &str) -> String {
    let created = client
        .post_json(PATH, &json!({"title": title, "capacity": 5}))
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    created.json()["id"].as_str().expect("id").to_owned()
}

fn ids(items: &Value) -> Vec<String> {
    items
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("id").to_owned())
        .collect()
}

/// Every session id, in creation order, read in one big page.
async fn all_ids(client: &TestClient) -> Vec<String> {
    ids(&client.get(&format!("{PATH}?limit=500")).await.json()["items"])
}

on_both_backends! {
    async fn paging_while_rows_are_inserted_neither_skips_nor_repeats(db: TestDb) {
        let app = spawn(&db).await;
        for i in 0..20 {
            create(&app.client, &format!("before {i}")).await;
        }
        let before = all_ids(&app.client).await;
        let inserter = {
            let client = app.client.clone();
            actix_web::rt::spawn(async move {
                for i in 0..30 {
                    create(&client, &format!("during {i}")).await;
                }
            })
        };
        let mut seen: Vec<String> = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("{PATH}?limit=3&cursor={c}"),
                None => format!("{PATH}?limit=3"),
            };
            let page = app.client.get(&path).await.json();
            seen.extend(ids(&page["items"]));
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
            actix_web::rt::time::sleep(Duration::from_millis(5)).await;
        }
        inserter.await.expect("inserter");
        let unique: HashSet<&String> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len(), "no row repeated");
        let all = all_ids(&app.client).await;
        assert_eq!(all.len(), 50);
        assert_eq!(seen[..], all[..seen.len()], "what was seen is an unbroken prefix: nothing skipped");
        assert!(before.iter().all(|id| unique.contains(id)), "every row present at the start was seen");
    }
}

/// Inserts a session in a transaction that stays open for `hold` after taking its change
/// number (a slow request committing late); `taken` hears when the number is taken.
async fn insert_slowly(
    store: Store,
    title: &'static str,
    hold: Duration,
    taken: Option<std::sync::mpsc::Sender<()>>,
) -> String {
    store
        .write(move |tx| -> Result<String, StoreError> {
            let seq = next_change_seq(tx, STREAM)?;
            let id = insert_session(tx, seq, title, 1)?;
            if let Some(taken) = taken {
                let _ = taken.send(());
            }
            std::thread::sleep(hold);
            Ok(id)
        })
        .await
        .expect("insert")
}

on_both_backends! {
    async fn a_row_that_commits_late_is_not_skipped_by_a_reader_in_between(db: TestDb) {
        let app = spawn(&db).await;
        let first = create(&app.client, "first").await;
        // A takes its number first and commits late; B starts later and must not become
        // visible before A, or a reader in between would move its cursor past A.
        let (taken, number_taken) = std::sync::mpsc::channel();
        let slow = actix_web::rt::spawn(insert_slowly(app.store.clone(), "late", Duration::from_millis(1200), Some(taken)));
        // Wait (off the async worker) until A holds its number, then start B.
        actix_web::web::block(move || number_taken.recv_timeout(Duration::from_secs(10)))
            .await
            .expect("join")
            .expect("A took its number");
        let quick = actix_web::rt::spawn(insert_slowly(app.store.clone(), "quick", Duration::ZERO, None));
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;

        let page = app.client.get(&format!("{PATH}/changes?limit=10")).await.json();
        assert_eq!(ids(&page["items"]), vec![first.clone()], "only what has committed, in order");
        let cursor = page["next_cursor"].as_str().expect("cursor").to_owned();

        let late = slow.await.expect("slow");
        let quick = quick.await.expect("quick");
        let rest = app.client.get(&format!("{PATH}/changes?limit=10&cursor={cursor}")).await.json();
        assert_eq!(ids(&rest["items"]), vec![late, quick], "the late commit comes next, not never");
        assert_eq!(rest["has_more"], false);
    }
}

on_both_backends! {
    async fn updated_since_returns_changes_and_tombstones_in_commit_order(db: TestDb) {
        let app = spawn(&db).await;
        let started = chrono::Utc::now() - chrono::TimeDelta::seconds(1);
        let a = create(&app.client, "a").await;
        let b = create(&app.client, "b").await;
        let c = create(&app.client, "c").await;
        let deleted = app.client.send(app.client.request(reqwest::Method::DELETE, &format!("{PATH}/{b}"))).await;
        assert_eq!(deleted.status, 204);
        let patched = app
            .client
            .send(
                app.client
                    .request(reqwest::Method::PATCH, &format!("{PATH}/{a}"))
                    .header("If-Match", "\"1\"")
                    .json(&json!({"title": "a2"})),
            )
            .await;
        assert_eq!(patched.status, 200, "{}", patched.text);

        let since = started.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let query = format!("{PATH}/changes?updated_since={}&limit=500", since.replace('+', "%2B"));
        let page = app.client.get(&query).await.json();
        assert_eq!(ids(&page["items"]), vec![c.clone(), a.clone()], "c unchanged since creation, a changed last");
        assert_eq!(page["items"][1]["title"], "a2");
        assert_eq!(page["tombstones"].as_array().map(Vec::len), Some(1));
        assert_eq!(page["tombstones"][0]["id"], b.as_str());
        assert_eq!(page["has_more"], false);

        // One change per page: the same changes, one at a time, then nothing more.
        let mut cursor: Option<String> = None;
        let mut changes = Vec::new();
        for _ in 0..10 {
            let path = match &cursor {
                Some(c) => format!("{PATH}/changes?limit=1&cursor={c}"),
                None => format!("{PATH}/changes?limit=1"),
            };
            let page = app.client.get(&path).await.json();
            changes.extend(ids(&page["items"]));
            changes.extend(page["tombstones"].as_array().expect("tombstones").iter().map(|t| format!("deleted {}", t["id"].as_str().unwrap_or_default())));
            cursor = page["next_cursor"].as_str().map(str::to_owned);
            if page["has_more"] == false {
                break;
            }
        }
        assert_eq!(changes, vec![c.clone(), format!("deleted {b}"), a.clone()]);

        let future = (chrono::Utc::now() + chrono::TimeDelta::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let none = app.client.get(&format!("{PATH}/changes?updated_since={}", future.replace('+', "%2B"))).await.json();
        assert_eq!(none["items"].as_array().map(Vec::len), Some(0));
        assert_eq!(none["tombstones"].as_array().map(Vec::len), Some(0));
    }
}

on_both_backends! {
    async fn many_concurrent_creators_all_appear_once_in_the_changes_feed(db: TestDb) {
        let app = spawn(&db).await;
        let creators = (0..40).map(|i| {
            let client = app.client.clone();
            async move { create(&client, &format!("s{i}")).await }
        });
        let created: HashSet<String> = join_all(creators).await.into_iter().collect();
        assert_eq!(created.len(), 40);
        let page = app.client.get(&format!("{PATH}/changes?limit=500")).await.json();
        let listed: Vec<String> = ids(&page["items"]);
        assert_eq!(listed.len(), 40);
        assert_eq!(listed.iter().collect::<HashSet<_>>(), created.iter().collect::<HashSet<_>>());
    }
}
