//! Contests and their rubric (criteria).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::{contests, criteria};
use crate::domain::aggregation::Criterion;

pub const STREAM: &str = "contests";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = contests)]
pub struct ContestRow {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub mechanism: String,
    pub key_project: Option<String>,
    pub description: Option<String>,
    pub aggregation: String,
    pub tiers: String,
    pub blind: bool,
    pub tracks: String,
    pub rounds: String,
    pub round_no: i32,
    pub phase: String,
    pub submission_closes_on: Option<NaiveDate>,
    pub judging_closes_on: Option<NaiveDate>,
    pub notice_working_days: i32,
    pub notice_starts_on: Option<NaiveDate>,
    pub notice_ends_on: Option<NaiveDate>,
    pub early_final_reason: Option<String>,
    pub rubric_locked: bool,
    pub org_unit_id: Option<String>,
    pub created_by: String,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The provider of the organiser who created it (`None`: the programme office's).
    pub provider: Option<String>,
}

/// What the organiser sets (creation and later changes).
#[derive(Clone, Debug)]
pub struct ContestFields {
    pub title: String,
    pub kind: String,
    pub mechanism: String,
    pub key_project: Option<String>,
    pub description: Option<String>,
    pub aggregation: String,
    /// JSON text of the tiers.
    pub tiers: String,
    pub blind: bool,
    /// JSON text of the track names.
    pub tracks: String,
    /// JSON text of the rounds.
    pub rounds: String,
    pub submission_closes_on: Option<NaiveDate>,
    pub judging_closes_on: Option<NaiveDate>,
    pub notice_working_days: i32,
}

impl ContestFields {
    pub fn of(row: &ContestRow) -> Self {
        Self {
            title: row.title.clone(),
            kind: row.kind.clone(),
            mechanism: row.mechanism.clone(),
            key_project: row.key_project.clone(),
            description: row.description.clone(),
            aggregation: row.aggregation.clone(),
            tiers: row.tiers.clone(),
            blind: row.blind,
            tracks: row.tracks.clone(),
            rounds: row.rounds.clone(),
            submission_closes_on: row.submission_closes_on,
            judging_closes_on: row.judging_closes_on,
            notice_working_days: row.notice_working_days,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = criteria)]
pub struct CriterionRow {
    pub id: String,
    pub contest_id: String,
    pub position: i32,
    pub name: String,
    pub weight: i32,
    pub max_score: i32,
    pub levels: String,
}

impl From<&CriterionRow> for Criterion {
    fn from(row: &CriterionRow) -> Self {
        Self {
            id: row.id.clone(),
            weight: u32::try_from(row.weight).unwrap_or(0),
            max_score: u32::try_from(row.max_score).unwrap_or(1),
        }
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<ContestRow> {
    contests::table
        .find(id)
        .select(ContestRow::as_select())
        .first(conn)
}

/// Locks the contest row for the rest of the transaction and reads it (latest committed).
/// Every write that takes the lock may change the results, so it also moves the contest's
/// scoring version on (see [`scoring_version`]).
pub fn lock(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<ContestRow> {
    let locked = lt_store::lock_rows!(tx.conn(), contests::table.find(id), contests::seq)?;
    if locked == 0 {
        return Err(diesel::result::Error::NotFound);
    }
    touch_scoring(tx, id)?;
    find(tx.conn(), id)
}

fn scoring_stream(id: &str) -> String {
    format!("contest-scoring:{id}")
}

/// Moves the contest's scoring version on: whatever the results were computed from may have
/// changed (a sheet, the panel, an entry's status, the rubric, the round).
/// Returns the new version.
pub fn touch_scoring(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<i64> {
    next_change_seq(tx, &scoring_stream(id))
}

/// The contest's scoring version: equal versions mean equal results (the directory's names
/// aside). 0 before any change.
pub fn scoring_version(conn: &mut DbConnection, id: &str) -> QueryResult<i64> {
    use lt_store::schema::change_counters;
    Ok(change_counters::table
        .find(scoring_stream(id))
        .select(change_counters::value)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}

pub fn insert(
    tx: &mut WriteTx<'_>,
    fields: &ContestFields,
    org_unit_id: Option<&str>,
    by: &str,
    provider: Option<&str>,
) -> QueryResult<ContestRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(contests::table)
        .values((
            contests::id.eq(&id),
            contests::title.eq(&fields.title),
            contests::kind.eq(&fields.kind),
            contests::mechanism.eq(&fields.mechanism),
            contests::key_project.eq(&fields.key_project),
            contests::description.eq(&fields.description),
            contests::aggregation.eq(&fields.aggregation),
            contests::tiers.eq(&fields.tiers),
            contests::blind.eq(fields.blind),
            contests::tracks.eq(&fields.tracks),
            contests::rounds.eq(&fields.rounds),
            contests::round_no.eq(1),
            contests::phase.eq("preparing"),
            contests::submission_closes_on.eq(fields.submission_closes_on),
            contests::judging_closes_on.eq(fields.judging_closes_on),
            contests::notice_working_days.eq(fields.notice_working_days),
            contests::rubric_locked.eq(false),
            contests::org_unit_id.eq(org_unit_id),
            contests::created_by.eq(by),
            contests::provider.eq(provider),
            contests::version.eq(1_i64),
            contests::seq.eq(seq),
            contests::change_seq.eq(seq),
            contests::created_at.eq(now),
            contests::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

/// Writes `fields` when the contest is still at `version`; `None` otherwise.
pub fn update(
    tx: &mut WriteTx<'_>,
    id: &str,
    version: i64,
    fields: &ContestFields,
) -> QueryResult<Option<ContestRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let updated = diesel::update(
        contests::table
            .find(id)
            .filter(contests::version.eq(version)),
    )
    .set((
        contests::title.eq(&fields.title),
        contests::kind.eq(&fields.kind),
        contests::mechanism.eq(&fields.mechanism),
        contests::key_project.eq(&fields.key_project),
        contests::description.eq(&fields.description),
        contests::aggregation.eq(&fields.aggregation),
        contests::tiers.eq(&fields.tiers),
        contests::blind.eq(fields.blind),
        contests::tracks.eq(&fields.tracks),
        contests::rounds.eq(&fields.rounds),
        contests::submission_closes_on.eq(fields.submission_closes_on),
        contests::judging_closes_on.eq(fields.judging_closes_on),
        contests::notice_working_days.eq(fields.notice_working_days),
        contests::version.eq(version + 1),
        contests::change_seq.eq(seq),
        contests::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), id).map(Some)
}

/// A phase move as written.
#[derive(Clone, Debug)]
pub struct PhaseMove<'a> {
    pub phase: &'a str,
    pub round_no: i32,
    pub notice: Option<(NaiveDate, NaiveDate)>,
    pub early_final_reason: Option<&'a str>,
}

/// Moves a locked contest to a phase (or round) and bumps its version.
pub fn move_to(
    tx: &mut WriteTx<'_>,
    row: &ContestRow,
    to: &PhaseMove<'_>,
) -> QueryResult<ContestRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let (starts, ends) = match to.notice {
        Some((s, e)) => (Some(s), Some(e)),
        None => (row.notice_starts_on, row.notice_ends_on),
    };
    diesel::update(contests::table.find(&row.id))
        .set((
            contests::phase.eq(to.phase),
            contests::round_no.eq(to.round_no),
            contests::notice_starts_on.eq(starts),
            contests::notice_ends_on.eq(ends),
            contests::early_final_reason
                .eq(to.early_final_reason.or(row.early_final_reason.as_deref())),
            contests::version.eq(row.version + 1),
            contests::change_seq.eq(seq),
            contests::updated_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &row.id)
}

/// Locks the rubric of a locked contest (at the first submitted sheet); false when it was.
pub fn lock_rubric(tx: &mut WriteTx<'_>, row: &ContestRow) -> QueryResult<bool> {
    if row.rubric_locked {
        return Ok(false);
    }
    let seq = next_change_seq(tx, STREAM)?;
    diesel::update(contests::table.find(&row.id))
        .set((
            contests::rubric_locked.eq(true),
            contests::version.eq(row.version + 1),
            contests::change_seq.eq(seq),
            contests::updated_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    Ok(true)
}

pub fn list(
    conn: &mut DbConnection,
    after: i64,
    fetch: i64,
    phase: Option<&str>,
) -> QueryResult<Vec<ContestRow>> {
    let mut query = contests::table
        .filter(contests::seq.gt(after))
        .order(contests::seq.asc())
        .limit(fetch)
        .select(ContestRow::as_select())
        .into_boxed();
    if let Some(phase) = phase {
        query = query.filter(contests::phase.eq(phase));
    }
    query.load(conn)
}

// The changes feed of `ContestRow` (`lt_store::changes`).
lt_store::changed_rows!(ContestRow, contests, updated_at, STREAM);

/// A criterion to write.
#[derive(Clone, Debug)]
pub struct CriterionFields {
    pub name: String,
    pub weight: i32,
    pub max_score: i32,
    /// JSON text of the level descriptors.
    pub levels: String,
}

/// Replaces a contest's rubric; the new criteria in order.
pub fn replace_rubric(
    tx: &mut WriteTx<'_>,
    contest_id: &str,
    rubric: &[CriterionFields],
) -> QueryResult<Vec<CriterionRow>> {
    diesel::delete(criteria::table.filter(criteria::contest_id.eq(contest_id)))
        .execute(tx.conn())?;
    for (position, c) in rubric.iter().enumerate() {
        diesel::insert_into(criteria::table)
            .values((
                criteria::id.eq(new_id()),
                criteria::contest_id.eq(contest_id),
                criteria::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                criteria::name.eq(&c.name),
                criteria::weight.eq(c.weight),
                criteria::max_score.eq(c.max_score),
                criteria::levels.eq(&c.levels),
            ))
            .execute(tx.conn())?;
    }
    rubric_of(tx.conn(), contest_id)
}

pub fn rubric_of(conn: &mut DbConnection, contest_id: &str) -> QueryResult<Vec<CriterionRow>> {
    criteria::table
        .filter(criteria::contest_id.eq(contest_id))
        .order(criteria::position.asc())
        .select(CriterionRow::as_select())
        .load(conn)
}
