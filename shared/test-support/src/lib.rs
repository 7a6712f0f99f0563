//! Test support: a fresh database per test on SQLite or PostgreSQL, and a small HTTP client.
//!
//! PostgreSQL tests need `LT_TEST_PG_URL` (a superuser URL such as
//! `postgres://postgres@127.0.0.1:55432/postgres`; `scripts/test` starts a throwaway cluster
//! and sets it). Without it a PostgreSQL test is skipped with a message, except under
//! `CI=true`, where a skipped PostgreSQL run is a failure.

mod client;
mod database;

pub use client::{TestClient, TestResponse};
pub use database::TestDb;

/// Defines a test that runs once on SQLite and once on PostgreSQL, as
/// `<name>::sqlite` and `<name>::postgres`.
///
/// ```text
/// lt_test_support::on_both_backends! {
///     async fn seats_never_oversell(db: TestDb) { … }
/// }
/// ```
#[macro_export]
macro_rules! on_both_backends {
    ($(#[$meta:meta])* async fn $name:ident($db:ident : TestDb) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($db: $crate::TestDb) $body

            #[::actix_web::test]
            async fn sqlite() {
                run($crate::TestDb::sqlite()).await
            }

            #[::actix_web::test]
            async fn postgres() {
                if let Some(db) = $crate::TestDb::postgres() {
                    run(db).await
                }
            }
        }
    };
}
