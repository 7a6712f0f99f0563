//! Reading notes (读书心得): submitted by a cadre, reviewed by the reading programme
//! (featured, or returned with a comment), featured ones shown publicly.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::notes;

pub const STREAM: &str = "notes";

pub mod status {
    pub const SUBMITTED: &str = "submitted";
    pub const FEATURED: &str = "featured";
    pub const RETURNED: &str = "returned";
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = notes)]
pub struct NoteRow {
    pub id: String,
    pub person_id: String,
    pub org_unit_id: Option<String>,
    pub book_id: Option<String>,
    pub book_title: String,
    pub title: String,
    pub body: String,
    pub show_name: bool,
    pub status: String,
    pub review_comment: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<NaiveDateTime>,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What the author writes.
#[derive(Clone, Debug)]
pub struct NoteText {
    pub book_id: Option<String>,
    pub book_title: String,
    pub title: String,
    pub body: String,
    pub show_name: bool,
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<NoteRow> {
    notes::table
        .find(id)
        .select(NoteRow::as_select())
        .first(conn)
}

pub fn insert(
    tx: &mut WriteTx<'_>,
    person_id: &str,
    org_unit_id: Option<&str>,
    text: &NoteText,
) -> QueryResult<NoteRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(notes::table)
        .values((
            notes::id.eq(&id),
            notes::person_id.eq(person_id),
            notes::org_unit_id.eq(org_unit_id),
            notes::book_id.eq(&text.book_id),
            notes::book_title.eq(&text.book_title),
            notes::title.eq(&text.title),
            notes::body.eq(&text.body),
            notes::show_name.eq(text.show_name),
            notes::status.eq(status::SUBMITTED),
            notes::version.eq(1_i64),
            notes::seq.eq(seq),
            notes::change_seq.eq(seq),
            notes::created_at.eq(now),
            notes::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

/// Rewrites a note (submitted again) when still at `version`; `None` otherwise.
pub fn rewrite(
    tx: &mut WriteTx<'_>,
    row: &NoteRow,
    text: &NoteText,
) -> QueryResult<Option<NoteRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let updated = diesel::update(
        notes::table
            .find(&row.id)
            .filter(notes::version.eq(row.version)),
    )
    .set((
        notes::book_id.eq(&text.book_id),
        notes::book_title.eq(&text.book_title),
        notes::title.eq(&text.title),
        notes::body.eq(&text.body),
        notes::show_name.eq(text.show_name),
        notes::status.eq(status::SUBMITTED),
        notes::version.eq(row.version + 1),
        notes::change_seq.eq(seq),
        notes::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), &row.id).map(Some)
}

/// Records a review of a submitted note at `version`; `None` when it changed meanwhile.
pub fn review(
    tx: &mut WriteTx<'_>,
    row: &NoteRow,
    to: &str,
    comment: Option<&str>,
    by: &str,
) -> QueryResult<Option<NoteRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let updated = diesel::update(
        notes::table
            .find(&row.id)
            .filter(notes::version.eq(row.version))
            .filter(notes::status.eq(status::SUBMITTED)),
    )
    .set((
        notes::status.eq(to),
        notes::review_comment.eq(comment),
        notes::reviewed_by.eq(by),
        notes::reviewed_at.eq(now),
        notes::version.eq(row.version + 1),
        notes::change_seq.eq(seq),
        notes::updated_at.eq(now),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), &row.id).map(Some)
}

/// Notes in the order written after `after`: of one author, of one status, or both.
pub fn list(
    conn: &mut DbConnection,
    person_id: Option<&str>,
    status: Option<&str>,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<NoteRow>> {
    let mut query = notes::table
        .filter(notes::seq.gt(after))
        .order(notes::seq.asc())
        .limit(fetch)
        .select(NoteRow::as_select())
        .into_boxed();
    if let Some(person) = person_id {
        query = query.filter(notes::person_id.eq(person.to_owned()));
    }
    if let Some(status) = status {
        query = query.filter(notes::status.eq(status.to_owned()));
    }
    query.load(conn)
}
