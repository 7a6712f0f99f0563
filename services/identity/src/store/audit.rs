//! The audit log of admin changes: who, when, what, why.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::schema::audit_log;

pub const STREAM: &str = "audit_log";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: String,
    pub seq: i64,
    pub at: NaiveDateTime,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub details: String,
}

/// Records an admin change in the caller's transaction. Details that cannot be written as
/// JSON fail the change (and roll it back) rather than leave an empty audit entry.
pub fn record(
    tx: &mut WriteTx<'_>,
    actor: &str,
    action: &str,
    target: &str,
    details: &impl serde::Serialize,
) -> QueryResult<()> {
    let details = serde_json::to_string(details)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let seq = next_change_seq(tx, STREAM)?;
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::id.eq(uuid::Uuid::now_v7().to_string()),
            audit_log::seq.eq(seq),
            audit_log::at.eq(now_utc()),
            audit_log::actor.eq(actor),
            audit_log::action.eq(action),
            audit_log::target.eq(target),
            audit_log::details.eq(details),
        ))
        .execute(tx.conn())?;
    Ok(())
}

pub fn list(conn: &mut DbConnection, after: i64, fetch: i64) -> QueryResult<Vec<AuditRow>> {
    audit_log::table
        .filter(audit_log::seq.gt(after))
        .order(audit_log::seq.asc())
        .limit(fetch)
        .select(AuditRow::as_select())
        .load(conn)
}
