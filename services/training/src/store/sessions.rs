//! Sessions of a course: when and where, how many seats, the enrolment window.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::sessions;

pub const STREAM: &str = "sessions";
pub const SCHEDULED: &str = "scheduled";
pub const CANCELLED: &str = "cancelled";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: String,
    pub course_id: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub venue: String,
    pub capacity: i32,
    pub taken: i32,
    pub waitlist_counter: i64,
    pub enrolment_opens_at: NaiveDateTime,
    pub enrolment_closes_at: NaiveDateTime,
    pub withdrawal_deadline: NaiveDateTime,
    pub status: String,
    pub cancel_reason: Option<String>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The schedule of a session (what an organiser sets).
#[derive(Clone, Debug)]
pub struct Schedule {
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub venue: String,
    pub capacity: i32,
    pub enrolment_opens_at: NaiveDateTime,
    pub enrolment_closes_at: NaiveDateTime,
    pub withdrawal_deadline: NaiveDateTime,
}

/// A session's status (`scheduled` or `cancelled`).
pub fn status_of(conn: &mut DbConnection, id: &str) -> QueryResult<String> {
    sessions::table
        .find(id)
        .select(sessions::status)
        .first(conn)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<SessionRow> {
    sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
}

/// Locks the session row until the transaction ends (seat and waitlist changes of one
/// session take turns), records that the session changed (its seat counts are in the
/// sessions feed) and reads it.
///
/// Lock order: every transaction that changes a session or its enrolments starts here, so
/// it holds the session row and the `sessions` change counter before any other counter
/// (`credits-of:…` sorted, `enrolments`, `hour_credits`, `audit_log` last). Taking counters
/// in one order is what keeps PostgreSQL free of deadlocks between, say, a capacity change
/// that promotes (sessions, then enrolments) and a withdrawal (enrolments, then sessions).
pub fn lock(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<SessionRow> {
    let row = hold(tx, id)?;
    touch(tx, id)?;
    Ok(row)
}

/// Locks the session row only, for changes of its enrolments that leave its seats as they
/// are (check-in, attendance marks, assessments): they take turns with every other change
/// of the session without marking it changed. The row comes before any change counter, as
/// in [`lock`].
pub fn hold(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<SessionRow> {
    lt_store::lock_rows!(tx.conn(), sessions::table.find(id), sessions::version)?;
    find(tx.conn(), id)
}

pub fn insert(
    tx: &mut WriteTx<'_>,
    course_id: &str,
    schedule: &Schedule,
) -> QueryResult<SessionRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(&id),
            sessions::course_id.eq(course_id),
            sessions::starts_at.eq(schedule.starts_at),
            sessions::ends_at.eq(schedule.ends_at),
            sessions::venue.eq(&schedule.venue),
            sessions::capacity.eq(schedule.capacity),
            sessions::taken.eq(0),
            sessions::waitlist_counter.eq(0_i64),
            sessions::enrolment_opens_at.eq(schedule.enrolment_opens_at),
            sessions::enrolment_closes_at.eq(schedule.enrolment_closes_at),
            sessions::withdrawal_deadline.eq(schedule.withdrawal_deadline),
            sessions::status.eq(SCHEDULED),
            sessions::version.eq(1_i64),
            sessions::seq.eq(seq),
            sessions::change_seq.eq(seq),
            sessions::created_at.eq(now),
            sessions::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

/// Sets the schedule when the session is still at `version`; `None` when it changed.
pub fn reschedule(
    tx: &mut WriteTx<'_>,
    id: &str,
    version: i64,
    schedule: &Schedule,
) -> QueryResult<Option<SessionRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let updated = diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::version.eq(version)),
    )
    .set((
        sessions::starts_at.eq(schedule.starts_at),
        sessions::ends_at.eq(schedule.ends_at),
        sessions::venue.eq(&schedule.venue),
        sessions::capacity.eq(schedule.capacity),
        sessions::enrolment_opens_at.eq(schedule.enrolment_opens_at),
        sessions::enrolment_closes_at.eq(schedule.enrolment_closes_at),
        sessions::withdrawal_deadline.eq(schedule.withdrawal_deadline),
        sessions::version.eq(version + 1),
        sessions::change_seq.eq(seq),
        sessions::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), id).map(Some)
}

/// Marks the session cancelled (it and its enrolments are kept).
pub fn cancel(
    tx: &mut WriteTx<'_>,
    id: &str,
    version: i64,
    reason: &str,
) -> QueryResult<Option<SessionRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let updated = diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::version.eq(version))
            .filter(sessions::status.eq(SCHEDULED)),
    )
    .set((
        sessions::status.eq(CANCELLED),
        sessions::cancel_reason.eq(reason),
        sessions::cancelled_at.eq(now),
        sessions::version.eq(version + 1),
        sessions::change_seq.eq(seq),
        sessions::updated_at.eq(now),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), id).map(Some)
}

/// Takes one seat if one is free; true when taken.
pub fn take_seat(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<bool> {
    lt_store::take_seat!(
        tx.conn(),
        sessions::table.filter(sessions::id.eq(id)),
        sessions::taken,
        sessions::capacity
    )
}

/// Gives a seat back.
pub fn release_seat(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<bool> {
    lt_store::release_seat!(
        tx.conn(),
        sessions::table.filter(sessions::id.eq(id)),
        sessions::taken
    )
}

/// The next waitlist number of the session. The increment locks the session row, so
/// numbers are handed out in commit order.
pub fn next_waitlist_number(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<i64> {
    lt_store::on_each_backend!(tx.conn(), |c| diesel::update(sessions::table.find(id))
        .set(sessions::waitlist_counter.eq(sessions::waitlist_counter + 1))
        .returning(sessions::waitlist_counter)
        .get_result(c))
}

/// Records that the session's seats changed hands (for the changes feed).
fn touch(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<()> {
    let seq = next_change_seq(tx, STREAM)?;
    diesel::update(sessions::table.find(id))
        .set((
            sessions::change_seq.eq(seq),
            sessions::updated_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    Ok(())
}

/// Sessions of a course in creation order.
pub fn for_course(
    conn: &mut DbConnection,
    course_id: &str,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<SessionRow>> {
    sessions::table
        .filter(sessions::course_id.eq(course_id))
        .filter(sessions::seq.gt(after))
        .order(sessions::seq.asc())
        .limit(fetch)
        .select(SessionRow::as_select())
        .load(conn)
}

/// Whether the course has any session.
pub fn course_has_sessions(conn: &mut DbConnection, course_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        sessions::table.filter(sessions::course_id.eq(course_id)),
    ))
    .get_result(conn)
}

// The changes feed of `SessionRow` (`lt_store::changes`).
lt_store::changed_rows!(SessionRow, sessions, updated_at, STREAM);
