//! Enrolments: who is in a session, waitlisted, withdrawn or done, and how they attended.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::enrolments;

pub const STREAM: &str = "enrolments";

/// Enrolment statuses (the API's contract names).
pub mod status {
    pub const ENROLLED: &str = "enrolled";
    pub const WAITLISTED: &str = "waitlisted";
    pub const WITHDRAWN: &str = "withdrawn";
    pub const COMPLETED: &str = "completed";
}

/// How an enrolment came about.
pub mod source {
    /// The cadre enrolled themself.
    pub const SELF: &str = "self";
    /// An organiser or admin enrolled the cadre (takes a seat like self-enrolment).
    pub const ORGANISER: &str = "organiser";
    /// Part of an assigned batch (分批调训): enrolled outside the self-enrolment seats.
    pub const ASSIGNED: &str = "assigned";
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = enrolments)]
pub struct EnrolmentRow {
    pub id: String,
    pub session_id: String,
    pub course_id: String,
    pub person_id: String,
    pub org_unit_id: Option<String>,
    pub source: String,
    pub status: String,
    pub holds_seat: bool,
    pub waitlist_number: Option<i64>,
    pub attendance: Option<String>,
    pub checked_in_at: Option<NaiveDateTime>,
    pub leave_hours: i64,
    pub assessment_passed: Option<bool>,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawal_reason: Option<String>,
    pub completed_at: Option<NaiveDateTime>,
    pub hours_credited: Option<i64>,
    pub certificate_code: Option<String>,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl EnrolmentRow {
    /// Enrolled or waitlisted: the cadre is (or may be) in the session.
    pub fn is_active(&self) -> bool {
        self.status == status::ENROLLED || self.status == status::WAITLISTED
    }
}

/// What a change to an enrolment sets; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, AsChangeset)]
#[diesel(table_name = enrolments)]
pub struct EnrolmentChange {
    pub source: Option<String>,
    pub status: Option<String>,
    pub holds_seat: Option<bool>,
    pub waitlist_number: Option<Option<i64>>,
    pub attendance: Option<Option<String>>,
    pub checked_in_at: Option<Option<NaiveDateTime>>,
    pub leave_hours: Option<i64>,
    pub assessment_passed: Option<Option<bool>>,
    pub withdrawn_at: Option<Option<NaiveDateTime>>,
    pub withdrawal_reason: Option<Option<String>>,
    pub completed_at: Option<Option<NaiveDateTime>>,
    pub hours_credited: Option<Option<i64>>,
    pub certificate_code: Option<Option<String>>,
    pub org_unit_id: Option<Option<String>>,
}

/// A new enrolment.
#[derive(Clone, Debug)]
pub struct NewEnrolment<'a> {
    pub session_id: &'a str,
    pub course_id: &'a str,
    pub person_id: &'a str,
    pub org_unit_id: Option<&'a str>,
    pub source: &'a str,
    pub status: &'a str,
    pub holds_seat: bool,
    pub waitlist_number: Option<i64>,
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<EnrolmentRow> {
    enrolments::table
        .find(id)
        .select(EnrolmentRow::as_select())
        .first(conn)
}

/// The person's enrolment in a session, whatever its status.
pub fn of_person(
    conn: &mut DbConnection,
    session_id: &str,
    person_id: &str,
) -> QueryResult<Option<EnrolmentRow>> {
    enrolments::table
        .filter(enrolments::session_id.eq(session_id))
        .filter(enrolments::person_id.eq(person_id))
        .select(EnrolmentRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(tx: &mut WriteTx<'_>, new: &NewEnrolment<'_>) -> QueryResult<EnrolmentRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(enrolments::table)
        .values((
            enrolments::id.eq(&id),
            enrolments::session_id.eq(new.session_id),
            enrolments::course_id.eq(new.course_id),
            enrolments::person_id.eq(new.person_id),
            enrolments::org_unit_id.eq(new.org_unit_id),
            enrolments::source.eq(new.source),
            enrolments::status.eq(new.status),
            enrolments::holds_seat.eq(new.holds_seat),
            enrolments::waitlist_number.eq(new.waitlist_number),
            enrolments::leave_hours.eq(0_i64),
            enrolments::version.eq(1_i64),
            enrolments::seq.eq(seq),
            enrolments::change_seq.eq(seq),
            enrolments::created_at.eq(now),
            enrolments::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

/// Applies `change` to an enrolment at `version` (a new version and change number);
/// `None` when someone else changed it first.
pub fn change(
    tx: &mut WriteTx<'_>,
    row: &EnrolmentRow,
    change: &EnrolmentChange,
) -> QueryResult<Option<EnrolmentRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let updated = diesel::update(
        enrolments::table
            .find(&row.id)
            .filter(enrolments::version.eq(row.version)),
    )
    .set((
        change,
        enrolments::version.eq(row.version + 1),
        enrolments::change_seq.eq(seq),
        enrolments::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), &row.id).map(Some)
}

/// Position in the session's waitlist (1 = next to be promoted).
pub fn waitlist_position(
    conn: &mut DbConnection,
    session_id: &str,
    number: i64,
) -> QueryResult<i64> {
    let ahead: i64 = enrolments::table
        .filter(enrolments::session_id.eq(session_id))
        .filter(enrolments::status.eq(status::WAITLISTED))
        .filter(enrolments::waitlist_number.lt(number))
        .count()
        .get_result(conn)?;
    Ok(ahead + 1)
}

/// The first waitlisted enrolment of a session (lowest number), if any.
pub fn first_waitlisted(
    conn: &mut DbConnection,
    session_id: &str,
) -> QueryResult<Option<EnrolmentRow>> {
    enrolments::table
        .filter(enrolments::session_id.eq(session_id))
        .filter(enrolments::status.eq(status::WAITLISTED))
        .order(enrolments::waitlist_number.asc())
        .select(EnrolmentRow::as_select())
        .first(conn)
        .optional()
}

/// Enrolments of a session in creation order, optionally of one status.
pub fn for_session(
    conn: &mut DbConnection,
    session_id: &str,
    status: Option<&str>,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<EnrolmentRow>> {
    let mut query = enrolments::table
        .filter(enrolments::session_id.eq(session_id))
        .filter(enrolments::seq.gt(after))
        .order(enrolments::seq.asc())
        .limit(fetch)
        .select(EnrolmentRow::as_select())
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(enrolments::status.eq(status));
    }
    query.load(conn)
}

/// Every active (enrolled or waitlisted) enrolment of a session.
pub fn active_in_session(
    conn: &mut DbConnection,
    session_id: &str,
) -> QueryResult<Vec<EnrolmentRow>> {
    enrolments::table
        .filter(enrolments::session_id.eq(session_id))
        .filter(enrolments::status.eq_any([status::ENROLLED, status::WAITLISTED]))
        .order(enrolments::seq.asc())
        .select(EnrolmentRow::as_select())
        .load(conn)
}

/// A person's enrolments in creation order.
pub fn for_person(
    conn: &mut DbConnection,
    person_id: &str,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<EnrolmentRow>> {
    enrolments::table
        .filter(enrolments::person_id.eq(person_id))
        .filter(enrolments::seq.gt(after))
        .order(enrolments::seq.asc())
        .limit(fetch)
        .select(EnrolmentRow::as_select())
        .load(conn)
}

/// Whether the person has (or had) an enrolment in any session of the course.
pub fn person_in_course(
    conn: &mut DbConnection,
    course_id: &str,
    person_id: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        enrolments::table
            .filter(enrolments::course_id.eq(course_id))
            .filter(enrolments::person_id.eq(person_id)),
    ))
    .get_result(conn)
}

/// The enrolment a certificate code belongs to.
pub fn by_certificate(conn: &mut DbConnection, code: &str) -> QueryResult<Option<EnrolmentRow>> {
    enrolments::table
        .filter(enrolments::certificate_code.eq(code))
        .select(EnrolmentRow::as_select())
        .first(conn)
        .optional()
}

// The changes feed of `EnrolmentRow` (`lt_store::changes`).
lt_store::changed_rows!(EnrolmentRow, enrolments, updated_at, STREAM);

/// Enrolled (including assigned) and waitlisted counts of a session.
pub fn counts(conn: &mut DbConnection, session_id: &str) -> QueryResult<(i64, i64)> {
    let rows: Vec<(String, i64)> = enrolments::table
        .filter(enrolments::session_id.eq(session_id))
        .filter(enrolments::status.eq_any([status::ENROLLED, status::WAITLISTED]))
        .group_by(enrolments::status)
        .select((enrolments::status, diesel::dsl::count_star()))
        .load(conn)?;
    let of = |wanted: &str| {
        rows.iter()
            .find(|(s, _)| s == wanted)
            .map_or(0, |(_, n)| *n)
    };
    Ok((of(status::ENROLLED), of(status::WAITLISTED)))
}
