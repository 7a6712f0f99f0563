//! Reading the local copy: what services use instead of calling identity.

use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, on_each_backend};
use serde::{Deserialize, Serialize};

use crate::schema::{directory_org_units, directory_people};

/// A person as the local copy knows them.
#[derive(
    Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Queryable, Selectable, Insertable,
)]
#[diesel(table_name = directory_people)]
pub struct Person {
    pub id: String,
    pub employee_no: String,
    pub name: String,
    pub org_unit_id: Option<String>,
    pub rank: String,
    pub birth_year: Option<i32>,
    pub active: bool,
    pub version: i64,
}

/// An org unit as the local copy knows it.
#[derive(
    Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Queryable, Selectable, Insertable,
)]
#[diesel(table_name = directory_org_units)]
pub struct OrgUnit {
    pub id: String,
    pub parent_id: Option<String>,
    pub name: String,
    pub kind: String,
    pub active: bool,
    pub version: i64,
}

pub fn person(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Person>> {
    directory_people::table
        .find(id)
        .select(Person::as_select())
        .first(conn)
        .optional()
}

/// Active people, optionally only those directly in `org_unit`.
pub fn active_people(conn: &mut DbConnection, org_unit: Option<&str>) -> QueryResult<Vec<Person>> {
    let mut query = directory_people::table
        .filter(directory_people::active.eq(true))
        .order(directory_people::employee_no.asc())
        .select(Person::as_select())
        .into_boxed();
    if let Some(unit) = org_unit {
        query = query.filter(directory_people::org_unit_id.eq(unit));
    }
    query.load(conn)
}

pub fn org_unit(conn: &mut DbConnection, id: &str) -> QueryResult<Option<OrgUnit>> {
    directory_org_units::table
        .find(id)
        .select(OrgUnit::as_select())
        .first(conn)
        .optional()
}

/// `id` and every unit above it, nearest first (for "within my department" rules).
pub fn ancestry(conn: &mut DbConnection, id: &str) -> QueryResult<Vec<String>> {
    let mut chain = Vec::new();
    let mut cursor = Some(id.to_owned());
    while let Some(current) = cursor {
        if chain.contains(&current) || chain.len() > 64 {
            break;
        }
        cursor = directory_org_units::table
            .find(&current)
            .select(directory_org_units::parent_id)
            .first::<Option<String>>(conn)
            .optional()?
            .flatten();
        chain.push(current);
    }
    Ok(chain)
}

/// True when unit `inner` is `outer` or lies below it.
pub fn is_within(conn: &mut DbConnection, inner: &str, outer: &str) -> QueryResult<bool> {
    Ok(ancestry(conn, inner)?.iter().any(|id| id == outer))
}

pub(crate) fn upsert_person(tx: &mut WriteTx<'_>, person: &Person) -> QueryResult<()> {
    on_each_backend!(tx.conn(), |c| diesel::insert_into(directory_people::table)
        .values(person)
        .on_conflict(directory_people::id)
        .do_update()
        .set((
            directory_people::employee_no.eq(&person.employee_no),
            directory_people::name.eq(&person.name),
            directory_people::org_unit_id.eq(&person.org_unit_id),
            directory_people::rank.eq(&person.rank),
            directory_people::birth_year.eq(person.birth_year),
            directory_people::active.eq(person.active),
            directory_people::version.eq(person.version),
        ))
        .execute(c))?;
    Ok(())
}

pub(crate) fn upsert_org_unit(tx: &mut WriteTx<'_>, unit: &OrgUnit) -> QueryResult<()> {
    on_each_backend!(tx.conn(), |c| diesel::insert_into(
        directory_org_units::table
    )
    .values(unit)
    .on_conflict(directory_org_units::id)
    .do_update()
    .set((
        directory_org_units::parent_id.eq(&unit.parent_id),
        directory_org_units::name.eq(&unit.name),
        directory_org_units::kind.eq(&unit.kind),
        directory_org_units::active.eq(unit.active),
        directory_org_units::version.eq(unit.version),
    ))
    .execute(c))?;
    Ok(())
}

pub(crate) fn remove_person(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<()> {
    diesel::delete(directory_people::table.find(id)).execute(tx.conn())?;
    Ok(())
}

pub(crate) fn remove_org_unit(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<()> {
    diesel::delete(directory_org_units::table.find(id)).execute(tx.conn())?;
    Ok(())
}
