//! What a cadre's learning record is read from.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::DbConnection;

use super::courses::CourseRow;
use super::degree::ApplicationRow;
use super::enrolments::EnrolmentRow;
use super::schema::{courses, degree_applications, enrolments, self_study_certificates, sessions};
use super::self_study::CertificateRow;

/// What the record needs of an enrolment's session: its start and status.
pub type SessionFacts = (NaiveDateTime, String);

/// A person's enrolments in sessions starting in `[from, to)`, with the session start and
/// status, and the course.
pub fn enrolments_in(
    conn: &mut DbConnection,
    person_id: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<(EnrolmentRow, SessionFacts, CourseRow)>> {
    enrolments::table
        .inner_join(sessions::table.on(sessions::id.eq(enrolments::session_id)))
        .inner_join(courses::table.on(courses::id.eq(enrolments::course_id)))
        .filter(enrolments::person_id.eq(person_id))
        .filter(sessions::starts_at.ge(from))
        .filter(sessions::starts_at.lt(to))
        .select((
            EnrolmentRow::as_select(),
            (sessions::starts_at, sessions::status),
            CourseRow::as_select(),
        ))
        .load(conn)
}

/// A person's self-study certificates awarded in `[from, to)` (days).
pub fn certificates_in(
    conn: &mut DbConnection,
    person_id: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> QueryResult<Vec<CertificateRow>> {
    self_study_certificates::table
        .filter(self_study_certificates::person_id.eq(person_id))
        .filter(self_study_certificates::awarded_on.ge(from))
        .filter(self_study_certificates::awarded_on.lt(to))
        .select(CertificateRow::as_select())
        .load(conn)
}

/// A person's degree applications whose study overlaps `[from, to)` (days).
pub fn applications_in(
    conn: &mut DbConnection,
    person_id: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> QueryResult<Vec<ApplicationRow>> {
    degree_applications::table
        .filter(degree_applications::person_id.eq(person_id))
        .filter(degree_applications::starts_on.lt(to))
        .filter(degree_applications::ends_on.ge(from))
        .select(ApplicationRow::as_select())
        .load(conn)
}
