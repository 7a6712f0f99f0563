//! The programme service's store: the platform tables and its directory copy only (it reads
//! every activity over the services' APIs, never their databases).

use lt_store::{EmbeddedMigrations, embed_migrations};

/// The service's own migrations (after the platform's and the directory copy's).
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");
