//! Check-ins on key results, and the history of their edits.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::{check_in_edits, check_ins};

pub const STREAM: &str = "check_ins";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = check_ins)]
pub struct CheckInRow {
    pub id: String,
    pub node_id: String,
    pub value: i64,
    pub confidence: i32,
    pub comment: Option<String>,
    pub checked_on: NaiveDate,
    pub late: bool,
    pub author_id: String,
    pub org_unit_id: Option<String>,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = check_in_edits)]
pub struct EditRow {
    pub check_in_id: String,
    pub version: i64,
    pub value: i64,
    pub confidence: i32,
    pub comment: Option<String>,
    pub edited_by: String,
    pub edited_at: NaiveDateTime,
}

/// A check-in's facts.
#[derive(Clone, Debug)]
pub struct CheckInFields {
    pub value: i64,
    pub confidence: i32,
    pub comment: Option<String>,
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<CheckInRow> {
    check_ins::table
        .find(id)
        .select(CheckInRow::as_select())
        .first(conn)
}

#[allow(clippy::too_many_arguments)]
pub fn insert(
    tx: &mut WriteTx<'_>,
    node_id: &str,
    fields: &CheckInFields,
    checked_on: NaiveDate,
    late: bool,
    author: &str,
    org_unit_id: Option<&str>,
) -> QueryResult<CheckInRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(check_ins::table)
        .values((
            check_ins::id.eq(&id),
            check_ins::node_id.eq(node_id),
            check_ins::value.eq(fields.value),
            check_ins::confidence.eq(fields.confidence),
            check_ins::comment.eq(&fields.comment),
            check_ins::checked_on.eq(checked_on),
            check_ins::late.eq(late),
            check_ins::author_id.eq(author),
            check_ins::org_unit_id.eq(org_unit_id),
            check_ins::version.eq(1_i64),
            check_ins::seq.eq(seq),
            check_ins::change_seq.eq(seq),
            check_ins::created_at.eq(now),
            check_ins::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

/// Rewrites a check-in still at `version`, keeping what it was in the edit history; `None`
/// when it moved on.
pub fn edit(
    tx: &mut WriteTx<'_>,
    row: &CheckInRow,
    fields: &CheckInFields,
    by: &str,
) -> QueryResult<Option<CheckInRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let updated = diesel::update(
        check_ins::table
            .find(&row.id)
            .filter(check_ins::version.eq(row.version)),
    )
    .set((
        check_ins::value.eq(fields.value),
        check_ins::confidence.eq(fields.confidence),
        check_ins::comment.eq(&fields.comment),
        check_ins::version.eq(row.version + 1),
        check_ins::change_seq.eq(seq),
        check_ins::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    diesel::insert_into(check_in_edits::table)
        .values((
            check_in_edits::check_in_id.eq(&row.id),
            check_in_edits::version.eq(row.version),
            check_in_edits::value.eq(row.value),
            check_in_edits::confidence.eq(row.confidence),
            check_in_edits::comment.eq(&row.comment),
            check_in_edits::edited_by.eq(by),
            check_in_edits::edited_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &row.id).map(Some)
}

pub fn edits_of(conn: &mut DbConnection, id: &str) -> QueryResult<Vec<EditRow>> {
    check_in_edits::table
        .filter(check_in_edits::check_in_id.eq(id))
        .order(check_in_edits::version.asc())
        .select(EditRow::as_select())
        .load(conn)
}

/// A node's check-ins, oldest first (cursor on `seq`).
pub fn of_node(
    conn: &mut DbConnection,
    node_id: &str,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<CheckInRow>> {
    check_ins::table
        .filter(check_ins::node_id.eq(node_id).and(check_ins::seq.gt(after)))
        .order(check_ins::seq.asc())
        .limit(fetch)
        .select(CheckInRow::as_select())
        .load(conn)
}

/// Check-ins made in `[from, until)` (days), for reports and records.
pub fn between(
    conn: &mut DbConnection,
    from: NaiveDate,
    until: NaiveDate,
    author: Option<&str>,
) -> QueryResult<Vec<CheckInRow>> {
    let mut query = check_ins::table
        .filter(
            check_ins::checked_on
                .ge(from)
                .and(check_ins::checked_on.lt(until)),
        )
        .order(check_ins::seq.asc())
        .select(CheckInRow::as_select())
        .into_boxed();
    if let Some(author) = author {
        query = query.filter(check_ins::author_id.eq(author));
    }
    query.load(conn)
}

// The changes feed of `CheckInRow` (`lt_store::changes`).
lt_store::changed_rows!(CheckInRow, check_ins, updated_at, STREAM);
