//! Vision's tables, rows and queries. Every write runs in the caller's `WriteTx`; handlers
//! decide, the store reads and writes.

pub mod check_ins;
pub mod indicators;
pub mod nodes;
pub mod schema;

use lt_store::{EmbeddedMigrations, embed_migrations};

/// Vision's own migrations (after the platform's and the directory copy's).
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// A fresh record id: UUIDv7, so ids sort by creation time.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
