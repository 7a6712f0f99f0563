//! Identity's database: migrations (after the platform's), schema, rows and queries, one
//! module per table group.

pub mod accounts;
pub mod audit;
pub mod org_units;
pub mod people;
pub mod refresh_tokens;
pub mod schema;
pub mod throttle;

use lt_store::{EmbeddedMigrations, embed_migrations};

/// Identity's own migrations, applied after `lt_store::PLATFORM_MIGRATIONS`.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");
