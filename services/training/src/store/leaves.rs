//! Leave approved for an enrolled cadre (请假), as the organiser recorded it.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, now_utc};

use super::new_id;
use super::schema::leaves;

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = leaves)]
pub struct LeaveRow {
    pub id: String,
    pub enrolment_id: String,
    pub hours: i64,
    pub reason: String,
    pub approved_by: String,
    pub approved_at: NaiveDateTime,
}

pub fn insert(
    tx: &mut WriteTx<'_>,
    enrolment_id: &str,
    hours: i64,
    reason: &str,
    approved_by: &str,
) -> QueryResult<LeaveRow> {
    let row = LeaveRow {
        id: new_id(),
        enrolment_id: enrolment_id.to_owned(),
        hours,
        reason: reason.to_owned(),
        approved_by: approved_by.to_owned(),
        approved_at: now_utc(),
    };
    diesel::insert_into(leaves::table)
        .values((
            leaves::id.eq(&row.id),
            leaves::enrolment_id.eq(&row.enrolment_id),
            leaves::hours.eq(row.hours),
            leaves::reason.eq(&row.reason),
            leaves::approved_by.eq(&row.approved_by),
            leaves::approved_at.eq(row.approved_at),
        ))
        .execute(tx.conn())?;
    Ok(row)
}

/// One leave of one enrolment.
pub fn find(conn: &mut DbConnection, enrolment_id: &str, id: &str) -> QueryResult<LeaveRow> {
    leaves::table
        .find(id)
        .filter(leaves::enrolment_id.eq(enrolment_id))
        .select(LeaveRow::as_select())
        .first(conn)
}
