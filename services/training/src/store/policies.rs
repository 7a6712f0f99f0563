//! Training's policies in the platform's versioned policy table (`lt_store::policy`): each
//! kind of `domain::policy` by its name.

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

/// Every version of `T`, newest first.
pub fn versions<T: PolicyDocument>(conn: &mut DbConnection) -> QueryResult<Vec<Versioned<T>>> {
    lt_store::policy::versions(conn, T::KIND.as_str())
}

/// Publishes the next version of `T`.
pub fn publish<T: PolicyDocument>(
    tx: &mut WriteTx<'_>,
    document: &T,
    effective_from: NaiveDate,
    created_by: &str,
) -> QueryResult<Versioned<T>> {
    lt_store::policy::publish(tx, T::KIND.as_str(), document, effective_from, created_by)
}

fn ensure<T: PolicyDocument>(tx: &mut WriteTx<'_>, document: T) -> QueryResult<()> {
    lt_store::policy::ensure_first(
        tx,
        T::KIND.as_str(),
        &document,
        policy::default_effective_from(),
    )
}

/// Version 1 of every policy kind, from the defaults in `domain::policy`, unless present
/// (run at every start; replicas may run it at once).
pub fn ensure_defaults(tx: &mut WriteTx<'_>) -> QueryResult<()> {
    ensure(tx, policy::default_requirements())?;
    ensure(tx, policy::default_hour_conversion())?;
    ensure(tx, policy::default_reimbursement())?;
    ensure(tx, policy::default_attendance())?;
    Ok(())
}
