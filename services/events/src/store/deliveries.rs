//! Deliveries: one event to one subscription, with the log of its attempts.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, now_utc};

use super::events::EventRow;
use super::new_id;
use super::schema::{deliveries, events};
use crate::domain::model::DeliveryStatus;

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = deliveries)]
pub struct DeliveryRow {
    pub id: String,
    pub subscription_id: String,
    pub event_seq: i64,
    pub event_id: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub last_response: Option<String>,
    pub next_attempt_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Queues event `event_seq` for `subscription_id`, due now; or, when it was queued before
/// (a replay), queues it again with a fresh schedule.
pub fn queue(
    tx: &mut WriteTx<'_>,
    subscription_id: &str,
    event_seq: i64,
    event_id: &str,
) -> QueryResult<()> {
    let now = now_utc();
    let existing = diesel::update(
        deliveries::table
            .filter(deliveries::subscription_id.eq(subscription_id))
            .filter(deliveries::event_seq.eq(event_seq)),
    )
    .set((
        deliveries::status.eq(DeliveryStatus::Pending),
        deliveries::attempts.eq(0),
        deliveries::next_attempt_at.eq(Some(now)),
        deliveries::updated_at.eq(now),
    ))
    .execute(tx.conn())?;
    if existing == 0 {
        diesel::insert_into(deliveries::table)
            .values((
                deliveries::id.eq(new_id()),
                deliveries::subscription_id.eq(subscription_id),
                deliveries::event_seq.eq(event_seq),
                deliveries::event_id.eq(event_id),
                deliveries::status.eq(DeliveryStatus::Pending),
                deliveries::attempts.eq(0),
                deliveries::next_attempt_at.eq(Some(now)),
                deliveries::created_at.eq(now),
                deliveries::updated_at.eq(now),
            ))
            .execute(tx.conn())?;
    }
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<DeliveryRow> {
    deliveries::table
        .find(id)
        .select(DeliveryRow::as_select())
        .first(conn)
}

/// The subscriptions with something pending.
pub fn waiting_subscriptions(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    deliveries::table
        .filter(deliveries::status.eq(DeliveryStatus::Pending))
        .select(deliveries::subscription_id)
        .distinct()
        .load(conn)
}

/// The first `limit` pending deliveries of a subscription in event order, each with its
/// event: they are attempted in this order, one at a time (commit order per subscription).
pub fn heads(
    conn: &mut DbConnection,
    subscription_id: &str,
    limit: i64,
) -> QueryResult<Vec<(DeliveryRow, EventRow)>> {
    deliveries::table
        .inner_join(events::table.on(events::seq.eq(deliveries::event_seq)))
        .filter(deliveries::subscription_id.eq(subscription_id))
        .filter(deliveries::status.eq(DeliveryStatus::Pending))
        .order(deliveries::event_seq.asc())
        .limit(limit)
        .select((DeliveryRow::as_select(), EventRow::as_select()))
        .load(conn)
}

/// What one attempt came to.
#[derive(Clone, Debug)]
pub struct Attempt {
    pub status: DeliveryStatus,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub response: Option<String>,
    pub next_attempt_at: Option<NaiveDateTime>,
}

/// Logs an attempt of a delivery.
pub fn record_attempt(tx: &mut WriteTx<'_>, id: &str, attempt: &Attempt) -> QueryResult<()> {
    diesel::update(deliveries::table.find(id))
        .set((
            deliveries::status.eq(attempt.status),
            deliveries::attempts.eq(deliveries::attempts + 1),
            deliveries::last_status_code.eq(attempt.status_code),
            deliveries::last_error.eq(&attempt.error),
            deliveries::last_response.eq(&attempt.response),
            deliveries::next_attempt_at.eq(attempt.next_attempt_at),
            deliveries::updated_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    Ok(())
}

/// A page of a subscription's deliveries in event order (cursor: the event's number).
pub fn page(
    conn: &mut DbConnection,
    subscription_id: &str,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<DeliveryRow>> {
    deliveries::table
        .filter(deliveries::subscription_id.eq(subscription_id))
        .filter(deliveries::event_seq.gt(after))
        .order(deliveries::event_seq.asc())
        .limit(limit)
        .select(DeliveryRow::as_select())
        .load(conn)
}
