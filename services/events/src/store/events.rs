//! The relay's log of every event it took from a source, in its own commit order.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq};

use super::schema::events;

pub const STREAM: &str = "events";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub seq: i64,
    pub id: String,
    pub source: String,
    pub source_seq: i64,
    pub kind: String,
    pub occurred_at: NaiveDateTime,
    pub body: String,
}

/// An event to log.
#[derive(Clone, Debug)]
pub struct NewEvent<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub source_seq: i64,
    pub kind: &'a str,
    pub occurred_at: NaiveDateTime,
    pub body: &'a str,
}

/// Logs `event` under the next number, or `None` when an event with its id is already
/// logged (read twice: the relay is at-least-once from its sources too).
pub fn insert(tx: &mut WriteTx<'_>, event: &NewEvent<'_>) -> QueryResult<Option<i64>> {
    let known: Option<i64> = events::table
        .filter(events::id.eq(event.id))
        .select(events::seq)
        .first(tx.conn())
        .optional()?;
    if known.is_some() {
        return Ok(None);
    }
    let seq = next_change_seq(tx, STREAM)?;
    diesel::insert_into(events::table)
        .values((
            events::seq.eq(seq),
            events::id.eq(event.id),
            events::source.eq(event.source),
            events::source_seq.eq(event.source_seq),
            events::kind.eq(event.kind),
            events::occurred_at.eq(event.occurred_at),
            events::body.eq(event.body),
        ))
        .execute(tx.conn())?;
    Ok(Some(seq))
}

pub fn find(conn: &mut DbConnection, seq: i64) -> QueryResult<EventRow> {
    events::table
        .find(seq)
        .select(EventRow::as_select())
        .first(conn)
}

/// At most `limit` events after `after`, oldest first.
pub fn after(conn: &mut DbConnection, after: i64, limit: i64) -> QueryResult<Vec<EventRow>> {
    events::table
        .filter(events::seq.gt(after))
        .order(events::seq.asc())
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)
}

/// Events at or after `since`, from `after` on, oldest first (a replay).
pub fn since(
    conn: &mut DbConnection,
    since: NaiveDateTime,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<EventRow>> {
    events::table
        .filter(events::occurred_at.ge(since))
        .filter(events::seq.gt(after))
        .order(events::seq.asc())
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)
}
