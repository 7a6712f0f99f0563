//! A cadre's challenges for their family: a goal over a period for some of its readers.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::schema::family_challenges;
use super::{new_id, to_json_text};
use crate::domain::goals::Goal;

pub const STREAM: &str = "family_challenges";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = family_challenges)]
pub struct ChallengeRow {
    pub id: String,
    pub person_id: String,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub goal_books: Option<i64>,
    pub goal_pages: Option<i64>,
    pub goal_minutes: Option<i64>,
    /// JSON list of reader ids (`""` for the cadre).
    pub readers: String,
    pub seq: i64,
    pub created_at: NaiveDateTime,
}

impl ChallengeRow {
    pub fn goal(&self) -> Goal {
        Goal {
            books: self.goal_books,
            pages: self.goal_pages,
            minutes: self.goal_minutes,
        }
    }

    pub fn reader_ids(&self) -> QueryResult<Vec<String>> {
        super::from_json_text(&self.readers)
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<ChallengeRow> {
    family_challenges::table
        .find(id)
        .select(ChallengeRow::as_select())
        .first(conn)
}

#[allow(clippy::too_many_arguments)]
pub fn insert(
    tx: &mut WriteTx<'_>,
    person_id: &str,
    title: &str,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    goal: Goal,
    readers: &[String],
) -> QueryResult<ChallengeRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let id = new_id();
    diesel::insert_into(family_challenges::table)
        .values((
            family_challenges::id.eq(&id),
            family_challenges::person_id.eq(person_id),
            family_challenges::title.eq(title),
            family_challenges::starts_on.eq(starts_on),
            family_challenges::ends_on.eq(ends_on),
            family_challenges::goal_books.eq(goal.books),
            family_challenges::goal_pages.eq(goal.pages),
            family_challenges::goal_minutes.eq(goal.minutes),
            family_challenges::readers.eq(to_json_text(&readers)?),
            family_challenges::seq.eq(seq),
            family_challenges::created_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

/// A cadre's challenges, in the order set, after `after`.
pub fn of_person(
    conn: &mut DbConnection,
    person_id: &str,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<ChallengeRow>> {
    family_challenges::table
        .filter(family_challenges::person_id.eq(person_id))
        .filter(family_challenges::seq.gt(after))
        .order(family_challenges::seq.asc())
        .limit(fetch)
        .select(ChallengeRow::as_select())
        .load(conn)
}

/// Takes `member_id` out of every challenge of `person_id` (the member was removed).
pub fn drop_reader(tx: &mut WriteTx<'_>, person_id: &str, member_id: &str) -> QueryResult<()> {
    let rows: Vec<ChallengeRow> = family_challenges::table
        .filter(family_challenges::person_id.eq(person_id))
        .select(ChallengeRow::as_select())
        .load(tx.conn())?;
    for row in rows {
        let readers = row.reader_ids()?;
        if readers.iter().any(|r| r == member_id) {
            let kept: Vec<String> = readers.into_iter().filter(|r| r != member_id).collect();
            diesel::update(family_challenges::table.find(&row.id))
                .set(family_challenges::readers.eq(to_json_text(&kept)?))
                .execute(tx.conn())?;
        }
    }
    Ok(())
}
