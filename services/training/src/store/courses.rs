//! The course catalogue.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::schema::courses;
use super::{new_id, to_json_text};

pub const STREAM: &str = "courses";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = courses)]
pub struct CourseRow {
    pub id: String,
    pub provider: String,
    pub kind: String,
    pub mechanism: String,
    pub key_project: Option<String>,
    pub title: String,
    pub topic: Option<String>,
    pub description: Option<String>,
    pub speakers: String,
    pub credit_hours: i64,
    pub full_time: bool,
    pub assessment_required: bool,
    pub targeting: String,
    pub created_by: String,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Every field a course has (an update sets all of them, merged by the caller).
#[derive(Clone, Debug)]
pub struct CourseFields {
    pub provider: String,
    pub kind: String,
    pub mechanism: String,
    pub key_project: Option<String>,
    pub title: String,
    pub topic: Option<String>,
    pub description: Option<String>,
    pub speakers: Vec<String>,
    pub credit_hours: i64,
    pub full_time: bool,
    pub assessment_required: bool,
    pub targeting: crate::domain::targeting::Targeting,
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<CourseRow> {
    courses::table
        .find(id)
        .select(CourseRow::as_select())
        .first(conn)
}

pub fn insert(
    tx: &mut WriteTx<'_>,
    fields: &CourseFields,
    created_by: &str,
) -> QueryResult<CourseRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(courses::table)
        .values((
            courses::id.eq(&id),
            courses::provider.eq(&fields.provider),
            courses::kind.eq(&fields.kind),
            courses::mechanism.eq(&fields.mechanism),
            courses::key_project.eq(&fields.key_project),
            courses::title.eq(&fields.title),
            courses::topic.eq(&fields.topic),
            courses::description.eq(&fields.description),
            courses::speakers.eq(to_json_text(&fields.speakers)?),
            courses::credit_hours.eq(fields.credit_hours),
            courses::full_time.eq(fields.full_time),
            courses::assessment_required.eq(fields.assessment_required),
            courses::targeting.eq(to_json_text(&fields.targeting)?),
            courses::created_by.eq(created_by),
            courses::version.eq(1_i64),
            courses::seq.eq(seq),
            courses::change_seq.eq(seq),
            courses::created_at.eq(now),
            courses::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

/// Writes `fields` when the course is still at `version`; `None` when someone else changed it.
pub fn update(
    tx: &mut WriteTx<'_>,
    id: &str,
    version: i64,
    fields: &CourseFields,
) -> QueryResult<Option<CourseRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let updated = diesel::update(courses::table.find(id).filter(courses::version.eq(version)))
        .set((
            courses::provider.eq(&fields.provider),
            courses::kind.eq(&fields.kind),
            courses::mechanism.eq(&fields.mechanism),
            courses::key_project.eq(&fields.key_project),
            courses::title.eq(&fields.title),
            courses::topic.eq(&fields.topic),
            courses::description.eq(&fields.description),
            courses::speakers.eq(to_json_text(&fields.speakers)?),
            courses::credit_hours.eq(fields.credit_hours),
            courses::full_time.eq(fields.full_time),
            courses::assessment_required.eq(fields.assessment_required),
            courses::targeting.eq(to_json_text(&fields.targeting)?),
            courses::version.eq(version + 1),
            courses::change_seq.eq(seq),
            courses::updated_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), id).map(Some)
}

/// Courses in creation order after `after`, optionally of one provider.
pub fn list(
    conn: &mut DbConnection,
    after: i64,
    fetch: i64,
    provider: Option<&str>,
) -> QueryResult<Vec<CourseRow>> {
    let mut query = courses::table
        .filter(courses::seq.gt(after))
        .order(courses::seq.asc())
        .limit(fetch)
        .select(CourseRow::as_select())
        .into_boxed();
    if let Some(provider) = provider {
        query = query.filter(courses::provider.eq(provider));
    }
    query.load(conn)
}

// The changes feed of `CourseRow` (`lt_store::changes`).
lt_store::changed_rows!(CourseRow, courses, updated_at, STREAM);
