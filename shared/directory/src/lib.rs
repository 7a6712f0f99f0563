//! A service's local copy of identity's directory: people (with rank and birth year for
//! targeting), the org tree, kept up to date incrementally from identity's changes feeds
//! (`…/changes`, cursor and tombstones) with a `directory:read` service account.
//! Services read [`local`] and keep working while identity is briefly down.
//!
//! Add [`MIGRATIONS`] before the service's own: `store.migrate(&[&lt_directory::MIGRATIONS, &MIGRATIONS])`.

mod client;
pub mod local;
pub mod schema;

pub use client::{DirectoryClient, DirectoryError, DirectorySettings, RefreshReport};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

/// The local copy's tables (versions `00000000000100`…: after the platform's, before any service's).
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");
