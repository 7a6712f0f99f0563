//! Contest's tables, rows and queries. Every write runs in the caller's `WriteTx`;
//! handlers decide, the store reads and writes. Lock order, where a transaction takes more
//! than one: the contest row first (`contests::lock`), then entries, then sheets.

pub mod calendar;
pub mod contests;
pub mod entries;
pub mod panel;
pub mod publications;
pub mod schema;
pub mod sheets;

use lt_store::{EmbeddedMigrations, embed_migrations};

/// Contest's own migrations (after the platform's and the directory copy's).
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// A fresh record id: UUIDv7, so ids sort by creation time.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// JSON text of a value kept in a TEXT column.
pub fn to_json_text(value: &impl serde::Serialize) -> diesel::QueryResult<String> {
    serde_json::to_string(value).map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))
}

/// A value read back from a TEXT column written by [`to_json_text`].
pub fn from_json_text<T: serde::de::DeserializeOwned>(text: &str) -> diesel::QueryResult<T> {
    serde_json::from_str(text).map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))
}
