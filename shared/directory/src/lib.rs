//! A service's local copy of identity's directory: people (with rank and birth year for
//! targeting), the org tree, kept up to date incrementally from identity's changes feeds
//! (`…/changes`, cursor and tombstones) with a `directory:read` service account.
//! Services read [`local`] and keep working while identity is briefly down.
//!
//! [`Directory`] is the live copy the service kit (`lt-service`) gives every service that
//! declares it uses the directory: a background refresh loop, an on-demand refresh when a
//! request names someone the copy does not know yet, and its state in `/health/ready` and
//! `/metrics`. Add [`MIGRATIONS`] before the service's own (the kit does).

mod client;
mod live;
pub mod local;
pub mod schema;
pub mod seed;

pub use client::{
    DEFAULT_IDENTITY_URL, DirectoryClient, DirectoryError, DirectorySettings, RefreshReport,
};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};
pub use live::{Directory, RefreshSettings};

/// The local copy's tables (versions `00000000000100`…: after the platform's, before any service's).
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");
