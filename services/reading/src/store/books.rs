//! The catalogue: books by ISBN-13, or by title alone when a reader logs one without.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::books;

pub const STREAM: &str = "books";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = books)]
pub struct BookRow {
    pub id: String,
    pub isbn: Option<String>,
    pub title: String,
    pub author: Option<String>,
    pub category: Option<String>,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a book says about itself.
#[derive(Clone, Debug, Default)]
pub struct BookFields {
    pub isbn: Option<String>,
    pub title: String,
    pub author: Option<String>,
    pub category: Option<String>,
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<BookRow> {
    books::table
        .find(id)
        .select(BookRow::as_select())
        .first(conn)
}

pub fn by_isbn(conn: &mut DbConnection, isbn: &str) -> QueryResult<Option<BookRow>> {
    books::table
        .filter(books::isbn.eq(isbn))
        .select(BookRow::as_select())
        .first(conn)
        .optional()
}

/// A title-only book (no ISBN) with exactly this title, if the catalogue has one.
pub fn by_title_only(conn: &mut DbConnection, title: &str) -> QueryResult<Option<BookRow>> {
    books::table
        .filter(books::isbn.is_null())
        .filter(books::title.eq(title))
        .order(books::seq.asc())
        .select(BookRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(tx: &mut WriteTx<'_>, fields: &BookFields) -> QueryResult<BookRow> {
    let seq = next_change_seq(tx, STREAM)?;
    insert_with(tx, fields, seq)
}

fn insert_with(tx: &mut WriteTx<'_>, fields: &BookFields, seq: i64) -> QueryResult<BookRow> {
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(books::table)
        .values((
            books::id.eq(&id),
            books::isbn.eq(&fields.isbn),
            books::title.eq(&fields.title),
            books::author.eq(&fields.author),
            books::category.eq(&fields.category),
            books::version.eq(1_i64),
            books::seq.eq(seq),
            books::change_seq.eq(seq),
            books::created_at.eq(now),
            books::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

/// The book with `fields.isbn` (or, without one, `fields.title` alone), added to the
/// catalogue when missing: how logs, copies and imports name books. A miss takes the
/// `books` counter (locking it until the transaction ends) and looks again, so two writers
/// adding one new book meet there and the second finds the first's. Lock order: call this
/// before taking any other change counter in the transaction.
pub fn find_or_add(tx: &mut WriteTx<'_>, fields: &BookFields) -> QueryResult<BookRow> {
    let lookup = |conn: &mut DbConnection| match &fields.isbn {
        Some(isbn) => by_isbn(conn, isbn),
        None => by_title_only(conn, &fields.title),
    };
    if let Some(book) = lookup(tx.conn())? {
        return Ok(book);
    }
    let seq = next_change_seq(tx, STREAM)?;
    if let Some(book) = lookup(tx.conn())? {
        return Ok(book);
    }
    insert_with(tx, fields, seq)
}

/// Writes `fields` when the book is still at `version`; `None` when someone else changed it.
pub fn update(
    tx: &mut WriteTx<'_>,
    id: &str,
    version: i64,
    fields: &BookFields,
) -> QueryResult<Option<BookRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let updated = diesel::update(books::table.find(id).filter(books::version.eq(version)))
        .set((
            books::isbn.eq(&fields.isbn),
            books::title.eq(&fields.title),
            books::author.eq(&fields.author),
            books::category.eq(&fields.category),
            books::version.eq(version + 1),
            books::change_seq.eq(seq),
            books::updated_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), id).map(Some)
}

/// Books in catalogue order after `after`, optionally those whose title or author contains
/// `text`, or with one ISBN.
pub fn list(
    conn: &mut DbConnection,
    after: i64,
    fetch: i64,
    text: Option<&str>,
    isbn: Option<&str>,
) -> QueryResult<Vec<BookRow>> {
    let mut query = books::table
        .filter(books::seq.gt(after))
        .order(books::seq.asc())
        .limit(fetch)
        .select(BookRow::as_select())
        .into_boxed();
    if let Some(text) = text {
        let pattern = format!("%{}%", text.replace(['%', '_', '\\'], ""));
        query = query.filter(
            books::title
                .like(pattern.clone())
                .or(books::author.like(pattern)),
        );
    }
    if let Some(isbn) = isbn {
        query = query.filter(books::isbn.eq(isbn.to_owned()));
    }
    query.load(conn)
}

// The changes feed of `BookRow` (`lt_store::changes`).
lt_store::changed_rows!(BookRow, books, updated_at, STREAM);
