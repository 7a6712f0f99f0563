//! The transactional outbox: a state change and its event commit (or roll back) together.
//! A dispatcher (a later issue) reads undelivered rows in `id` order and marks them sent.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::schema::outbox_events;
use crate::{StoreError, WriteTx, now_utc};

/// An event waiting in (or delivered from) the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Queryable)]
pub struct OutboxEvent {
    pub id: String,
    pub kind: String,
    pub payload: String,
    pub occurred_at: NaiveDateTime,
    pub dispatched_at: Option<NaiveDateTime>,
}

/// Writes event `kind` (e.g. `training.enrolment.created`) with its JSON payload in the
/// caller's transaction; returns the event id (a UUIDv7, so ids sort by time of writing).
pub fn record_event(
    tx: &mut WriteTx<'_>,
    kind: &str,
    payload: &impl Serialize,
) -> Result<String, StoreError> {
    let id = uuid::Uuid::now_v7().to_string();
    let payload = serde_json::to_string(payload)
        .map_err(|e| StoreError::Config(format!("event payload is not JSON: {e}")))?;
    diesel::insert_into(outbox_events::table)
        .values((
            outbox_events::id.eq(&id),
            outbox_events::kind.eq(kind),
            outbox_events::payload.eq(payload),
            outbox_events::occurred_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    Ok(id)
}

/// Events not yet dispatched, oldest first.
pub fn pending_events(conn: &mut crate::DbConnection, limit: i64) -> QueryResult<Vec<OutboxEvent>> {
    outbox_events::table
        .filter(outbox_events::dispatched_at.is_null())
        .order(outbox_events::id.asc())
        .limit(limit)
        .load(conn)
}
