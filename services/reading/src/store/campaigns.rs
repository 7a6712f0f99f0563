//! Reading campaigns (读书活动), who takes part, and the reading that counts towards them.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::{campaign_participants, campaigns, log_readers, reading_logs};
use crate::domain::goals::{Done, Goal};

pub const STREAM: &str = "campaigns";

/// Who can take part.
pub mod kind {
    pub const PERSON: &str = "person";
    pub const ORG_UNIT: &str = "org_unit";
    pub const FAMILY: &str = "family";
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = campaigns)]
pub struct CampaignRow {
    pub id: String,
    pub title: String,
    pub theme: String,
    pub description: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub goal_books: Option<i64>,
    pub goal_pages: Option<i64>,
    pub goal_minutes: Option<i64>,
    pub created_by: String,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl CampaignRow {
    pub fn goal(&self) -> Goal {
        Goal {
            books: self.goal_books,
            pages: self.goal_pages,
            minutes: self.goal_minutes,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = campaign_participants)]
pub struct ParticipantRow {
    pub campaign_id: String,
    pub kind: String,
    pub participant_id: String,
    pub added_by: String,
    pub created_at: NaiveDateTime,
}

/// A campaign's fields.
#[derive(Clone, Debug)]
pub struct CampaignFields {
    pub title: String,
    pub theme: String,
    pub description: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub goal: Goal,
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<CampaignRow> {
    campaigns::table
        .find(id)
        .select(CampaignRow::as_select())
        .first(conn)
}

pub fn insert(tx: &mut WriteTx<'_>, fields: &CampaignFields, by: &str) -> QueryResult<CampaignRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(campaigns::table)
        .values((
            campaigns::id.eq(&id),
            campaigns::title.eq(&fields.title),
            campaigns::theme.eq(&fields.theme),
            campaigns::description.eq(&fields.description),
            campaigns::starts_on.eq(fields.starts_on),
            campaigns::ends_on.eq(fields.ends_on),
            campaigns::goal_books.eq(fields.goal.books),
            campaigns::goal_pages.eq(fields.goal.pages),
            campaigns::goal_minutes.eq(fields.goal.minutes),
            campaigns::created_by.eq(by),
            campaigns::version.eq(1_i64),
            campaigns::seq.eq(seq),
            campaigns::change_seq.eq(seq),
            campaigns::created_at.eq(now),
            campaigns::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

/// Writes `fields` when the campaign is still at `version`; `None` otherwise.
pub fn update(
    tx: &mut WriteTx<'_>,
    id: &str,
    version: i64,
    fields: &CampaignFields,
) -> QueryResult<Option<CampaignRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let updated = diesel::update(
        campaigns::table
            .find(id)
            .filter(campaigns::version.eq(version)),
    )
    .set((
        campaigns::title.eq(&fields.title),
        campaigns::theme.eq(&fields.theme),
        campaigns::description.eq(&fields.description),
        campaigns::starts_on.eq(fields.starts_on),
        campaigns::ends_on.eq(fields.ends_on),
        campaigns::goal_books.eq(fields.goal.books),
        campaigns::goal_pages.eq(fields.goal.pages),
        campaigns::goal_minutes.eq(fields.goal.minutes),
        campaigns::version.eq(version + 1),
        campaigns::change_seq.eq(seq),
        campaigns::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), id).map(Some)
}

pub fn list(conn: &mut DbConnection, after: i64, fetch: i64) -> QueryResult<Vec<CampaignRow>> {
    campaigns::table
        .filter(campaigns::seq.gt(after))
        .order(campaigns::seq.asc())
        .limit(fetch)
        .select(CampaignRow::as_select())
        .load(conn)
}

// The changes feed of `CampaignRow` (`lt_store::changes`).
lt_store::changed_rows!(CampaignRow, campaigns, updated_at, STREAM);

/// Adds a participant; false when they take part already.
pub fn join(
    tx: &mut WriteTx<'_>,
    campaign_id: &str,
    kind: &str,
    participant_id: &str,
    by: &str,
) -> QueryResult<bool> {
    let inserted = lt_store::on_each_backend!(tx.conn(), |c| diesel::insert_into(
        campaign_participants::table
    )
    .values((
        campaign_participants::campaign_id.eq(campaign_id),
        campaign_participants::kind.eq(kind),
        campaign_participants::participant_id.eq(participant_id),
        campaign_participants::added_by.eq(by),
        campaign_participants::created_at.eq(now_utc()),
    ))
    .on_conflict((
        campaign_participants::campaign_id,
        campaign_participants::kind,
        campaign_participants::participant_id,
    ))
    .do_nothing()
    .execute(c))?;
    Ok(inserted == 1)
}

pub fn participants(
    conn: &mut DbConnection,
    campaign_id: &str,
) -> QueryResult<Vec<ParticipantRow>> {
    campaign_participants::table
        .filter(campaign_participants::campaign_id.eq(campaign_id))
        .order(campaign_participants::created_at.asc())
        .select(ParticipantRow::as_select())
        .load(conn)
}

/// Of the persons taking part, those who show their reading by name (the leaderboard choice,
/// which also lets coordinators and the programme see their campaign figures by name).
pub fn showing_reading(
    conn: &mut DbConnection,
    participants: &[ParticipantRow],
) -> QueryResult<std::collections::HashSet<String>> {
    let persons: Vec<String> = participants
        .iter()
        .filter(|p| p.kind == kind::PERSON)
        .map(|p| p.participant_id.clone())
        .collect();
    Ok(super::privacy::choices_of(conn, &persons)?
        .into_iter()
        .filter(|(_, c)| c.show_on_leaderboard)
        .map(|(person, _)| person)
        .collect())
}

/// Removes every family participation of a cadre's family (their family is gone from view).
pub fn leave_all(tx: &mut WriteTx<'_>, kind: &str, participant_id: &str) -> QueryResult<usize> {
    diesel::delete(
        campaign_participants::table
            .filter(campaign_participants::kind.eq(kind))
            .filter(campaign_participants::participant_id.eq(participant_id)),
    )
    .execute(tx.conn())
}

fn sum(rows: Vec<(i64, i64, bool)>) -> Done {
    rows.into_iter()
        .fold(Done::default(), |done, (pages, minutes, finished)| Done {
            books: done.books + i64::from(finished),
            pages: done.pages + pages,
            minutes: done.minutes + minutes,
        })
}

/// What readers of `person_id` read on days `[from, to]` (inclusive): the cadre themself
/// (`with_self`), and their family members (`with_members`).
pub fn done_by_person(
    conn: &mut DbConnection,
    person_id: &str,
    from: NaiveDate,
    to: NaiveDate,
    with_self: bool,
    with_members: bool,
) -> QueryResult<Done> {
    let mut query = log_readers::table
        .inner_join(reading_logs::table)
        .filter(log_readers::person_id.eq(person_id))
        .filter(log_readers::read_on.ge(from))
        .filter(log_readers::read_on.le(to))
        .select((
            reading_logs::pages,
            reading_logs::minutes,
            reading_logs::finished,
        ))
        .into_boxed();
    match (with_self, with_members) {
        (true, false) => query = query.filter(log_readers::member_id.eq(super::logs::SELF)),
        (false, true) => query = query.filter(log_readers::member_id.ne(super::logs::SELF)),
        (true, true) => {}
        (false, false) => return Ok(Done::default()),
    }
    Ok(sum(query.load(conn)?))
}

/// What cadres read themselves on days `[from, to]` while in one of `units` (the unit each
/// log was stamped with).
pub fn done_by_units(
    conn: &mut DbConnection,
    units: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Done> {
    let mut done = Done::default();
    for chunk in units.chunks(500) {
        let part = sum(log_readers::table
            .inner_join(reading_logs::table)
            .filter(log_readers::member_id.eq(super::logs::SELF))
            .filter(reading_logs::org_unit_id.eq_any(chunk))
            .filter(log_readers::read_on.ge(from))
            .filter(log_readers::read_on.le(to))
            .select((
                reading_logs::pages,
                reading_logs::minutes,
                reading_logs::finished,
            ))
            .load(conn)?);
        done.books += part.books;
        done.pages += part.pages;
        done.minutes += part.minutes;
    }
    Ok(done)
}

/// What one reader (`SELF` or a member id) of `person_id` read on days `[from, to]`.
pub fn done_by_reader(
    conn: &mut DbConnection,
    person_id: &str,
    reader: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Done> {
    Ok(sum(log_readers::table
        .inner_join(reading_logs::table)
        .filter(log_readers::person_id.eq(person_id))
        .filter(log_readers::member_id.eq(reader))
        .filter(log_readers::read_on.ge(from))
        .filter(log_readers::read_on.le(to))
        .select((
            reading_logs::pages,
            reading_logs::minutes,
            reading_logs::finished,
        ))
        .load(conn)?))
}
