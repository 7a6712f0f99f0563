//! The org tree: units, departments, sections, to any depth.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc, record_tombstone};

use lt_store::schema::change_counters;

use super::schema::{org_units, people};

pub const STREAM: &str = "org_units";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = org_units)]
pub struct OrgUnitRow {
    pub id: String,
    pub external_id: Option<String>,
    pub parent_id: Option<String>,
    pub name: String,
    pub kind: String,
    pub active: bool,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a new unit is made of.
#[derive(Clone, Debug)]
pub struct NewOrgUnit<'a> {
    pub external_id: Option<&'a str>,
    pub parent_id: Option<&'a str>,
    pub name: &'a str,
    pub kind: &'a str,
    pub active: bool,
}

/// What an update sets (every field; callers merge with the current row).
#[derive(Clone, Debug)]
pub struct OrgUnitFields<'a> {
    pub parent_id: Option<&'a str>,
    pub name: &'a str,
    pub kind: &'a str,
    pub active: bool,
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<OrgUnitRow> {
    org_units::table
        .find(id)
        .select(OrgUnitRow::as_select())
        .first(conn)
}

pub fn find_by_external_id(
    conn: &mut DbConnection,
    external_id: &str,
) -> QueryResult<Option<OrgUnitRow>> {
    org_units::table
        .filter(org_units::external_id.eq(external_id))
        .select(OrgUnitRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(tx: &mut WriteTx<'_>, new: &NewOrgUnit<'_>) -> QueryResult<OrgUnitRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(org_units::table)
        .values((
            org_units::id.eq(&id),
            org_units::external_id.eq(new.external_id),
            org_units::parent_id.eq(new.parent_id),
            org_units::name.eq(new.name),
            org_units::kind.eq(new.kind),
            org_units::active.eq(new.active),
            org_units::version.eq(1_i64),
            org_units::seq.eq(seq),
            org_units::change_seq.eq(seq),
            org_units::created_at.eq(now),
            org_units::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

/// Writes `fields` when the row is still at `version`; `None` when someone else changed it.
pub fn update(
    tx: &mut WriteTx<'_>,
    id: &str,
    version: i64,
    fields: &OrgUnitFields<'_>,
) -> QueryResult<Option<OrgUnitRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let updated = diesel::update(
        org_units::table
            .find(id)
            .filter(org_units::version.eq(version)),
    )
    .set((
        org_units::parent_id.eq(fields.parent_id),
        org_units::name.eq(fields.name),
        org_units::kind.eq(fields.kind),
        org_units::active.eq(fields.active),
        org_units::version.eq(version + 1),
        org_units::change_seq.eq(seq),
        org_units::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), id).map(Some)
}

/// Makes re-parentings take turns until the transaction ends: locks this table's change
/// counter row (which every write to the tree takes anyway). Call it before
/// [`would_create_cycle`]: on PostgreSQL's READ COMMITTED, two concurrent moves (A under B,
/// B under A) would otherwise each check a tree without the other's move and both commit a
/// cycle. SQLite's write transactions already take turns.
pub fn lock_tree(tx: &mut WriteTx<'_>) -> QueryResult<()> {
    let locked = lt_store::lock_rows!(
        tx.conn(),
        change_counters::table.filter(change_counters::stream.eq(STREAM)),
        change_counters::value
    )?;
    if locked == 0 {
        // No unit was ever written: take the counter (creating its row, locked).
        next_change_seq(tx, STREAM)?;
    }
    Ok(())
}

/// True when `candidate_parent` is `id` itself or lies below it (re-parenting would loop).
pub fn would_create_cycle(
    conn: &mut DbConnection,
    id: &str,
    candidate_parent: &str,
) -> QueryResult<bool> {
    let mut cursor = Some(candidate_parent.to_owned());
    let mut steps = 0;
    while let Some(current) = cursor {
        if current == id {
            return Ok(true);
        }
        steps += 1;
        if steps > 1000 {
            return Ok(true); // a tree this deep is already broken; refuse
        }
        cursor = org_units::table
            .find(&current)
            .select(org_units::parent_id)
            .first::<Option<String>>(conn)
            .optional()?
            .flatten();
    }
    Ok(false)
}

/// Children and members of a unit; a unit with either cannot be deleted.
pub fn has_dependants(conn: &mut DbConnection, id: &str) -> QueryResult<bool> {
    let children: i64 = org_units::table
        .filter(org_units::parent_id.eq(id))
        .count()
        .get_result(conn)?;
    let members: i64 = people::table
        .filter(people::org_unit_id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(children + members > 0)
}

pub fn delete(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<bool> {
    let deleted = diesel::delete(org_units::table.find(id)).execute(tx.conn())?;
    if deleted == 1 {
        record_tombstone(tx, STREAM, id, now_utc())?;
    }
    Ok(deleted == 1)
}

pub fn list(conn: &mut DbConnection, after: i64, fetch: i64) -> QueryResult<Vec<OrgUnitRow>> {
    org_units::table
        .filter(org_units::seq.gt(after))
        .order(org_units::seq.asc())
        .limit(fetch)
        .select(OrgUnitRow::as_select())
        .load(conn)
}

// The changes feed of `OrgUnitRow` (`lt_store::changes`).
lt_store::changed_rows!(OrgUnitRow, org_units, updated_at, STREAM);

/// Every unit (the sync compares the whole feed with it).
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<OrgUnitRow>> {
    org_units::table
        .order(org_units::seq.asc())
        .select(OrgUnitRow::as_select())
        .load(conn)
}
