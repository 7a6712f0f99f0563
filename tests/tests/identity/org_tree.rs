//! Who may read the org tree, and why no interleaving of re-parentings can make a cycle.

use std::sync::mpsc;
use std::time::Duration;

use identity::routes::org_units::{OrgUnitChanges, change_org_unit};
use lt_http::{ApiError, Precondition};
use lt_store::{Store, StoreSettings, write_tx};
use lt_test_support::on_both_backends;
use reqwest::Method;

use learning_tree_tests::identity::spawn_identity;

on_both_backends! {
    async fn org_unit_reads_need_a_person_or_the_directory_read_scope(db: TestDb) {
        let app = spawn_identity(&db).await;
        let admin = app.admin_token().await;
        let unit = app.create_unit(&admin, "区统计局", "unit", None).await;
        let (_, cadre) = app.person_token(&admin, &unit, "qianyi", &["cadre"]).await;
        let reports_secret = app.service_account(&admin, "reports", &["reports:read"]).await;
        let reports = app.service_token("reports", &reports_secret).await;
        let reader_secret = app.service_account(&admin, "reader", &["directory:read"]).await;
        let reader = app.service_token("reader", &reader_secret).await;
        let paths = [
            format!("/api/v1/identity/org-units/{unit}"),
            "/api/v1/identity/org-units".to_owned(),
            "/api/v1/identity/org-units/changes".to_owned(),
        ];
        for path in &paths {
            let refused = app.call(Method::GET, path, &reports, None).await;
            assert_eq!(refused.status, 403, "{path}: a reports:read account reads no tree");
            assert_eq!(refused.problem_code(), "forbidden");
            assert!(refused.header("www-authenticate").is_some_and(|h| h.contains("scope=\"directory:read\"")), "{path}");
            assert_eq!(app.call(Method::GET, path, &reader, None).await.status, 200, "{path}: directory:read");
            assert_eq!(app.call(Method::GET, path, &cadre, None).await.status, 200, "{path}: a signed-in person");
        }
    }
}

/// Moves `unit` under `parent` in its own write transaction; `hold` keeps the transaction
/// open that long after the move (before committing) and `moved` says when it has moved.
fn move_under(
    store: &Store,
    unit: &str,
    parent: &str,
    moved: Option<mpsc::Sender<()>>,
    hold: Duration,
) -> Result<(), ApiError> {
    let mut conn = store.connection()?;
    let changes = OrgUnitChanges {
        parent_id: Some(Some(parent.to_owned())),
        ..OrgUnitChanges::default()
    };
    write_tx(&mut conn, |tx| {
        change_org_unit(tx, unit, &Precondition::Any, &changes, "test")?;
        if let Some(moved) = moved {
            let _ = moved.send(());
        }
        std::thread::sleep(hold);
        Ok(())
    })
}

on_both_backends! {
    async fn concurrent_re_parentings_cannot_make_a_cycle(db: TestDb) {
        let app = spawn_identity(&db).await;
        let admin = app.admin_token().await;
        let store = Store::open(&StoreSettings::new(db.url.clone())).expect("store");
        for round in 0..3 {
            let a = app.create_unit(&admin, &format!("甲{round}"), "department", None).await;
            let b = app.create_unit(&admin, &format!("乙{round}"), "department", None).await;
            // The first move (a under b) is made and held uncommitted; the second (b under a)
            // starts while it is held. Checked against the tree without the first move, the
            // second would pass and both would commit a cycle.
            let (moved, first_moved) = mpsc::channel();
            let first = {
                let (store, a, b) = (store.clone(), a.clone(), b.clone());
                std::thread::spawn(move || move_under(&store, &a, &b, Some(moved), Duration::from_millis(300)))
            };
            first_moved.recv().expect("the first move happened");
            let second = {
                let (store, a, b) = (store.clone(), a.clone(), b.clone());
                std::thread::spawn(move || move_under(&store, &b, &a, None, Duration::ZERO))
            };
            let first = first.join().expect("first thread");
            let second = second.join().expect("second thread");
            assert!(first.is_ok(), "{first:?}");
            assert_eq!(second.map_err(|e| e.code()), Err("org_unit_cycle"), "round {round}");
            let parent_of = |id: &str| {
                let app = &app;
                let (id, admin) = (id.to_owned(), admin.clone());
                async move { app.call(Method::GET, &format!("/api/v1/identity/org-units/{id}"), &admin, None).await.json()["parent_id"].clone() }
            };
            assert_eq!(parent_of(&a).await, serde_json::json!(b));
            assert_eq!(parent_of(&b).await, serde_json::Value::Null);
        }
    }
}
