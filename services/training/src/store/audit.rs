//! Training's audit log: admin and organiser decisions worth a trail (policies published,
//! sessions cancelled, applications and claims decided, leave approved).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::schema::audit_log;
use super::to_json_text;

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

/// Records a decision in the caller's transaction (it commits or rolls back with it).
pub fn record(
    tx: &mut WriteTx<'_>,
    actor: &str,
    action: &str,
    target: &str,
    details: &impl serde::Serialize,
) -> QueryResult<()> {
    let details = to_json_text(details)?;
    let seq = next_change_seq(tx, STREAM)?;
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::id.eq(super::new_id()),
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

/// The trail of one record, oldest first.
pub fn for_target(conn: &mut DbConnection, target: &str) -> QueryResult<Vec<AuditRow>> {
    audit_log::table
        .filter(audit_log::target.eq(target))
        .order(audit_log::seq.asc())
        .select(AuditRow::as_select())
        .load(conn)
}
