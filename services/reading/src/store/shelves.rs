//! Department shelves and their copies.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::{copies, shelves};

pub const SHELVES: &str = "shelves";
pub const COPIES: &str = "copies";

/// Copy statuses (whether a copy is on loan is the loans' business).
pub mod copy_status {
    pub const AVAILABLE: &str = "available";
    pub const WITHDRAWN: &str = "withdrawn";
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = shelves)]
pub struct ShelfRow {
    pub id: String,
    pub org_unit_id: String,
    pub name: String,
    pub location: Option<String>,
    pub created_by: String,
    pub version: i64,
    pub seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = copies)]
pub struct CopyRow {
    pub id: String,
    pub shelf_id: String,
    pub book_id: String,
    pub item_type: String,
    pub barcode: Option<String>,
    pub status: String,
    pub seq: i64,
    pub created_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<ShelfRow> {
    shelves::table
        .find(id)
        .select(ShelfRow::as_select())
        .first(conn)
}

pub fn insert(
    tx: &mut WriteTx<'_>,
    org_unit_id: &str,
    name: &str,
    location: Option<&str>,
    created_by: &str,
) -> QueryResult<ShelfRow> {
    let seq = next_change_seq(tx, SHELVES)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(shelves::table)
        .values((
            shelves::id.eq(&id),
            shelves::org_unit_id.eq(org_unit_id),
            shelves::name.eq(name),
            shelves::location.eq(location),
            shelves::created_by.eq(created_by),
            shelves::version.eq(1_i64),
            shelves::seq.eq(seq),
            shelves::created_at.eq(now),
            shelves::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

/// Shelves in creation order after `after`, optionally only those of `units`.
pub fn list(
    conn: &mut DbConnection,
    after: i64,
    fetch: i64,
    units: Option<&[String]>,
) -> QueryResult<Vec<ShelfRow>> {
    let mut query = shelves::table
        .filter(shelves::seq.gt(after))
        .order(shelves::seq.asc())
        .limit(fetch)
        .select(ShelfRow::as_select())
        .into_boxed();
    if let Some(units) = units {
        query = query.filter(shelves::org_unit_id.eq_any(units.to_vec()));
    }
    query.load(conn)
}

pub fn find_copy(conn: &mut DbConnection, id: &str) -> QueryResult<CopyRow> {
    copies::table
        .find(id)
        .select(CopyRow::as_select())
        .first(conn)
}

/// Locks a copy's row until the transaction ends (loans of one copy take turns) and reads it.
pub fn lock_copy(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<CopyRow> {
    lt_store::lock_rows!(tx.conn(), copies::table.find(id), copies::seq)?;
    find_copy(tx.conn(), id)
}

pub fn insert_copy(
    tx: &mut WriteTx<'_>,
    shelf_id: &str,
    book_id: &str,
    item_type: &str,
    barcode: Option<&str>,
) -> QueryResult<CopyRow> {
    let seq = next_change_seq(tx, COPIES)?;
    let id = new_id();
    diesel::insert_into(copies::table)
        .values((
            copies::id.eq(&id),
            copies::shelf_id.eq(shelf_id),
            copies::book_id.eq(book_id),
            copies::item_type.eq(item_type),
            copies::barcode.eq(barcode),
            copies::status.eq(copy_status::AVAILABLE),
            copies::seq.eq(seq),
            copies::created_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    find_copy(tx.conn(), &id)
}

pub fn set_copy_status(tx: &mut WriteTx<'_>, id: &str, status: &str) -> QueryResult<CopyRow> {
    diesel::update(copies::table.find(id))
        .set(copies::status.eq(status))
        .execute(tx.conn())?;
    find_copy(tx.conn(), id)
}

/// Copies of a shelf in the order added, after `after`.
pub fn copies_of(
    conn: &mut DbConnection,
    shelf_id: &str,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<CopyRow>> {
    copies::table
        .filter(copies::shelf_id.eq(shelf_id))
        .filter(copies::seq.gt(after))
        .order(copies::seq.asc())
        .limit(fetch)
        .select(CopyRow::as_select())
        .load(conn)
}

/// Copies of one title on one shelf.
pub fn copies_of_title(
    conn: &mut DbConnection,
    shelf_id: &str,
    book_id: &str,
) -> QueryResult<Vec<CopyRow>> {
    copies::table
        .filter(copies::shelf_id.eq(shelf_id))
        .filter(copies::book_id.eq(book_id))
        .order(copies::seq.asc())
        .select(CopyRow::as_select())
        .load(conn)
}
