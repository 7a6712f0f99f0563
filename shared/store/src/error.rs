use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// What can go wrong below a service's own logic.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No connection could be had in time (pool exhausted or database down).
    /// Callers answer 503 with `Retry-After`.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// SQLite's write lock was not granted within `busy_timeout` (another writer held it
    /// that long). Decided in one place, [`write_tx`](crate::write_tx), where
    /// `BEGIN IMMEDIATE` is the only statement that waits for the lock; callers see this
    /// variant, never SQLite's message. They answer 503 with `Retry-After`.
    #[error("database busy: the write lock was not granted in time")]
    Busy,
    #[error("invalid store configuration: {0}")]
    Config(String),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error(transparent)]
    Query(#[from] DieselError),
    /// The blocking task running the query was cancelled or panicked.
    #[error("database task interrupted: {0}")]
    Interrupted(String),
}

impl StoreError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Query(DieselError::NotFound))
    }

    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            Self::Query(DieselError::DatabaseError(
                DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }
}
