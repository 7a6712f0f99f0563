//! Judging panels per round, and the assignment of entries to judges (with recusals).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, now_utc};

use super::schema::{assignments, judges};

pub mod status {
    pub const ASSIGNED: &str = "assigned";
    pub const RECUSED: &str = "recused";
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = judges)]
pub struct JudgeRow {
    pub contest_id: String,
    pub round_no: i32,
    pub person_id: String,
    pub trainee: bool,
    pub org_unit_id: Option<String>,
    pub added_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = assignments)]
pub struct AssignmentRow {
    pub contest_id: String,
    pub round_no: i32,
    pub entry_id: String,
    pub judge_id: String,
    pub status: String,
    pub recusal_reason: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn judge(
    conn: &mut DbConnection,
    contest_id: &str,
    round_no: i32,
    person_id: &str,
) -> QueryResult<Option<JudgeRow>> {
    judges::table
        .find((contest_id, round_no, person_id))
        .select(JudgeRow::as_select())
        .first(conn)
        .optional()
}

/// Adds a judge to a round's panel; false when they sit on it already.
pub fn add_judge(tx: &mut WriteTx<'_>, row: &JudgeRow) -> QueryResult<bool> {
    if judge(tx.conn(), &row.contest_id, row.round_no, &row.person_id)?.is_some() {
        return Ok(false);
    }
    diesel::insert_into(judges::table)
        .values((
            judges::contest_id.eq(&row.contest_id),
            judges::round_no.eq(row.round_no),
            judges::person_id.eq(&row.person_id),
            judges::trainee.eq(row.trainee),
            judges::org_unit_id.eq(&row.org_unit_id),
            judges::added_by.eq(&row.added_by),
            judges::created_at.eq(row.created_at),
        ))
        .execute(tx.conn())?;
    Ok(true)
}

pub fn judges_of(
    conn: &mut DbConnection,
    contest_id: &str,
    round_no: i32,
) -> QueryResult<Vec<JudgeRow>> {
    judges::table
        .filter(
            judges::contest_id
                .eq(contest_id)
                .and(judges::round_no.eq(round_no)),
        )
        .order(judges::person_id.asc())
        .select(JudgeRow::as_select())
        .load(conn)
}

pub fn assignment(
    conn: &mut DbConnection,
    contest_id: &str,
    round_no: i32,
    entry_id: &str,
    judge_id: &str,
) -> QueryResult<Option<AssignmentRow>> {
    assignments::table
        .find((contest_id, round_no, entry_id, judge_id))
        .select(AssignmentRow::as_select())
        .first(conn)
        .optional()
}

/// Writes new assignments (pairs of entry and judge) of a round.
pub fn assign(
    tx: &mut WriteTx<'_>,
    contest_id: &str,
    round_no: i32,
    pairs: &[(String, String)],
) -> QueryResult<()> {
    let now = now_utc();
    for (entry_id, judge_id) in pairs {
        diesel::insert_into(assignments::table)
            .values((
                assignments::contest_id.eq(contest_id),
                assignments::round_no.eq(round_no),
                assignments::entry_id.eq(entry_id),
                assignments::judge_id.eq(judge_id),
                assignments::status.eq(status::ASSIGNED),
                assignments::created_at.eq(now),
            ))
            .execute(tx.conn())?;
    }
    Ok(())
}

/// Records a recusal: the assignment (made if missing) becomes `recused` with the reason.
pub fn recuse(
    tx: &mut WriteTx<'_>,
    contest_id: &str,
    round_no: i32,
    entry_id: &str,
    judge_id: &str,
    reason: &str,
) -> QueryResult<()> {
    let updated =
        diesel::update(assignments::table.find((contest_id, round_no, entry_id, judge_id)))
            .set((
                assignments::status.eq(status::RECUSED),
                assignments::recusal_reason.eq(reason),
            ))
            .execute(tx.conn())?;
    if updated == 0 {
        diesel::insert_into(assignments::table)
            .values((
                assignments::contest_id.eq(contest_id),
                assignments::round_no.eq(round_no),
                assignments::entry_id.eq(entry_id),
                assignments::judge_id.eq(judge_id),
                assignments::status.eq(status::RECUSED),
                assignments::recusal_reason.eq(reason),
                assignments::created_at.eq(now_utc()),
            ))
            .execute(tx.conn())?;
    }
    Ok(())
}

/// Every assignment of a round.
pub fn of_round(
    conn: &mut DbConnection,
    contest_id: &str,
    round_no: i32,
) -> QueryResult<Vec<AssignmentRow>> {
    assignments::table
        .filter(
            assignments::contest_id
                .eq(contest_id)
                .and(assignments::round_no.eq(round_no)),
        )
        .order((assignments::entry_id.asc(), assignments::judge_id.asc()))
        .select(AssignmentRow::as_select())
        .load(conn)
}

/// A judge's assignments across contests, in contest then entry order (cursor: the
/// position in that order is not stable across rounds, so this is a full list; a judge
/// holds at most a few hundred).
pub fn of_judge(
    conn: &mut DbConnection,
    judge_id: &str,
    contest_id: Option<&str>,
) -> QueryResult<Vec<AssignmentRow>> {
    let mut query = assignments::table
        .filter(assignments::judge_id.eq(judge_id))
        .order((
            assignments::contest_id.asc(),
            assignments::round_no.asc(),
            assignments::entry_id.asc(),
        ))
        .select(AssignmentRow::as_select())
        .into_boxed();
    if let Some(contest_id) = contest_id {
        query = query.filter(assignments::contest_id.eq(contest_id));
    }
    query.load(conn)
}

/// Whether the person judges (or judged) any round of the contest.
pub fn sits_on(conn: &mut DbConnection, contest_id: &str, person_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        judges::table.filter(
            judges::contest_id
                .eq(contest_id)
                .and(judges::person_id.eq(person_id)),
        ),
    ))
    .get_result(conn)
}
