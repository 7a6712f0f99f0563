//! Identity's database: its migrations (after the platform's) and, as they come, its schema,
//! rows and queries.

use lt_store::{EmbeddedMigrations, embed_migrations};

/// Identity's own migrations, applied after `lt_store::PLATFORM_MIGRATIONS`.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");
