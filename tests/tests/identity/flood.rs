//! A login flood: 500 simultaneous sign-ins at production hashing strength (argon2id, 19 MiB
//! each) run at most one hash per core at a time; the overflow is answered at once with 503
//! and `Retry-After`, memory stays bounded, and other requests are answered meanwhile.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use futures_util::future::join_all;
use lt_test_support::on_both_backends;

use learning_tree_tests::identity::{ADMIN_PASSWORD, spawn_identity_with};

/// This process's resident memory in KiB.
fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

on_both_backends! {
    async fn five_hundred_simultaneous_logins_keep_memory_bounded_and_the_rest_answering(db: TestDb) {
        let app = spawn_identity_with(&db, |s| s.password_cost = identity::domain::passwords::HashCost::Strong).await;
        assert_eq!(app.login("admin", ADMIN_PASSWORD).await.status, 200, "a login on its own passes");
        let before = resident_kib();
        let peak = Arc::new(AtomicU64::new(before));
        let flooding = Arc::new(AtomicBool::new(true));
        let sampler = {
            let (peak, flooding) = (peak.clone(), flooding.clone());
            std::thread::spawn(move || {
                while flooding.load(Ordering::SeqCst) {
                    peak.fetch_max(resident_kib(), Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                }
            })
        };
        let logins = join_all((0..500).map(|_| app.login("admin", ADMIN_PASSWORD)));
        let others = async {
            // While the flood is on: the key set (what every service verifies tokens with).
            actix_web::rt::time::sleep(Duration::from_millis(200)).await;
            app.client.get("/.well-known/jwks.json").await
        };
        let (answers, jwks) = futures_util::future::join(logins, others).await;
        flooding.store(false, Ordering::SeqCst);
        sampler.join().expect("sampler");

        assert_eq!(jwks.status, 200, "other requests are answered during the flood: {}", jwks.text);
        let passed = answers.iter().filter(|a| a.status == 200).count();
        let refused: Vec<_> = answers.iter().filter(|a| a.status == 503).collect();
        assert_eq!(passed + refused.len(), 500, "every login either passes or is told to retry");
        assert!(passed >= 1, "some of the flood gets through");
        assert!(!refused.is_empty(), "the overflow is refused, not queued without bound");
        for answer in &refused {
            assert_eq!(answer.problem_code(), "service_unavailable");
            assert_eq!(answer.header("retry-after"), Some("1"));
        }
        let grown_mib = peak.load(Ordering::SeqCst).saturating_sub(before) / 1024;
        // Unbounded, 500 hashes of 19 MiB would need about 9.5 GiB; bounded by the cores
        // (two backends' floods may overlap in this process), a few hundred MiB at most.
        assert!(grown_mib < 400, "resident memory grew by {grown_mib} MiB during the flood");
        assert_eq!(app.login("admin", ADMIN_PASSWORD).await.status, 200, "after the flood, logins pass again");
    }
}
