//! The notices of cadres' inboxes.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::notices;
use crate::domain::notices::Notice;

pub const STREAM: &str = "notices";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = notices)]
pub struct NoticeRow {
    pub id: String,
    pub seq: i64,
    pub person_id: String,
    pub event_id: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
}

pub fn insert(
    tx: &mut WriteTx<'_>,
    notice: &Notice,
    event_id: &str,
    kind: &str,
    link: Option<&str>,
) -> QueryResult<()> {
    let seq = next_change_seq(tx, STREAM)?;
    diesel::insert_into(notices::table)
        .values((
            notices::id.eq(new_id()),
            notices::seq.eq(seq),
            notices::person_id.eq(&notice.person_id),
            notices::event_id.eq(event_id),
            notices::kind.eq(kind),
            notices::title.eq(&notice.title),
            notices::body.eq(&notice.body),
            notices::link.eq(link),
            notices::created_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    Ok(())
}

/// A page of `person_id`'s notices, newest first (cursor: the last notice's number).
pub fn page(
    conn: &mut DbConnection,
    person_id: &str,
    before: Option<i64>,
    unread_only: bool,
    limit: i64,
) -> QueryResult<Vec<NoticeRow>> {
    let mut query = notices::table
        .filter(notices::person_id.eq(person_id))
        .order(notices::seq.desc())
        .limit(limit)
        .select(NoticeRow::as_select())
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(notices::seq.lt(before));
    }
    if unread_only {
        query = query.filter(notices::read_at.is_null());
    }
    query.load(conn)
}

/// How many of `person_id`'s notices are unread, and the newest notice's number and read
/// state (what the summary's ETag is made of).
pub fn summary(conn: &mut DbConnection, person_id: &str) -> QueryResult<(i64, i64)> {
    let unread: i64 = notices::table
        .filter(notices::person_id.eq(person_id))
        .filter(notices::read_at.is_null())
        .count()
        .get_result(conn)?;
    let newest: Option<i64> = notices::table
        .filter(notices::person_id.eq(person_id))
        .select(diesel::dsl::max(notices::seq))
        .first(conn)?;
    Ok((unread, newest.unwrap_or(0)))
}

/// Marks one notice of `person_id` read; `false` when they have no such notice.
pub fn mark_read(tx: &mut WriteTx<'_>, person_id: &str, id: &str) -> QueryResult<bool> {
    let found: Option<NoticeRow> = notices::table
        .find(id)
        .filter(notices::person_id.eq(person_id))
        .select(NoticeRow::as_select())
        .first(tx.conn())
        .optional()?;
    let Some(found) = found else {
        return Ok(false);
    };
    if found.read_at.is_none() {
        diesel::update(notices::table.find(id))
            .set(notices::read_at.eq(Some(now_utc())))
            .execute(tx.conn())?;
    }
    Ok(true)
}

pub fn find_own(conn: &mut DbConnection, person_id: &str, id: &str) -> QueryResult<NoticeRow> {
    notices::table
        .find(id)
        .filter(notices::person_id.eq(person_id))
        .select(NoticeRow::as_select())
        .first(conn)
}

/// Marks every unread notice of `person_id` read; how many were.
pub fn mark_all_read(tx: &mut WriteTx<'_>, person_id: &str) -> QueryResult<usize> {
    diesel::update(
        notices::table
            .filter(notices::person_id.eq(person_id))
            .filter(notices::read_at.is_null()),
    )
    .set(notices::read_at.eq(Some(now_utc())))
    .execute(tx.conn())
}

/// Deletes notices older than `before` (retention).
pub fn purge(tx: &mut WriteTx<'_>, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(notices::table.filter(notices::created_at.lt(before))).execute(tx.conn())
}
