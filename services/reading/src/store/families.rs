//! Learning families (学习型家庭): a cadre's family members, with the least data that serves
//! (relation, display name, birth year) and the time consent was given.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::family_members;

pub const STREAM: &str = "family_members";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = family_members)]
pub struct MemberRow {
    pub id: String,
    pub person_id: String,
    pub relation: String,
    pub display_name: String,
    pub birth_year: i32,
    pub consent_at: NaiveDateTime,
    pub seq: i64,
    pub created_at: NaiveDateTime,
}

/// The member `id` of `person_id`'s family (`None` for anyone else's, or no such member).
pub fn of_family(
    conn: &mut DbConnection,
    person_id: &str,
    id: &str,
) -> QueryResult<Option<MemberRow>> {
    family_members::table
        .find(id)
        .filter(family_members::person_id.eq(person_id))
        .select(MemberRow::as_select())
        .first(conn)
        .optional()
}

/// A cadre's family, in the order members were added.
pub fn family_of(conn: &mut DbConnection, person_id: &str) -> QueryResult<Vec<MemberRow>> {
    family_members::table
        .filter(family_members::person_id.eq(person_id))
        .order(family_members::seq.asc())
        .select(MemberRow::as_select())
        .load(conn)
}

pub fn insert(
    tx: &mut WriteTx<'_>,
    person_id: &str,
    relation: &str,
    display_name: &str,
    birth_year: i32,
) -> QueryResult<MemberRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(family_members::table)
        .values((
            family_members::id.eq(&id),
            family_members::person_id.eq(person_id),
            family_members::relation.eq(relation),
            family_members::display_name.eq(display_name),
            family_members::birth_year.eq(birth_year),
            family_members::consent_at.eq(now),
            family_members::seq.eq(seq),
            family_members::created_at.eq(now),
        ))
        .execute(tx.conn())?;
    family_members::table
        .find(&id)
        .select(MemberRow::as_select())
        .first(tx.conn())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<MemberRow> {
    family_members::table
        .find(id)
        .select(MemberRow::as_select())
        .first(conn)
}

pub fn delete(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<usize> {
    diesel::delete(family_members::table.find(id)).execute(tx.conn())
}
