//! A person's privacy choices. Without a row everything is private: library history not
//! kept, no leaderboard for the person or their family.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, now_utc};

use super::schema::privacy;

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = privacy)]
pub struct PrivacyRow {
    pub person_id: String,
    pub keep_library_history: bool,
    pub show_on_leaderboard: bool,
    pub family_on_leaderboard: bool,
    pub version: i64,
    pub updated_at: NaiveDateTime,
}

/// The choices a person can make.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    pub keep_library_history: bool,
    pub show_on_leaderboard: bool,
    pub family_on_leaderboard: bool,
}

impl From<&PrivacyRow> for Choices {
    fn from(row: &PrivacyRow) -> Self {
        Self {
            keep_library_history: row.keep_library_history,
            show_on_leaderboard: row.show_on_leaderboard,
            family_on_leaderboard: row.family_on_leaderboard,
        }
    }
}

/// The saved choices of each of `people` (those who never saved any keep the defaults and
/// are absent).
pub fn choices_of(
    conn: &mut DbConnection,
    people: &[String],
) -> QueryResult<std::collections::HashMap<String, Choices>> {
    let mut choices = std::collections::HashMap::new();
    for chunk in people.chunks(500) {
        let rows: Vec<PrivacyRow> = privacy::table
            .filter(privacy::person_id.eq_any(chunk))
            .select(PrivacyRow::as_select())
            .load(conn)?;
        choices.extend(rows.iter().map(|r| (r.person_id.clone(), Choices::from(r))));
    }
    Ok(choices)
}

pub fn of(conn: &mut DbConnection, person_id: &str) -> QueryResult<Option<PrivacyRow>> {
    privacy::table
        .find(person_id)
        .select(PrivacyRow::as_select())
        .first(conn)
        .optional()
}

/// Saves `choices` when the person's choices are at `version` (0: never saved); `None`
/// when someone else saved first.
pub fn save(
    tx: &mut WriteTx<'_>,
    person_id: &str,
    version: i64,
    choices: Choices,
) -> QueryResult<Option<PrivacyRow>> {
    let now = now_utc();
    let written = if version == 0 {
        lt_store::on_each_backend!(tx.conn(), |c| diesel::insert_into(privacy::table)
            .values((
                privacy::person_id.eq(person_id),
                privacy::keep_library_history.eq(choices.keep_library_history),
                privacy::show_on_leaderboard.eq(choices.show_on_leaderboard),
                privacy::family_on_leaderboard.eq(choices.family_on_leaderboard),
                privacy::version.eq(1_i64),
                privacy::updated_at.eq(now),
            ))
            .on_conflict(privacy::person_id)
            .do_nothing()
            .execute(c))?
    } else {
        diesel::update(
            privacy::table
                .find(person_id)
                .filter(privacy::version.eq(version)),
        )
        .set((
            privacy::keep_library_history.eq(choices.keep_library_history),
            privacy::show_on_leaderboard.eq(choices.show_on_leaderboard),
            privacy::family_on_leaderboard.eq(choices.family_on_leaderboard),
            privacy::version.eq(version + 1),
            privacy::updated_at.eq(now),
        ))
        .execute(tx.conn())?
    };
    if written == 0 {
        return Ok(None);
    }
    of(tx.conn(), person_id)
}

/// People who show on person leaderboards.
pub fn on_leaderboard(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    privacy::table
        .filter(privacy::show_on_leaderboard.eq(true))
        .select(privacy::person_id)
        .load(conn)
}

/// Cadres whose family shows on family leaderboards.
pub fn families_on_leaderboard(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    privacy::table
        .filter(privacy::family_on_leaderboard.eq(true))
        .select(privacy::person_id)
        .load(conn)
}
