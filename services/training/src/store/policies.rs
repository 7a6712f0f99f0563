//! Versioned policy documents. The version in force on a day is the highest-numbered one
//! whose `effective_from` is that day or earlier.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, now_utc};

use super::schema::policies;
use super::{from_json_text, to_json_text};
use crate::domain::policy::{self, PolicyDocument};

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = policies)]
pub struct PolicyRow {
    pub kind: String,
    pub version: i32,
    pub effective_from: NaiveDate,
    pub document: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

/// A policy version with its document read.
#[derive(Clone, Debug)]
pub struct Versioned<T> {
    pub version: i32,
    pub effective_from: NaiveDate,
    pub document: T,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

fn read<T: PolicyDocument>(row: PolicyRow) -> QueryResult<Versioned<T>> {
    Ok(Versioned {
        version: row.version,
        effective_from: row.effective_from,
        document: from_json_text(&row.document)?,
        created_by: row.created_by,
        created_at: row.created_at,
    })
}

/// The version of `T` in force on `day`.
pub fn in_force<T: PolicyDocument>(
    conn: &mut DbConnection,
    day: NaiveDate,
) -> QueryResult<Versioned<T>> {
    let row = policies::table
        .filter(policies::kind.eq(T::KIND.as_str()))
        .filter(policies::effective_from.le(day))
        .order(policies::version.desc())
        .select(PolicyRow::as_select())
        .first(conn)
        .optional()?;
    match row {
        Some(row) => read(row),
        // Before the first version took effect: the earliest one.
        None => policies::table
            .filter(policies::kind.eq(T::KIND.as_str()))
            .order(policies::version.asc())
            .select(PolicyRow::as_select())
            .first(conn)
            .and_then(read),
    }
}

/// Every version of `T`, newest first.
pub fn versions<T: PolicyDocument>(conn: &mut DbConnection) -> QueryResult<Vec<Versioned<T>>> {
    policies::table
        .filter(policies::kind.eq(T::KIND.as_str()))
        .order(policies::version.desc())
        .select(PolicyRow::as_select())
        .load(conn)?
        .into_iter()
        .map(read)
        .collect()
}

/// Publishes the next version of `T`.
pub fn publish<T: PolicyDocument>(
    tx: &mut WriteTx<'_>,
    document: &T,
    effective_from: NaiveDate,
    created_by: &str,
) -> QueryResult<Versioned<T>> {
    let kind = T::KIND.as_str();
    // The kind's rows take turns: two publications never get the same number.
    lt_store::lock_rows!(
        tx.conn(),
        policies::table.filter(policies::kind.eq(kind)),
        policies::version
    )?;
    let latest: Option<i32> = policies::table
        .filter(policies::kind.eq(kind))
        .select(diesel::dsl::max(policies::version))
        .first(tx.conn())?;
    let version = latest.unwrap_or(0) + 1;
    diesel::insert_into(policies::table)
        .values((
            policies::kind.eq(kind),
            policies::version.eq(version),
            policies::effective_from.eq(effective_from),
            policies::document.eq(to_json_text(document)?),
            policies::created_by.eq(created_by),
            policies::created_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    let row = policies::table
        .find((kind, version))
        .select(PolicyRow::as_select())
        .first(tx.conn())?;
    read(row)
}

fn ensure<T: PolicyDocument>(tx: &mut WriteTx<'_>, document: T) -> QueryResult<()> {
    lt_store::on_each_backend!(tx.conn(), |c| diesel::insert_into(policies::table)
        .values((
            policies::kind.eq(T::KIND.as_str()),
            policies::version.eq(1),
            policies::effective_from.eq(policy::default_effective_from()),
            policies::document.eq(to_json_text(&document)?),
            policies::created_by.eq("defaults"),
            policies::created_at.eq(now_utc()),
        ))
        .on_conflict((policies::kind, policies::version))
        .do_nothing()
        .execute(c))?;
    Ok(())
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
