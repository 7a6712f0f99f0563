//! The store every Learning Tree service shares: diesel over SQLite (a file, zero set-up)
//! or PostgreSQL (production), one code base, the backend picked by the URL scheme.
//!
//! - [`Store`]: a pool whose `read`/`write` run diesel on the blocking pool, never on an
//!   actix worker, and report [`StoreError::Unavailable`] (→ 503) instead of hanging.
//! - [`write_tx`]: `BEGIN IMMEDIATE` on SQLite, so read-then-write never fails busy.
//! - [`on_each_backend!`], [`take_seat!`]: upsert/batch insert and capacity, portably.
//! - [`PLATFORM_MIGRATIONS`] + a service's own folder, run under a lock by `Store::migrate`.
//! - [`record_event`] (outbox), [`idempotency`], [`next_change_seq`]/[`record_tombstone`].
//! - [`policy`]: versioned policy documents, in force from a day.

mod changes;
mod connection;
mod error;
pub mod idempotency;
mod migrations;
mod outbox;
pub mod policy;
mod pool;
pub mod schema;
mod text_enum;
mod transaction;

pub use changes::{
    Changed, Tombstone, changes, next_change_seq, record_tombstone, reserve_change_seqs,
    tombstones_after,
};
#[doc(hidden)]
pub use chrono as __chrono;
pub use connection::{Backend, ConnectError, DatabaseUrl, DbConnection, DbManager, MultiBackend};
#[doc(hidden)]
pub use diesel as __diesel;
pub use diesel_migrations::{EmbeddedMigrations, embed_migrations};
pub use error::StoreError;
pub use migrations::PLATFORM_MIGRATIONS;
pub use outbox::{OutboxEvent, pending_events, record_event};
pub use pool::{Store, StoreSettings};
pub use transaction::{WriteTx, read_snapshot, write_tx};

/// Now, in UTC, truncated to microseconds: PostgreSQL keeps microseconds and SQLite keeps
/// whatever it is given, so anything finer would round-trip differently on the two.
pub fn now_utc() -> chrono::NaiveDateTime {
    use chrono::{DurationRound, TimeDelta, Utc};
    let now = Utc::now();
    now.duration_trunc(TimeDelta::microseconds(1))
        .unwrap_or(now)
        .naive_utc()
}
