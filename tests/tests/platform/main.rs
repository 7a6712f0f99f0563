//! Platform tests: the shared store and HTTP conventions, on SQLite and on PostgreSQL.

mod sample;

mod conventions;
mod idempotency;
mod migrations;
mod outbox;
mod pagination;
mod store_concurrency;
