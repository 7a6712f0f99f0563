//! Reading's policies in the platform's versioned policy table (`lt_store::policy`).

use chrono::NaiveDate;
use diesel::QueryResult;
pub use lt_store::policy::Versioned;
use lt_store::{DbConnection, WriteTx};

use crate::domain::policy::{self, PolicyDocument};

/// The version of `T` in force on `day`.
pub fn in_force<T: PolicyDocument>(
    conn: &mut DbConnection,
    day: NaiveDate,
) -> QueryResult<Versioned<T>> {
    lt_store::policy::in_force(conn, T::KIND.as_str(), day)
}

/// Version 1 of every policy kind, from the defaults in `domain::policy`, unless present
/// (run at every start; replicas may run it at once).
pub fn ensure_defaults(tx: &mut WriteTx<'_>) -> QueryResult<()> {
    let from = policy::default_effective_from();
    lt_store::policy::ensure_first(
        tx,
        policy::PolicyKind::Circulation.as_str(),
        &policy::default_circulation(),
        from,
    )?;
    lt_store::policy::ensure_first(
        tx,
        policy::PolicyKind::ReadingLog.as_str(),
        &policy::default_reading_log(),
        from,
    )
}
