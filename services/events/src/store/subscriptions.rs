//! Webhook subscriptions. The secret is kept to sign with (it cannot be hashed); it is shown
//! once, when made or rotated, and never in a list or a read.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::{deliveries, subscriptions};
use crate::domain::model::SubscriptionStatus;

pub const STREAM: &str = "subscriptions";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = subscriptions)]
pub struct SubscriptionRow {
    pub id: String,
    pub seq: i64,
    pub url: String,
    /// JSON array of patterns.
    pub event_types: String,
    pub description: String,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<NaiveDateTime>,
    pub status: SubscriptionStatus,
    pub status_reason: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

impl SubscriptionRow {
    pub fn patterns(&self) -> Vec<String> {
        serde_json::from_str(&self.event_types).unwrap_or_default()
    }

    /// The secrets signing now: the current one, and the previous one during its overlap.
    pub fn signing_secrets(&self, now: NaiveDateTime) -> Vec<&str> {
        let mut secrets = vec![self.secret.as_str()];
        if let (Some(previous), Some(until)) = (&self.previous_secret, self.previous_secret_until)
            && now < until
        {
            secrets.push(previous.as_str());
        }
        secrets
    }
}

/// A subscription's settable fields.
#[derive(Clone, Debug)]
pub struct Fields {
    pub url: String,
    pub event_types: Vec<String>,
    pub description: String,
}

pub fn insert(
    tx: &mut WriteTx<'_>,
    fields: &Fields,
    secret: &str,
    created_by: &str,
) -> QueryResult<SubscriptionRow> {
    let id = new_id();
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    diesel::insert_into(subscriptions::table)
        .values((
            subscriptions::id.eq(&id),
            subscriptions::seq.eq(seq),
            subscriptions::url.eq(&fields.url),
            subscriptions::event_types
                .eq(serde_json::to_string(&fields.event_types).unwrap_or_default()),
            subscriptions::description.eq(&fields.description),
            subscriptions::secret.eq(secret),
            subscriptions::status.eq(SubscriptionStatus::Active),
            subscriptions::created_by.eq(created_by),
            subscriptions::created_at.eq(now),
            subscriptions::updated_at.eq(now),
            subscriptions::version.eq(1_i64),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<SubscriptionRow> {
    subscriptions::table
        .find(id)
        .select(SubscriptionRow::as_select())
        .first(conn)
}

/// A page of subscriptions in creation order.
pub fn page(conn: &mut DbConnection, after: i64, limit: i64) -> QueryResult<Vec<SubscriptionRow>> {
    subscriptions::table
        .filter(subscriptions::seq.gt(after))
        .order(subscriptions::seq.asc())
        .limit(limit)
        .select(SubscriptionRow::as_select())
        .load(conn)
}

/// Every subscription that takes new events (not disabled), for the relay's fan-out.
pub fn receiving(conn: &mut DbConnection) -> QueryResult<Vec<SubscriptionRow>> {
    subscriptions::table
        .filter(subscriptions::status.ne(SubscriptionStatus::Disabled))
        .order(subscriptions::seq.asc())
        .select(SubscriptionRow::as_select())
        .load(conn)
}

/// Rewrites the settable fields and, when given, the status; bumps the version.
pub fn update(
    tx: &mut WriteTx<'_>,
    id: &str,
    fields: &Fields,
    status: Option<SubscriptionStatus>,
) -> QueryResult<SubscriptionRow> {
    let current = find(tx.conn(), id)?;
    let status = status.unwrap_or(current.status);
    let reason = (status == current.status)
        .then_some(current.status_reason)
        .flatten();
    diesel::update(subscriptions::table.find(id))
        .set((
            subscriptions::url.eq(&fields.url),
            subscriptions::event_types
                .eq(serde_json::to_string(&fields.event_types).unwrap_or_default()),
            subscriptions::description.eq(&fields.description),
            subscriptions::status.eq(status),
            subscriptions::status_reason.eq(reason),
            subscriptions::updated_at.eq(now_utc()),
            subscriptions::version.eq(current.version + 1),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), id)
}

/// Sets the status the dispatcher observed (`failing` after a failed delivery, `active`
/// after a success, `disabled` on 410), with why; no version bump when nothing changes.
pub fn set_status(
    tx: &mut WriteTx<'_>,
    id: &str,
    status: SubscriptionStatus,
    reason: Option<&str>,
) -> QueryResult<()> {
    let current = find(tx.conn(), id)?;
    if current.status == status {
        return Ok(());
    }
    // An admin's pause is theirs to lift: the dispatcher never re-activates a disabled one.
    if current.status == SubscriptionStatus::Disabled {
        return Ok(());
    }
    diesel::update(subscriptions::table.find(id))
        .set((
            subscriptions::status.eq(status),
            subscriptions::status_reason.eq(reason),
            subscriptions::updated_at.eq(now_utc()),
            subscriptions::version.eq(current.version + 1),
        ))
        .execute(tx.conn())?;
    Ok(())
}

/// Replaces the secret; the old one keeps signing until `overlap_until`.
pub fn rotate(
    tx: &mut WriteTx<'_>,
    id: &str,
    secret: &str,
    overlap_until: NaiveDateTime,
) -> QueryResult<SubscriptionRow> {
    let current = find(tx.conn(), id)?;
    diesel::update(subscriptions::table.find(id))
        .set((
            subscriptions::secret.eq(secret),
            subscriptions::previous_secret.eq(Some(&current.secret)),
            subscriptions::previous_secret_until.eq(Some(overlap_until)),
            subscriptions::updated_at.eq(now_utc()),
            subscriptions::version.eq(current.version + 1),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), id)
}

/// Deletes a subscription and its deliveries.
pub fn delete(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<usize> {
    diesel::delete(deliveries::table.filter(deliveries::subscription_id.eq(id)))
        .execute(tx.conn())?;
    diesel::delete(subscriptions::table.find(id)).execute(tx.conn())
}
