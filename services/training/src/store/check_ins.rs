//! Rotating venue check-in codes: each valid a short time, unique while kept.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx};

use super::schema::check_in_codes;

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = check_in_codes)]
pub struct CheckInCodeRow {
    pub code: String,
    pub session_id: String,
    pub issued_by: String,
    pub issued_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// Stores `code` for `session_id` unless the code is taken; true when stored. Codes past
/// their expiry by a day are dropped first, so the table stays small and codes can recur.
pub fn insert(
    tx: &mut WriteTx<'_>,
    code: &str,
    session_id: &str,
    issued_by: &str,
    issued_at: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::delete(
        check_in_codes::table
            .filter(check_in_codes::expires_at.lt(issued_at - chrono::TimeDelta::days(1))),
    )
    .execute(tx.conn())?;
    let inserted =
        lt_store::on_each_backend!(tx.conn(), |c| diesel::insert_into(check_in_codes::table)
            .values((
                check_in_codes::code.eq(code),
                check_in_codes::session_id.eq(session_id),
                check_in_codes::issued_by.eq(issued_by),
                check_in_codes::issued_at.eq(issued_at),
                check_in_codes::expires_at.eq(expires_at),
            ))
            .on_conflict(check_in_codes::code)
            .do_nothing()
            .execute(c))?;
    Ok(inserted == 1)
}

pub fn find(conn: &mut DbConnection, code: &str) -> QueryResult<Option<CheckInCodeRow>> {
    check_in_codes::table
        .find(code)
        .select(CheckInCodeRow::as_select())
        .first(conn)
        .optional()
}
