//! Recommended book lists (推荐书目), on their own or for a campaign.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::{book_list_items, book_lists};

pub const STREAM: &str = "book_lists";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = book_lists)]
pub struct ListRow {
    pub id: String,
    pub campaign_id: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub created_by: String,
    pub version: i64,
    pub seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<ListRow> {
    book_lists::table
        .find(id)
        .select(ListRow::as_select())
        .first(conn)
}

/// Writes a list with its books (book id, note) in order.
pub fn insert(
    tx: &mut WriteTx<'_>,
    campaign_id: Option<&str>,
    title: &str,
    description: Option<&str>,
    items: &[(String, Option<String>)],
    by: &str,
) -> QueryResult<ListRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(book_lists::table)
        .values((
            book_lists::id.eq(&id),
            book_lists::campaign_id.eq(campaign_id),
            book_lists::title.eq(title),
            book_lists::description.eq(description),
            book_lists::created_by.eq(by),
            book_lists::version.eq(1_i64),
            book_lists::seq.eq(seq),
            book_lists::created_at.eq(now),
            book_lists::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    for (position, (book, note)) in items.iter().enumerate() {
        diesel::insert_into(book_list_items::table)
            .values((
                book_list_items::list_id.eq(&id),
                book_list_items::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                book_list_items::book_id.eq(book),
                book_list_items::note.eq(note),
            ))
            .execute(tx.conn())?;
    }
    find(tx.conn(), &id)
}

/// A list's books (book id, note), in order.
pub fn items(conn: &mut DbConnection, list_id: &str) -> QueryResult<Vec<(String, Option<String>)>> {
    book_list_items::table
        .filter(book_list_items::list_id.eq(list_id))
        .order(book_list_items::position.asc())
        .select((book_list_items::book_id, book_list_items::note))
        .load(conn)
}

/// Lists in the order made after `after`, optionally of one campaign.
pub fn list(
    conn: &mut DbConnection,
    campaign_id: Option<&str>,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<ListRow>> {
    let mut query = book_lists::table
        .filter(book_lists::seq.gt(after))
        .order(book_lists::seq.asc())
        .limit(fetch)
        .select(ListRow::as_select())
        .into_boxed();
    if let Some(campaign) = campaign_id {
        query = query.filter(book_lists::campaign_id.eq(campaign.to_owned()));
    }
    query.load(conn)
}
