//! Loans of shelf copies and holds on shelf titles. A copy is never on two open loans: the
//! partial unique index `loans_one_open_per_copy` refuses the second whatever races.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::{holds, loans};

pub const LOANS: &str = "loans";
pub const HOLDS: &str = "holds";

/// Hold statuses: waiting in queue order, ready (a copy kept for the reader), fulfilled
/// (lent to them), cancelled.
pub mod hold_status {
    pub const WAITING: &str = "waiting";
    pub const READY: &str = "ready";
    pub const FULFILLED: &str = "fulfilled";
    pub const CANCELLED: &str = "cancelled";
    pub const OPEN: [&str; 2] = [WAITING, READY];
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = loans)]
pub struct LoanRow {
    pub id: String,
    pub copy_id: String,
    pub shelf_id: String,
    pub book_id: String,
    pub person_id: String,
    pub org_unit_id: Option<String>,
    pub item_type: String,
    pub borrowed_at: NaiveDateTime,
    pub due_on: NaiveDate,
    pub renewals: i32,
    pub returned_at: Option<NaiveDateTime>,
    pub lent_by: String,
    pub policy_version: i32,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = holds)]
pub struct HoldRow {
    pub id: String,
    pub shelf_id: String,
    pub book_id: String,
    pub person_id: String,
    pub status: String,
    pub copy_id: Option<String>,
    pub seq: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A loan to write.
#[derive(Clone, Debug)]
pub struct NewLoan<'a> {
    pub copy_id: &'a str,
    pub shelf_id: &'a str,
    pub book_id: &'a str,
    pub person_id: &'a str,
    pub org_unit_id: Option<&'a str>,
    pub item_type: &'a str,
    pub due_on: NaiveDate,
    pub lent_by: &'a str,
    pub policy_version: i32,
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<LoanRow> {
    loans::table
        .find(id)
        .select(LoanRow::as_select())
        .first(conn)
}

/// The copy's open loan, if any.
pub fn open_loan_of(conn: &mut DbConnection, copy_id: &str) -> QueryResult<Option<LoanRow>> {
    loans::table
        .filter(loans::copy_id.eq(copy_id))
        .filter(loans::returned_at.is_null())
        .select(LoanRow::as_select())
        .first(conn)
        .optional()
}

/// How many open loans of `item_type` the person holds.
pub fn open_count(conn: &mut DbConnection, person_id: &str, item_type: &str) -> QueryResult<i64> {
    loans::table
        .filter(loans::person_id.eq(person_id))
        .filter(loans::item_type.eq(item_type))
        .filter(loans::returned_at.is_null())
        .count()
        .get_result(conn)
}

pub fn insert(tx: &mut WriteTx<'_>, new: &NewLoan<'_>) -> QueryResult<LoanRow> {
    let seq = next_change_seq(tx, LOANS)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(loans::table)
        .values((
            loans::id.eq(&id),
            loans::copy_id.eq(new.copy_id),
            loans::shelf_id.eq(new.shelf_id),
            loans::book_id.eq(new.book_id),
            loans::person_id.eq(new.person_id),
            loans::org_unit_id.eq(new.org_unit_id),
            loans::item_type.eq(new.item_type),
            loans::borrowed_at.eq(now),
            loans::due_on.eq(new.due_on),
            loans::renewals.eq(0),
            loans::lent_by.eq(new.lent_by),
            loans::policy_version.eq(new.policy_version),
            loans::version.eq(1_i64),
            loans::seq.eq(seq),
            loans::change_seq.eq(seq),
            loans::created_at.eq(now),
            loans::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

/// Renews an open loan at `version`; `None` when it changed meanwhile.
pub fn renew(
    tx: &mut WriteTx<'_>,
    row: &LoanRow,
    due_on: NaiveDate,
) -> QueryResult<Option<LoanRow>> {
    let seq = next_change_seq(tx, LOANS)?;
    let updated = diesel::update(
        loans::table
            .find(&row.id)
            .filter(loans::version.eq(row.version))
            .filter(loans::returned_at.is_null()),
    )
    .set((
        loans::due_on.eq(due_on),
        loans::renewals.eq(row.renewals + 1),
        loans::version.eq(row.version + 1),
        loans::change_seq.eq(seq),
        loans::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), &row.id).map(Some)
}

/// Closes an open loan at `version`; `None` when it changed meanwhile.
pub fn close(tx: &mut WriteTx<'_>, row: &LoanRow) -> QueryResult<Option<LoanRow>> {
    let seq = next_change_seq(tx, LOANS)?;
    let now = now_utc();
    let updated = diesel::update(
        loans::table
            .find(&row.id)
            .filter(loans::version.eq(row.version))
            .filter(loans::returned_at.is_null()),
    )
    .set((
        loans::returned_at.eq(now),
        loans::version.eq(row.version + 1),
        loans::change_seq.eq(seq),
        loans::updated_at.eq(now),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), &row.id).map(Some)
}

/// A person's loans in the order made, after `after`.
pub fn of_person(
    conn: &mut DbConnection,
    person_id: &str,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<LoanRow>> {
    loans::table
        .filter(loans::person_id.eq(person_id))
        .filter(loans::seq.gt(after))
        .order(loans::seq.asc())
        .limit(fetch)
        .select(LoanRow::as_select())
        .load(conn)
}

/// A shelf's open loans in the order made (only those due before `overdue_on` when given).
pub fn open_on_shelf(
    conn: &mut DbConnection,
    shelf_id: &str,
    overdue_on: Option<NaiveDate>,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<LoanRow>> {
    let mut query = loans::table
        .filter(loans::shelf_id.eq(shelf_id))
        .filter(loans::returned_at.is_null())
        .filter(loans::seq.gt(after))
        .order(loans::seq.asc())
        .limit(fetch)
        .select(LoanRow::as_select())
        .into_boxed();
    if let Some(day) = overdue_on {
        query = query.filter(loans::due_on.lt(day));
    }
    query.load(conn)
}

// The changes feed of `LoanRow` (`lt_store::changes`).
lt_store::changed_rows!(LoanRow, loans, updated_at, LOANS);

pub fn find_hold(conn: &mut DbConnection, id: &str) -> QueryResult<HoldRow> {
    holds::table
        .find(id)
        .select(HoldRow::as_select())
        .first(conn)
}

/// The open holds (waiting or ready) on a shelf's title, in queue order.
pub fn open_holds(
    conn: &mut DbConnection,
    shelf_id: &str,
    book_id: &str,
) -> QueryResult<Vec<HoldRow>> {
    holds::table
        .filter(holds::shelf_id.eq(shelf_id))
        .filter(holds::book_id.eq(book_id))
        .filter(holds::status.eq_any(hold_status::OPEN))
        .order(holds::seq.asc())
        .select(HoldRow::as_select())
        .load(conn)
}

pub fn insert_hold(
    tx: &mut WriteTx<'_>,
    shelf_id: &str,
    book_id: &str,
    person_id: &str,
    status: &str,
    copy_id: Option<&str>,
) -> QueryResult<HoldRow> {
    let seq = next_change_seq(tx, HOLDS)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(holds::table)
        .values((
            holds::id.eq(&id),
            holds::shelf_id.eq(shelf_id),
            holds::book_id.eq(book_id),
            holds::person_id.eq(person_id),
            holds::status.eq(status),
            holds::copy_id.eq(copy_id),
            holds::seq.eq(seq),
            holds::version.eq(1_i64),
            holds::created_at.eq(now),
            holds::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find_hold(tx.conn(), &id)
}

/// Moves a hold to `status` (keeping `copy_id` for a ready one).
pub fn set_hold(
    tx: &mut WriteTx<'_>,
    row: &HoldRow,
    status: &str,
    copy_id: Option<&str>,
) -> QueryResult<HoldRow> {
    diesel::update(holds::table.find(&row.id))
        .set((
            holds::status.eq(status),
            holds::copy_id.eq(copy_id),
            holds::version.eq(row.version + 1),
            holds::updated_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    find_hold(tx.conn(), &row.id)
}

/// A person's holds in the order placed, after `after`.
pub fn holds_of(
    conn: &mut DbConnection,
    person_id: &str,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<HoldRow>> {
    holds::table
        .filter(holds::person_id.eq(person_id))
        .filter(holds::seq.gt(after))
        .order(holds::seq.asc())
        .limit(fetch)
        .select(HoldRow::as_select())
        .load(conn)
}
