//! Course feedback: one rating (1–5) and comment per cadre and session.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, now_utc};

use super::schema::feedback;

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = feedback)]
pub struct FeedbackRow {
    pub session_id: String,
    pub person_id: String,
    pub course_id: String,
    pub org_unit_id: Option<String>,
    pub rating: i32,
    pub comment: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Stores the feedback unless the person already gave some for the session; true when stored.
pub fn insert(
    tx: &mut WriteTx<'_>,
    session_id: &str,
    person_id: &str,
    course_id: &str,
    org_unit_id: Option<&str>,
    rating: i32,
    comment: Option<&str>,
) -> QueryResult<bool> {
    let inserted = lt_store::on_each_backend!(tx.conn(), |c| diesel::insert_into(feedback::table)
        .values((
            feedback::session_id.eq(session_id),
            feedback::person_id.eq(person_id),
            feedback::course_id.eq(course_id),
            feedback::org_unit_id.eq(org_unit_id),
            feedback::rating.eq(rating),
            feedback::comment.eq(comment),
            feedback::created_at.eq(now_utc()),
        ))
        .on_conflict((feedback::session_id, feedback::person_id))
        .do_nothing()
        .execute(c))?;
    Ok(inserted == 1)
}

pub fn find(
    conn: &mut DbConnection,
    session_id: &str,
    person_id: &str,
) -> QueryResult<Option<FeedbackRow>> {
    feedback::table
        .find((session_id, person_id))
        .select(FeedbackRow::as_select())
        .first(conn)
        .optional()
}

/// A session's feedback, oldest first.
pub fn for_session(conn: &mut DbConnection, session_id: &str) -> QueryResult<Vec<FeedbackRow>> {
    feedback::table
        .filter(feedback::session_id.eq(session_id))
        .order(feedback::created_at.asc())
        .select(FeedbackRow::as_select())
        .load(conn)
}
