//! Many events from concurrent writers in two services reach one subscription with no gap
//! and no duplicate, each service's events in its commit order.

use std::collections::HashSet;

use futures_util::future::join_all;
use lt_store::StoreError;
use lt_test_support::on_both_backends;
use serde_json::json;

use crate::support::{Receiver, start};

/// Events per service.
const EACH: usize = 5_000;
/// Concurrent writers per service.
const WRITERS: usize = 10;

on_both_backends! {
    async fn ten_thousand_events_from_two_services_arrive_once_each_in_commit_order(db: TestDb) {
        let app = start(db).await;
        let receiver = Receiver::start(&[]);
        app.subscribe(&receiver.url, &["training.load.*", "reading.load.*"]).await;
        // Written straight into each service's outbox by concurrent writers, as its own
        // transactions would (the relay reads them only through the outbox feed).
        let mut writers = Vec::new();
        for service in ["training", "reading"] {
            for writer in 0..WRITERS {
                let store = app.platform.store_of(service);
                writers.push(async move {
                    for i in 0..EACH / WRITERS {
                        store
                            .write(move |tx| -> Result<_, StoreError> {
                                lt_store::record_event(tx, &format!("{service}.load.written"), &json!({"writer": writer, "i": i}))
                            })
                            .await
                            .expect("written");
                    }
                });
            }
        }
        join_all(writers).await;

        let got = receiver.until_within(120, |got| got.len() >= 2 * EACH).await;
        assert_eq!(got.len(), 2 * EACH, "no duplicate delivery");
        let ids: HashSet<&str> = got.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), 2 * EACH, "every id once");
        for service in ["training", "reading"] {
            // The outbox in commit order (its sequence), and the order the receiver saw.
            let outbox: Vec<String> = app.platform.store_of(service)
                .read(|conn| -> Result<_, StoreError> { Ok(lt_store::pending_events(conn, 1_000_000)?) })
                .await
                .expect("outbox")
                .into_iter()
                .filter(|e| e.kind.ends_with(".load.written"))
                .map(|e| e.id)
                .collect();
            assert_eq!(outbox.len(), EACH, "no gap");
            let seen: Vec<String> = got.iter()
                .filter(|r| r.json()["type"] == format!("{service}.load.written"))
                .map(|r| r.id.clone())
                .collect();
            assert_eq!(seen, outbox, "{service}'s events in its commit order");
        }
    }
}
