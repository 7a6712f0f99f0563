//! Embedded, reversible migrations: the platform's tables first, then the service's own,
//! run by one process at a time.

use std::fs::File;

use diesel::RunQueryDsl;
use diesel::backend::Backend as DieselBackend;
use diesel::migration::{Migration, MigrationSource};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::connection::DatabaseUrl;
use crate::{DbConnection, Store, StoreError};

/// The platform tables (change counters, tombstones, outbox, idempotency keys, policy
/// versions).
/// Their version numbers (`00000000000001`…) sort before any service's dated versions.
pub const PLATFORM_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// Key of the PostgreSQL advisory lock held while migrating ("LTMIGR").
const MIGRATION_LOCK_KEY: i64 = 0x4c54_4d49_4752;

/// The platform's migrations followed by those of shared crates a service uses (e.g. the
/// directory copy) and the service's own, as one ordered source: a single
/// `__diesel_schema_migrations` table records them all and `revert` can walk back through
/// them. Versions must differ across sources (shared crates use low fixed numbers,
/// services dated ones).
struct PlatformThen<'a> {
    sources: &'a [&'static EmbeddedMigrations],
}

impl<DB: DieselBackend> MigrationSource<DB> for PlatformThen<'_> {
    fn migrations(&self) -> diesel::migration::Result<Vec<Box<dyn Migration<DB>>>> {
        let mut all =
            <EmbeddedMigrations as MigrationSource<DB>>::migrations(&PLATFORM_MIGRATIONS)?;
        for source in self.sources {
            all.extend(<EmbeddedMigrations as MigrationSource<DB>>::migrations(
                source,
            )?);
        }
        Ok(all)
    }
}

/// Held while migrations run; released on drop.
enum MigrationLock {
    /// Session-level advisory lock, released explicitly on the same connection.
    Postgres,
    /// An OS file lock on `<database>.migrate.lock`, released when the file closes.
    Sqlite(#[allow(dead_code)] File),
}

fn acquire_lock(conn: &mut DbConnection, url: &DatabaseUrl) -> Result<MigrationLock, StoreError> {
    match url {
        DatabaseUrl::Postgres(_) => {
            diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))
                .execute(conn)?;
            Ok(MigrationLock::Postgres)
        }
        DatabaseUrl::Sqlite(path) => {
            let mut lock_path = path.clone().into_os_string();
            lock_path.push(".migrate.lock");
            let file = File::create(&lock_path).map_err(|e| {
                StoreError::Migration(format!("cannot create {}: {e}", lock_path.display()))
            })?;
            file.lock().map_err(|e| {
                StoreError::Migration(format!("cannot lock {}: {e}", lock_path.display()))
            })?;
            Ok(MigrationLock::Sqlite(file))
        }
    }
}

fn release_lock(conn: &mut DbConnection, lock: MigrationLock) -> Result<(), StoreError> {
    if let MigrationLock::Postgres = lock {
        diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))
            .execute(conn)?;
    }
    Ok(())
}

fn locked<T>(
    store: &Store,
    work: impl FnOnce(&mut DbConnection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let mut conn = store.connection()?;
    let lock = acquire_lock(&mut conn, store.url())?;
    let outcome = work(&mut conn);
    let released = release_lock(&mut conn, lock);
    let value = outcome?;
    released?;
    Ok(value)
}

impl Store {
    /// Applies every pending platform and service migration; returns the versions applied.
    /// Blocks: call it at start-up or from the `migrate` subcommand, not from a handler.
    pub fn migrate(
        &self,
        sources: &[&'static EmbeddedMigrations],
    ) -> Result<Vec<String>, StoreError> {
        locked(self, |conn| {
            let applied = conn
                .run_pending_migrations(PlatformThen { sources })
                .map_err(|e| StoreError::Migration(e.to_string()))?;
            let applied: Vec<String> = applied.iter().map(ToString::to_string).collect();
            if !applied.is_empty() {
                tracing::info!(versions = ?applied, "migrations applied");
            }
            Ok(applied)
        })
    }

    /// Reverts every applied migration, newest first (the `down.sql` files).
    pub fn revert_all(
        &self,
        sources: &[&'static EmbeddedMigrations],
    ) -> Result<Vec<String>, StoreError> {
        locked(self, |conn| {
            let reverted = conn
                .revert_all_migrations(PlatformThen { sources })
                .map_err(|e| StoreError::Migration(e.to_string()))?;
            Ok(reverted.iter().map(ToString::to_string).collect())
        })
    }

    /// Migrations of this service not applied yet (for `/health/ready` and `migrate --check`).
    pub fn pending_migrations(
        &self,
        sources: &[&'static EmbeddedMigrations],
    ) -> Result<Vec<String>, StoreError> {
        let mut conn = self.connection()?;
        let pending = conn
            .pending_migrations(PlatformThen { sources })
            .map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(pending.iter().map(|m| m.name().to_string()).collect())
    }
}
