//! Migrations: reversible, and safe when two processes start at once.

use lt_test_support::on_both_backends;

use crate::sample::store::MIGRATIONS;
use lt_http::settings::ServiceSettings;
use lt_store::Store;

fn fresh_store(db: &lt_test_support::TestDb) -> Store {
    Store::open(&ServiceSettings::for_tests("sample", db.url.clone(), db.dir.clone()).store)
        .expect("open")
}

on_both_backends! {
    async fn every_migration_reverts_and_reapplies(db: TestDb) {
        let store = fresh_store(&db);
        let applied = store.migrate(&[&MIGRATIONS]).expect("up");
        assert_eq!(applied, ["00000000000001", "00000000000002", "00000000000003", "20261124000001"], "platform first, then the service");
        assert!(store.pending_migrations(&[&MIGRATIONS]).expect("pending").is_empty());
        let reverted = store.revert_all(&[&MIGRATIONS]).expect("down");
        assert_eq!(reverted.len(), 4);
        assert_eq!(store.pending_migrations(&[&MIGRATIONS]).expect("pending").len(), 4);
        let again = store.migrate(&[&MIGRATIONS]).expect("up again");
        assert_eq!(again.len(), 4, "down.sql left nothing behind that blocks up.sql");
    }
}

on_both_backends! {
    async fn two_processes_migrating_at_once_apply_each_migration_once(db: TestDb) {
        let stores = [fresh_store(&db), fresh_store(&db)];
        let results: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = stores.iter().map(|s| scope.spawn(move || s.migrate(&[&MIGRATIONS]))).collect();
            handles.into_iter().map(|h| h.join().expect("thread")).collect()
        });
        let mut applied: Vec<usize> = results.into_iter().map(|r| r.expect("no migration error").len()).collect();
        applied.sort_unstable();
        assert_eq!(applied, [0, 4], "one migrated, the other waited and found nothing to do");
    }
}
