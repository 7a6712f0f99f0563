//! Results as published (at 公示 and at final publication), and objections (异议) filed
//! during 公示.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::{objections, publications};

pub mod stage {
    pub const NOTICE: &str = "notice";
    pub const FINAL: &str = "final";
}

pub mod objection_status {
    pub const OPEN: &str = "open";
    pub const ANSWERED: &str = "answered";
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = publications)]
pub struct PublicationRow {
    pub contest_id: String,
    pub stage: String,
    pub round_no: i32,
    pub results: String,
    pub published_by: String,
    pub published_at: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = objections)]
pub struct ObjectionRow {
    pub id: String,
    pub contest_id: String,
    pub entry_id: Option<String>,
    pub person_id: String,
    pub person_name: String,
    pub org_unit_id: Option<String>,
    pub text: String,
    pub status: String,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub version: i64,
    pub seq: i64,
    pub created_at: NaiveDateTime,
}

/// Writes the results of a stage (replacing an earlier publication of the same stage).
pub fn publish(
    tx: &mut WriteTx<'_>,
    contest_id: &str,
    stage: &str,
    round_no: i32,
    results: &str,
    by: &str,
) -> QueryResult<()> {
    diesel::delete(publications::table.find((contest_id, stage))).execute(tx.conn())?;
    diesel::insert_into(publications::table)
        .values((
            publications::contest_id.eq(contest_id),
            publications::stage.eq(stage),
            publications::round_no.eq(round_no),
            publications::results.eq(results),
            publications::published_by.eq(by),
            publications::published_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    Ok(())
}

/// The latest publication of a contest: final if there is one, else the 公示 one.
pub fn latest(conn: &mut DbConnection, contest_id: &str) -> QueryResult<Option<PublicationRow>> {
    let mut rows: Vec<PublicationRow> = publications::table
        .filter(publications::contest_id.eq(contest_id))
        .select(PublicationRow::as_select())
        .load(conn)?;
    rows.sort_by_key(|r| r.stage != stage::FINAL);
    Ok(rows.into_iter().next())
}

pub fn of_stage(
    conn: &mut DbConnection,
    contest_id: &str,
    stage: &str,
) -> QueryResult<Option<PublicationRow>> {
    publications::table
        .find((contest_id, stage))
        .select(PublicationRow::as_select())
        .first(conn)
        .optional()
}

/// A new objection's facts.
#[derive(Clone, Debug)]
pub struct NewObjection<'a> {
    pub contest_id: &'a str,
    pub entry_id: Option<&'a str>,
    pub person_id: &'a str,
    pub person_name: &'a str,
    pub org_unit_id: Option<&'a str>,
    pub text: &'a str,
}

pub fn file(tx: &mut WriteTx<'_>, new: &NewObjection<'_>) -> QueryResult<ObjectionRow> {
    let seq = next_change_seq(tx, "objections")?;
    let id = new_id();
    diesel::insert_into(objections::table)
        .values((
            objections::id.eq(&id),
            objections::contest_id.eq(new.contest_id),
            objections::entry_id.eq(new.entry_id),
            objections::person_id.eq(new.person_id),
            objections::person_name.eq(new.person_name),
            objections::org_unit_id.eq(new.org_unit_id),
            objections::text.eq(new.text),
            objections::status.eq(objection_status::OPEN),
            objections::version.eq(1_i64),
            objections::seq.eq(seq),
            objections::created_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    find_objection(tx.conn(), &id)
}

pub fn find_objection(conn: &mut DbConnection, id: &str) -> QueryResult<ObjectionRow> {
    objections::table
        .find(id)
        .select(ObjectionRow::as_select())
        .first(conn)
}

/// Answers an objection still at `version`; `None` when it moved on.
pub fn answer(
    tx: &mut WriteTx<'_>,
    row: &ObjectionRow,
    version: i64,
    answer: &str,
    by: &str,
) -> QueryResult<Option<ObjectionRow>> {
    let updated = diesel::update(
        objections::table
            .find(&row.id)
            .filter(objections::version.eq(version)),
    )
    .set((
        objections::status.eq(objection_status::ANSWERED),
        objections::answer.eq(answer),
        objections::answered_by.eq(by),
        objections::answered_at.eq(now_utc()),
        objections::version.eq(version + 1),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find_objection(tx.conn(), &row.id).map(Some)
}

/// A contest's objections (all, or one person's), in filing order (cursor on `seq`).
pub fn of_contest(
    conn: &mut DbConnection,
    contest_id: &str,
    person_id: Option<&str>,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<ObjectionRow>> {
    let mut query = objections::table
        .filter(
            objections::contest_id
                .eq(contest_id)
                .and(objections::seq.gt(after)),
        )
        .order(objections::seq.asc())
        .limit(fetch)
        .select(ObjectionRow::as_select())
        .into_boxed();
    if let Some(person_id) = person_id {
        query = query.filter(objections::person_id.eq(person_id));
    }
    query.load(conn)
}
