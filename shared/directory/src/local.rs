//! Reading the local copy: what services use instead of calling identity.

use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, on_each_backend};
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use crate::schema::{directory_org_units, directory_people, directory_rank_history};

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
    /// For organisers: the institution they work for (`party_school`, `cadre_college`,
    /// `training_centre`).
    #[serde(default)]
    pub provider: Option<String>,
    /// The person's roles as identity last said, as JSON text (`None`: not known yet). Read
    /// them with [`Person::roles`].
    #[serde(skip)]
    pub roles: Option<String>,
}

impl Person {
    /// The roles identity last gave the person, when the copy knows them.
    pub fn roles(&self) -> Option<Vec<String>> {
        self.roles
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok())
    }
}

/// A rank held from a date (职级 history), as identity records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Queryable)]
pub struct RankPeriod {
    pub rank: String,
    pub effective_from: NaiveDate,
}

/// A person as identity's people feed carries them: the person and their rank history.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct PersonFeedItem {
    #[serde(flatten)]
    pub person: Person,
    #[serde(default)]
    pub rank_history: Vec<RankPeriod>,
    /// Absent from an identity that does not send them.
    #[serde(default)]
    pub roles: Option<Vec<String>>,
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

/// The names of people `ids` the copy knows, by id (one query per 500 ids).
pub fn people_names(
    conn: &mut DbConnection,
    ids: &[String],
) -> QueryResult<std::collections::HashMap<String, String>> {
    let mut names = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, String)> = directory_people::table
            .filter(directory_people::id.eq_any(chunk))
            .select((directory_people::id, directory_people::name))
            .load(conn)?;
        names.extend(rows);
    }
    Ok(names)
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

/// A person's rank history, oldest first.
pub fn rank_history(conn: &mut DbConnection, person_id: &str) -> QueryResult<Vec<RankPeriod>> {
    directory_rank_history::table
        .filter(directory_rank_history::person_id.eq(person_id))
        .order(directory_rank_history::effective_from.asc())
        .select((
            directory_rank_history::rank,
            directory_rank_history::effective_from,
        ))
        .load(conn)
}

/// `root` and every unit below it (for "my department and its sections" rules and reports).
pub fn subtree(conn: &mut DbConnection, root: &str) -> QueryResult<Vec<String>> {
    let mut units = vec![root.to_owned()];
    let mut frontier = vec![root.to_owned()];
    while !frontier.is_empty() && units.len() < 100_000 {
        let children: Vec<String> = directory_org_units::table
            .filter(directory_org_units::parent_id.eq_any(&frontier))
            .select(directory_org_units::id)
            .load(conn)?;
        frontier = children
            .into_iter()
            .filter(|child| !units.contains(child))
            .collect();
        units.extend(frontier.iter().cloned());
    }
    Ok(units)
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

pub(crate) fn upsert_person(tx: &mut WriteTx<'_>, item: &PersonFeedItem) -> QueryResult<()> {
    let mut person = item.person.clone();
    person.roles = item
        .roles
        .as_ref()
        .and_then(|roles| serde_json::to_string(roles).ok());
    let person = &person;
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
            directory_people::provider.eq(&person.provider),
            directory_people::roles.eq(&person.roles),
        ))
        .execute(c))?;
    // The feed carries the whole history: replace what the copy had.
    diesel::delete(
        directory_rank_history::table.filter(directory_rank_history::person_id.eq(&person.id)),
    )
    .execute(tx.conn())?;
    for period in &item.rank_history {
        diesel::insert_into(directory_rank_history::table)
            .values((
                directory_rank_history::person_id.eq(&person.id),
                directory_rank_history::effective_from.eq(period.effective_from),
                directory_rank_history::rank.eq(&period.rank),
            ))
            .execute(tx.conn())?;
    }
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
    diesel::delete(directory_rank_history::table.filter(directory_rank_history::person_id.eq(id)))
        .execute(tx.conn())?;
    diesel::delete(directory_people::table.find(id)).execute(tx.conn())?;
    Ok(())
}

pub(crate) fn remove_org_unit(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<()> {
    diesel::delete(directory_org_units::table.find(id)).execute(tx.conn())?;
    Ok(())
}
