//! Webhooks as a receiver sees them: retried with one `webhook-id` until it answers 2xx,
//! signed by Standard Webhooks, only the subscribed types, both secrets during a rotation.

use lt_test_support::on_both_backends;

use crate::support::{HANG, Receiver, start, verifies};

on_both_backends! {
    async fn a_receiver_failing_twice_gets_the_event_three_times_with_one_id_and_a_valid_signature(db: TestDb) {
        let app = start(db).await;
        let receiver = Receiver::start(&[500, 500]);
        let (subscription, secret) = app.subscribe(&receiver.url, &["training.*"]).await;
        let course = app.course("每月一讲：数字政府建设").await;

        let got = receiver.until(|got| got.len() >= 3).await;
        assert_eq!(got.len(), 3, "two failures and one success, nothing more");
        assert!(got.iter().all(|r| r.id == got[0].id), "the same webhook-id on every attempt");
        let body = got[2].json();
        assert_eq!(body["type"], "training.course.created");
        assert_eq!(body["data"]["id"], course.as_str());
        assert_eq!(body["data"]["links"]["self"], format!("/api/v1/training/courses/{course}"));
        assert!(body["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')));
        for attempt in &got {
            assert!(verifies(&secret, &attempt.id, &attempt.timestamp, &attempt.body, &attempt.signature), "signed");
        }
        // One byte of the body changed: the signature no longer verifies.
        let last = &got[2];
        let mut tampered = last.body.clone().into_bytes();
        let at = tampered.iter().position(|b| *b == b'3').expect("a digit to change");
        tampered[at] = b'4';
        let tampered = String::from_utf8(tampered).expect("utf-8");
        assert!(!verifies(&secret, &last.id, &last.timestamp, &tampered, &last.signature));

        let log = app.deliveries_until(&subscription, |d| d.first().is_some_and(|d| d["status"] == "succeeded")).await;
        assert_eq!(log.len(), 1);
        assert_eq!((log[0]["attempts"].as_i64(), log[0]["last_status_code"].as_i64()), (Some(3), Some(200)));
        assert_eq!(log[0]["event_id"], got[0].id.as_str());
        assert_eq!(log[0]["last_response"], "noted");
        let read = app.get(&format!("/api/v1/events/subscriptions/{subscription}"), &app.admin).await.json();
        assert_eq!(read["status"], "active");
        assert!(read.get("secret").is_none(), "the secret is shown once, never on a read");
    }
}

on_both_backends! {
    async fn a_training_subscription_gets_no_reading_event_and_a_rotation_signs_with_both_secrets_then_the_new(db: TestDb) {
        let app = start(db).await;
        let receiver = Receiver::start(&[]);
        let (subscription, old) = app.subscribe(&receiver.url, &["training.*"]).await;
        app.book("平凡的世界").await;
        app.course("周末课堂：公文写作").await;
        receiver.until(|got| !got.is_empty()).await;
        assert!(app.platform.events("reading").await.iter().any(|(kind, _)| kind == "reading.book.added"), "the reading event exists");

        let rotated = app.post(&format!("/api/v1/events/subscriptions/{subscription}/secret-rotation"), &app.admin, &serde_json::json!({})).await;
        assert_eq!(rotated.status, 200, "{}", rotated.text);
        let new = rotated.json()["secret"].as_str().expect("a new secret").to_owned();
        assert_ne!(new, old);
        app.course("分类分批培训班").await;
        let got = receiver.until(|got| got.len() >= 2).await;
        let during = &got[1];
        assert_eq!(during.signature.split(' ').count(), 2, "two signatures during the overlap");
        assert!(verifies(&old, &during.id, &during.timestamp, &during.body, &during.signature));
        assert!(verifies(&new, &during.id, &during.timestamp, &during.body, &during.signature));

        // The overlap is 2 s in this test.
        actix_web::rt::time::sleep(std::time::Duration::from_millis(2500)).await;
        app.course("网络培训：数据安全").await;
        let got = receiver.until(|got| got.len() >= 3).await;
        let after = &got[2];
        assert_eq!(after.signature.split(' ').count(), 1);
        assert!(verifies(&new, &after.id, &after.timestamp, &after.body, &after.signature));
        assert!(!verifies(&old, &after.id, &after.timestamp, &after.body, &after.signature));
        // Every event the receiver took was a training one, though reading wrote one first.
        assert!(receiver.got().iter().all(|r| r.json()["type"].as_str().is_some_and(|t| t.starts_with("training."))));
        receiver.stop().await;
    }
}

on_both_backends! {
    async fn gone_disables_the_subscription_and_a_refusal_fails_the_delivery_without_retrying(db: TestDb) {
        let app = start(db).await;
        let gone = Receiver::start(&[410]);
        let (disabled, _) = app.subscribe(&gone.url, &["training.course.created"]).await;
        let refusing = Receiver::start(&[400]);
        let (refused, _) = app.subscribe(&refusing.url, &["training.*"]).await;
        app.course("每月一讲").await;
        let log = app.deliveries_until(&disabled, |d| d.first().is_some_and(|d| d["status"] == "failed")).await;
        assert_eq!(log[0]["attempts"], 1);
        let read = app.get(&format!("/api/v1/events/subscriptions/{disabled}"), &app.admin).await.json();
        assert_eq!(read["status"], "disabled");
        let log = app.deliveries_until(&refused, |d| d.first().is_some_and(|d| d["status"] == "failed")).await;
        assert_eq!((log[0]["attempts"].as_i64(), log[0]["last_status_code"].as_i64()), (Some(1), Some(400)));
        assert_eq!(app.get(&format!("/api/v1/events/subscriptions/{refused}"), &app.admin).await.json()["status"], "failing");

        // Nothing more goes to the disabled one; the failed delivery is retried by hand.
        app.course("周末课堂").await;
        let log = app.deliveries_until(&refused, |d| d.len() == 2 && d[1]["status"] == "succeeded").await;
        assert_eq!(app.get(&format!("/api/v1/events/subscriptions/{refused}"), &app.admin).await.json()["status"], "active", "a success makes it active again");
        let retry = app.post(&format!("/api/v1/events/deliveries/{}/retry", log[0]["id"].as_str().expect("id")), &app.admin, &serde_json::json!({})).await;
        assert_eq!(retry.status, 202, "{}", retry.text);
        app.deliveries_until(&refused, |d| d[0]["status"] == "succeeded").await;
        assert_eq!(gone.got().len(), 1, "nothing more was sent after 410");
        let again = app.post(&format!("/api/v1/events/deliveries/{}/retry", log[0]["id"].as_str().expect("id")), &app.admin, &serde_json::json!({})).await;
        assert_eq!((again.status.as_u16(), again.problem_code().as_str()), (409, "not_retriable"));
    }
}

on_both_backends! {
    async fn a_hanging_receiver_holds_up_only_its_own_subscription(db: TestDb) {
        let app = start(db).await;
        let hanging = Receiver::start(&[HANG, HANG, HANG]);
        let (stuck, _) = app.subscribe(&hanging.url, &["training.course.created"]).await;
        let prompt = Receiver::start(&[]);
        app.subscribe(&prompt.url, &["training.course.created"]).await;
        let started = std::time::Instant::now();
        app.course("每月一讲").await;
        prompt.until(|got| !got.is_empty()).await;
        // The next event too, while the first attempt to the hanging one is still open.
        app.course("周末课堂").await;
        prompt.until(|got| got.len() >= 2).await;
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "the other receiver waited for the hanging one");
        assert_eq!(hanging.got().len(), 1, "the hanging receiver has the request");
        let log = app.get(&format!("/api/v1/events/subscriptions/{stuck}/deliveries"), &app.admin).await.json();
        assert_eq!(log["items"][0]["status"], "pending", "still being attempted");
    }
}
