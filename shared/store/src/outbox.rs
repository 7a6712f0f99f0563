//! The transactional outbox: a state change and its event commit (or roll back) together.
//!
//! Each event is numbered from the `outbox_events` stream of the change counters inside its
//! transaction ([`crate::reserve_change_seqs`]), so numbers become visible in commit order: a
//! reader paging by `seq` ([`events_after`]) never skips an event that commits late. The
//! events a transaction records are written at its end, just before the commit
//! ([`crate::write_tx`]): the outbox counter is the last lock every writer takes, so no two
//! transactions can each hold one lock the other waits for through it (no deadlock), and it
//! is held only for the commit. The
//! events service reads every outbox that way, through the feed each service serves
//! (`GET /api/v1/<service>/outbox`); no service reads another's database.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::schema::outbox_events;
use crate::{StoreError, WriteTx, now_utc, reserve_change_seqs};

/// The change-counter stream that numbers the outbox.
pub const OUTBOX_STREAM: &str = "outbox_events";

/// An event in the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = outbox_events)]
pub struct OutboxEvent {
    pub id: String,
    pub kind: String,
    pub payload: String,
    pub occurred_at: NaiveDateTime,
    pub dispatched_at: Option<NaiveDateTime>,
    /// Position in commit order (1, 2, 3, …).
    pub seq: i64,
}

/// Writes event `kind` (e.g. `training.enrolment.enrolled`) with its JSON payload in the
/// caller's transaction; returns the event id (a UUIDv7: the stable id receivers deduplicate
/// by).
pub fn record_event(
    tx: &mut WriteTx<'_>,
    kind: &str,
    payload: &impl Serialize,
) -> Result<String, StoreError> {
    let id = uuid::Uuid::now_v7().to_string();
    let payload = serde_json::to_string(payload)
        .map_err(|e| StoreError::Config(format!("event payload is not JSON: {e}")))?;
    tx.events.push(PendingEvent {
        id: id.clone(),
        kind: kind.to_owned(),
        payload,
        occurred_at: now_utc(),
    });
    Ok(id)
}

/// An event recorded in a transaction, not yet written.
#[derive(Clone, Debug)]
pub(crate) struct PendingEvent {
    id: String,
    kind: String,
    payload: String,
    occurred_at: NaiveDateTime,
}

/// Writes the transaction's recorded events under consecutive numbers (called by
/// [`crate::write_tx`] after the body, before the commit).
pub(crate) fn write_pending(tx: &mut WriteTx<'_>) -> QueryResult<()> {
    if tx.events.is_empty() {
        return Ok(());
    }
    let events = std::mem::take(&mut tx.events);
    let count = i64::try_from(events.len()).unwrap_or(i64::MAX);
    let last = reserve_change_seqs(tx, OUTBOX_STREAM, count)?;
    for (seq, event) in (last - count + 1..).zip(events) {
        diesel::insert_into(outbox_events::table)
            .values((
                outbox_events::id.eq(&event.id),
                outbox_events::kind.eq(&event.kind),
                outbox_events::payload.eq(&event.payload),
                outbox_events::occurred_at.eq(event.occurred_at),
                outbox_events::seq.eq(seq),
            ))
            .execute(tx.conn())?;
    }
    Ok(())
}

/// At most `limit` events numbered after `after`, in commit order.
pub fn events_after(
    conn: &mut crate::DbConnection,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<OutboxEvent>> {
    outbox_events::table
        .filter(outbox_events::seq.gt(after))
        .order(outbox_events::seq.asc())
        .limit(limit)
        .select(OutboxEvent::as_select())
        .load(conn)
}

/// Every event of the outbox, oldest first (tests and diagnostics; the outbox is kept, see
/// `docs/events.md` on retention).
pub fn pending_events(conn: &mut crate::DbConnection, limit: i64) -> QueryResult<Vec<OutboxEvent>> {
    events_after(conn, 0, limit)
}
