//! Entries: by a person, a team or a department; draft → submitted → withdrawn or
//! disqualified.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc, record_tombstone};

use super::new_id;
use super::schema::entries;

pub const STREAM: &str = "entries";

pub mod status {
    pub const DRAFT: &str = "draft";
    pub const SUBMITTED: &str = "submitted";
    pub const WITHDRAWN: &str = "withdrawn";
    pub const DISQUALIFIED: &str = "disqualified";
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = entries)]
pub struct EntryRow {
    pub id: String,
    pub contest_id: String,
    pub track: Option<String>,
    pub title: String,
    pub summary: String,
    pub entrant_kind: String,
    pub person_id: String,
    pub members: String,
    pub org_unit_id: Option<String>,
    pub attachments: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub round_no: i32,
    pub submitted_at: Option<NaiveDateTime>,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// JSON text of the named team members who have not confirmed yet.
    pub pending_members: String,
}

/// What the results show of an entry.
#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = entries)]
pub struct EntryBrief {
    pub id: String,
    pub track: Option<String>,
    pub title: String,
    pub entrant_kind: String,
    pub person_id: String,
    pub org_unit_id: Option<String>,
}

/// What the entrant writes.
#[derive(Clone, Debug)]
pub struct EntryFields {
    pub track: Option<String>,
    pub title: String,
    pub summary: String,
    pub entrant_kind: String,
    /// JSON text of the member ids (the author and those who confirmed).
    pub members: String,
    /// JSON text of the named members who have not confirmed yet (written on creation only).
    pub pending_members: String,
    pub org_unit_id: Option<String>,
    /// JSON text of the attachments.
    pub attachments: String,
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<EntryRow> {
    entries::table
        .find(id)
        .select(EntryRow::as_select())
        .first(conn)
}

pub fn insert(
    tx: &mut WriteTx<'_>,
    contest_id: &str,
    fields: &EntryFields,
    person_id: &str,
) -> QueryResult<EntryRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(entries::table)
        .values((
            entries::id.eq(&id),
            entries::contest_id.eq(contest_id),
            entries::track.eq(&fields.track),
            entries::title.eq(&fields.title),
            entries::summary.eq(&fields.summary),
            entries::entrant_kind.eq(&fields.entrant_kind),
            entries::person_id.eq(person_id),
            entries::members.eq(&fields.members),
            entries::pending_members.eq(&fields.pending_members),
            entries::org_unit_id.eq(&fields.org_unit_id),
            entries::attachments.eq(&fields.attachments),
            entries::status.eq(status::DRAFT),
            entries::round_no.eq(1),
            entries::version.eq(1_i64),
            entries::seq.eq(seq),
            entries::change_seq.eq(seq),
            entries::created_at.eq(now),
            entries::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

/// Rewrites a draft still at `version`; `None` when it moved on.
pub fn update(
    tx: &mut WriteTx<'_>,
    row: &EntryRow,
    version: i64,
    fields: &EntryFields,
) -> QueryResult<Option<EntryRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let updated = diesel::update(
        entries::table
            .find(&row.id)
            .filter(entries::version.eq(version)),
    )
    .set((
        entries::track.eq(&fields.track),
        entries::title.eq(&fields.title),
        entries::summary.eq(&fields.summary),
        entries::entrant_kind.eq(&fields.entrant_kind),
        entries::members.eq(&fields.members),
        entries::org_unit_id.eq(&fields.org_unit_id),
        entries::attachments.eq(&fields.attachments),
        entries::version.eq(version + 1),
        entries::change_seq.eq(seq),
        entries::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), &row.id).map(Some)
}

/// Sets who is a member and who is still to confirm; `None` when the entry moved on from
/// `version`.
pub fn set_members(
    tx: &mut WriteTx<'_>,
    row: &EntryRow,
    members: &str,
    pending: &str,
) -> QueryResult<Option<EntryRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let updated = diesel::update(
        entries::table
            .find(&row.id)
            .filter(entries::version.eq(row.version)),
    )
    .set((
        entries::members.eq(members),
        entries::pending_members.eq(pending),
        entries::version.eq(row.version + 1),
        entries::change_seq.eq(seq),
        entries::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), &row.id).map(Some)
}

/// Whether the person is the author or a confirmed member of any entry of the contest.
pub fn is_entrant(conn: &mut DbConnection, contest_id: &str, person_id: &str) -> QueryResult<bool> {
    let pattern = member_pattern(person_id);
    let found: i64 = entries::table
        .filter(entries::contest_id.eq(contest_id))
        .filter(
            entries::person_id
                .eq(person_id)
                .or(entries::members.like(pattern)),
        )
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}

/// Moves an entry to `to` if it is still at `version`; a withdrawn or disqualified entry
/// leaves a tombstone in the changes feed. `None` when it moved on.
pub fn set_status(
    tx: &mut WriteTx<'_>,
    row: &EntryRow,
    version: i64,
    to: &str,
    reason: Option<&str>,
) -> QueryResult<Option<EntryRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let submitted_at = if to == status::SUBMITTED {
        Some(now)
    } else {
        row.submitted_at
    };
    let updated = diesel::update(
        entries::table
            .find(&row.id)
            .filter(entries::version.eq(version)),
    )
    .set((
        entries::status.eq(to),
        entries::status_reason.eq(reason),
        entries::submitted_at.eq(submitted_at),
        entries::version.eq(version + 1),
        entries::change_seq.eq(seq),
        entries::updated_at.eq(now),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    if to == status::WITHDRAWN || to == status::DISQUALIFIED {
        record_tombstone(tx, STREAM, &row.id, now)?;
    }
    find(tx.conn(), &row.id).map(Some)
}

/// Moves the given submitted entries of a contest on to round `round_no`.
pub fn advance(tx: &mut WriteTx<'_>, ids: &[String], round_no: i32) -> QueryResult<usize> {
    let mut moved = 0;
    for id in ids {
        let seq = next_change_seq(tx, STREAM)?;
        moved += diesel::update(entries::table.find(id))
            .set((
                entries::round_no.eq(round_no),
                entries::version.eq(entries::version + 1),
                entries::change_seq.eq(seq),
                entries::updated_at.eq(now_utc()),
            ))
            .execute(tx.conn())?;
    }
    Ok(moved)
}

/// A contest's entries by filter, in creation order (cursor `after` on `seq`).
pub fn of_contest(
    conn: &mut DbConnection,
    contest_id: &str,
    status: Option<&str>,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<EntryRow>> {
    let mut query = entries::table
        .filter(
            entries::contest_id
                .eq(contest_id)
                .and(entries::seq.gt(after)),
        )
        .order(entries::seq.asc())
        .limit(fetch)
        .select(EntryRow::as_select())
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(entries::status.eq(status));
    }
    query.load(conn)
}

/// The submitted entries of a contest's round (every one, for assignment and results).
pub fn in_round(
    conn: &mut DbConnection,
    contest_id: &str,
    round_no: i32,
) -> QueryResult<Vec<EntryRow>> {
    entries::table
        .filter(entries::contest_id.eq(contest_id))
        .filter(entries::status.eq(status::SUBMITTED))
        .filter(entries::round_no.ge(round_no))
        .order(entries::seq.asc())
        .select(EntryRow::as_select())
        .load(conn)
}

/// [`in_round`], only what the results show of each entry.
pub fn briefs_in_round(
    conn: &mut DbConnection,
    contest_id: &str,
    round_no: i32,
) -> QueryResult<Vec<EntryBrief>> {
    entries::table
        .filter(entries::contest_id.eq(contest_id))
        .filter(entries::status.eq(status::SUBMITTED))
        .filter(entries::round_no.ge(round_no))
        .order(entries::seq.asc())
        .select(EntryBrief::as_select())
        .load(conn)
}

/// Everyone entered in the contest by a submitted entry: authors and confirmed members,
/// each once (the addressees of 公示 and of the final results).
pub fn entrants(conn: &mut DbConnection, contest_id: &str) -> QueryResult<Vec<String>> {
    let rows: Vec<(String, String)> = entries::table
        .filter(entries::contest_id.eq(contest_id))
        .filter(entries::status.eq(status::SUBMITTED))
        .order(entries::seq.asc())
        .select((entries::person_id, entries::members))
        .load(conn)?;
    let mut people: Vec<String> = Vec::new();
    for (author, members) in rows {
        let members: Vec<String> = serde_json::from_str(&members).unwrap_or_default();
        for person in std::iter::once(author).chain(members) {
            if !people.contains(&person) {
                people.push(person);
            }
        }
    }
    Ok(people)
}

/// Entries the person created, newest last (cursor on `seq`).
pub fn of_person(
    conn: &mut DbConnection,
    person_id: &str,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<EntryRow>> {
    entries::table
        .filter(entries::person_id.eq(person_id).and(entries::seq.gt(after)))
        .order(entries::seq.asc())
        .limit(fetch)
        .select(EntryRow::as_select())
        .load(conn)
}

/// A `LIKE` pattern matching a JSON array of member ids that holds `person_id`.
fn member_pattern(person_id: &str) -> String {
    format!("%\"{}\"%", person_id.replace(['%', '_', '"', '\\'], ""))
}

/// Every entry whose members include the person (for records; small per person).
pub fn with_member(conn: &mut DbConnection, person_id: &str) -> QueryResult<Vec<EntryRow>> {
    let pattern = member_pattern(person_id);
    entries::table
        .filter(entries::members.like(pattern))
        .order(entries::seq.asc())
        .select(EntryRow::as_select())
        .load(conn)
}

// The changes feed of `EntryRow` (`lt_store::changes`).
lt_store::changed_rows!(EntryRow, entries, updated_at, STREAM);

/// Entries submitted in `[from, until)` (UTC), for reports.
pub fn submitted_between(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<Vec<EntryRow>> {
    entries::table
        .filter(
            entries::submitted_at
                .ge(from)
                .and(entries::submitted_at.lt(until)),
        )
        .select(EntryRow::as_select())
        .load(conn)
}
