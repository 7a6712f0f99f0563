//! People in the directory, with their rank history.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::schema::{people, rank_history};

pub const STREAM: &str = "people";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = people)]
pub struct PersonRow {
    pub id: String,
    pub external_id: Option<String>,
    pub employee_no: String,
    pub name: String,
    pub org_unit_id: Option<String>,
    pub rank: String,
    pub birth_year: Option<i32>,
    pub provider: Option<String>,
    pub active: bool,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A person's directory fields (for insert and for update alike).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonFields {
    pub employee_no: String,
    pub name: String,
    pub org_unit_id: Option<String>,
    pub rank: String,
    pub birth_year: Option<i32>,
    pub provider: Option<String>,
    pub active: bool,
}

impl PersonFields {
    pub fn of(row: &PersonRow) -> Self {
        Self {
            employee_no: row.employee_no.clone(),
            name: row.name.clone(),
            org_unit_id: row.org_unit_id.clone(),
            rank: row.rank.clone(),
            birth_year: row.birth_year,
            provider: row.provider.clone(),
            active: row.active,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable)]
pub struct RankEntry {
    pub effective_from: NaiveDate,
    pub rank: String,
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<PersonRow> {
    people::table
        .find(id)
        .select(PersonRow::as_select())
        .first(conn)
}

pub fn find_by_external_id(
    conn: &mut DbConnection,
    external_id: &str,
) -> QueryResult<Option<PersonRow>> {
    people::table
        .filter(people::external_id.eq(external_id))
        .select(PersonRow::as_select())
        .first(conn)
        .optional()
}

fn record_rank(
    tx: &mut WriteTx<'_>,
    person_id: &str,
    rank: &str,
    effective_from: NaiveDate,
) -> QueryResult<()> {
    diesel::delete(
        rank_history::table
            .filter(rank_history::person_id.eq(person_id))
            .filter(rank_history::effective_from.eq(effective_from)),
    )
    .execute(tx.conn())?;
    diesel::insert_into(rank_history::table)
        .values((
            rank_history::person_id.eq(person_id),
            rank_history::effective_from.eq(effective_from),
            rank_history::rank.eq(rank),
            rank_history::recorded_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    Ok(())
}

pub fn insert(
    tx: &mut WriteTx<'_>,
    external_id: Option<&str>,
    fields: &PersonFields,
    rank_effective_from: NaiveDate,
) -> QueryResult<PersonRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(people::table)
        .values((
            people::id.eq(&id),
            people::external_id.eq(external_id),
            people::employee_no.eq(&fields.employee_no),
            people::name.eq(&fields.name),
            people::org_unit_id.eq(&fields.org_unit_id),
            people::rank.eq(&fields.rank),
            people::birth_year.eq(fields.birth_year),
            people::provider.eq(&fields.provider),
            people::active.eq(fields.active),
            people::version.eq(1_i64),
            people::seq.eq(seq),
            people::change_seq.eq(seq),
            people::created_at.eq(now),
            people::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    record_rank(tx, &id, &fields.rank, rank_effective_from)?;
    find(tx.conn(), &id)
}

/// Writes `fields` when the row is still at `version` (`None` otherwise). A rank change is
/// recorded in the history as effective from `rank_effective_from`.
pub fn update(
    tx: &mut WriteTx<'_>,
    current: &PersonRow,
    fields: &PersonFields,
    rank_effective_from: NaiveDate,
) -> QueryResult<Option<PersonRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let updated = diesel::update(
        people::table
            .find(&current.id)
            .filter(people::version.eq(current.version)),
    )
    .set((
        people::employee_no.eq(&fields.employee_no),
        people::name.eq(&fields.name),
        people::org_unit_id.eq(&fields.org_unit_id),
        people::rank.eq(&fields.rank),
        people::birth_year.eq(fields.birth_year),
        people::provider.eq(&fields.provider),
        people::active.eq(fields.active),
        people::version.eq(current.version + 1),
        people::change_seq.eq(seq),
        people::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    if fields.rank != current.rank {
        record_rank(tx, &current.id, &fields.rank, rank_effective_from)?;
    }
    find(tx.conn(), &current.id).map(Some)
}

/// Puts the person in the people feed again (their roles changed): the services' directory
/// copies pick it up at their next refresh.
pub fn touch(tx: &mut WriteTx<'_>, person_id: &str) -> QueryResult<()> {
    let seq = next_change_seq(tx, STREAM)?;
    diesel::update(people::table.find(person_id))
        .set((people::change_seq.eq(seq), people::updated_at.eq(now_utc())))
        .execute(tx.conn())?;
    Ok(())
}

pub fn rank_history(conn: &mut DbConnection, person_id: &str) -> QueryResult<Vec<RankEntry>> {
    rank_history::table
        .filter(rank_history::person_id.eq(person_id))
        .order(rank_history::effective_from.asc())
        .select((rank_history::effective_from, rank_history::rank))
        .load(conn)
}

/// The rank histories of `person_ids`, oldest first, by person (one query for a page).
pub fn rank_histories(
    conn: &mut DbConnection,
    person_ids: &[&str],
) -> QueryResult<std::collections::HashMap<String, Vec<RankEntry>>> {
    let rows: Vec<(String, NaiveDate, String)> = rank_history::table
        .filter(rank_history::person_id.eq_any(person_ids))
        .order((rank_history::person_id, rank_history::effective_from.asc()))
        .select((
            rank_history::person_id,
            rank_history::effective_from,
            rank_history::rank,
        ))
        .load(conn)?;
    let mut by_person: std::collections::HashMap<String, Vec<RankEntry>> =
        std::collections::HashMap::new();
    for (person_id, effective_from, rank) in rows {
        by_person.entry(person_id).or_default().push(RankEntry {
            effective_from,
            rank,
        });
    }
    Ok(by_person)
}

pub fn list(
    conn: &mut DbConnection,
    after: i64,
    fetch: i64,
    org_unit: Option<&str>,
) -> QueryResult<Vec<PersonRow>> {
    let mut query = people::table
        .filter(people::seq.gt(after))
        .order(people::seq.asc())
        .limit(fetch)
        .select(PersonRow::as_select())
        .into_boxed();
    if let Some(org_unit) = org_unit {
        query = query.filter(people::org_unit_id.eq(org_unit));
    }
    query.load(conn)
}

// The changes feed of `PersonRow` (`lt_store::changes`).
lt_store::changed_rows!(PersonRow, people, updated_at, STREAM);

/// Everyone synced from OA (with an external id).
pub fn all_external(conn: &mut DbConnection) -> QueryResult<Vec<PersonRow>> {
    people::table
        .filter(people::external_id.is_not_null())
        .select(PersonRow::as_select())
        .load(conn)
}

pub fn find_by_employee_no(
    conn: &mut DbConnection,
    employee_no: &str,
) -> QueryResult<Option<PersonRow>> {
    people::table
        .filter(people::employee_no.eq(employee_no))
        .select(PersonRow::as_select())
        .first(conn)
        .optional()
}
