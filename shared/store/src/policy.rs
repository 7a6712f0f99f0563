//! Versioned policy documents (`policy_versions`): a service's rules that the programme
//! office changes over time (hour conversion, required hours, circulation, …) are JSON
//! documents, each kind a series of versions in force from a day. The version in force on a
//! day is the highest-numbered one whose `effective_from` is that day or earlier (before the
//! first takes effect: the first). Publishing never edits a version.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::schema::policy_versions;
use crate::{DbConnection, WriteTx, now_utc};

/// A policy version with its document read.
#[derive(Clone, Debug)]
pub struct Versioned<T> {
    pub version: i32,
    pub effective_from: NaiveDate,
    pub document: T,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = policy_versions)]
struct Row {
    version: i32,
    effective_from: NaiveDate,
    document: String,
    created_by: String,
    created_at: NaiveDateTime,
}

fn read<T: DeserializeOwned>(row: Row) -> QueryResult<Versioned<T>> {
    Ok(Versioned {
        version: row.version,
        effective_from: row.effective_from,
        document: serde_json::from_str(&row.document)
            .map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))?,
        created_by: row.created_by,
        created_at: row.created_at,
    })
}

fn text(document: &impl Serialize) -> QueryResult<String> {
    serde_json::to_string(document)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))
}

/// The version of `kind` in force on `day` (`NotFound` when the kind has none).
pub fn in_force<T: DeserializeOwned>(
    conn: &mut DbConnection,
    kind: &str,
    day: NaiveDate,
) -> QueryResult<Versioned<T>> {
    let row = policy_versions::table
        .filter(policy_versions::kind.eq(kind))
        .filter(policy_versions::effective_from.le(day))
        .order(policy_versions::version.desc())
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    match row {
        Some(row) => read(row),
        None => policy_versions::table
            .filter(policy_versions::kind.eq(kind))
            .order(policy_versions::version.asc())
            .select(Row::as_select())
            .first(conn)
            .and_then(read),
    }
}

/// Every version of `kind`, newest first.
pub fn versions<T: DeserializeOwned>(
    conn: &mut DbConnection,
    kind: &str,
) -> QueryResult<Vec<Versioned<T>>> {
    policy_versions::table
        .filter(policy_versions::kind.eq(kind))
        .order(policy_versions::version.desc())
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(read)
        .collect()
}

/// Version `version` of `kind`.
pub fn version<T: DeserializeOwned>(
    conn: &mut DbConnection,
    kind: &str,
    version: i32,
) -> QueryResult<Versioned<T>> {
    policy_versions::table
        .find((kind, version))
        .select(Row::as_select())
        .first(conn)
        .and_then(read)
}

/// Publishes the next version of `kind`, in force from `effective_from`.
pub fn publish<T: Serialize + DeserializeOwned>(
    tx: &mut WriteTx<'_>,
    kind: &str,
    document: &T,
    effective_from: NaiveDate,
    created_by: &str,
) -> QueryResult<Versioned<T>> {
    // The kind's rows take turns: two publications never get the same number.
    crate::lock_rows!(
        tx.conn(),
        policy_versions::table.filter(policy_versions::kind.eq(kind)),
        policy_versions::version
    )?;
    let latest: Option<i32> = policy_versions::table
        .filter(policy_versions::kind.eq(kind))
        .select(diesel::dsl::max(policy_versions::version))
        .first(tx.conn())?;
    let next = latest.unwrap_or(0) + 1;
    diesel::insert_into(policy_versions::table)
        .values((
            policy_versions::kind.eq(kind),
            policy_versions::version.eq(next),
            policy_versions::effective_from.eq(effective_from),
            policy_versions::document.eq(text(document)?),
            policy_versions::created_by.eq(created_by),
            policy_versions::created_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    version(tx.conn(), kind, next)
}

/// Version 1 of `kind` with `document`, in force from `effective_from`, unless the kind has
/// one (run at every start; replicas may run it at once).
pub fn ensure_first<T: Serialize>(
    tx: &mut WriteTx<'_>,
    kind: &str,
    document: &T,
    effective_from: NaiveDate,
) -> QueryResult<()> {
    let document = text(document)?;
    crate::on_each_backend!(tx.conn(), |c| diesel::insert_into(policy_versions::table)
        .values((
            policy_versions::kind.eq(kind),
            policy_versions::version.eq(1),
            policy_versions::effective_from.eq(effective_from),
            policy_versions::document.eq(&document),
            policy_versions::created_by.eq("defaults"),
            policy_versions::created_at.eq(now_utc()),
        ))
        .on_conflict((policy_versions::kind, policy_versions::version))
        .do_nothing()
        .execute(c))?;
    Ok(())
}
