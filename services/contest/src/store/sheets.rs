//! Score sheets, and their append-only audit trail as a hash chain per contest
//! (`crate::domain::audit`). Appending takes the contest's row lock first, so the chain's
//! positions and links never race.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, now_utc};

use super::contests::{self, CriterionRow};
use super::schema::{sheet_audit, sheets};
use super::{from_json_text, new_id, to_json_text};
use crate::domain::aggregation::{self, Criterion};
use crate::domain::audit::{self, GENESIS, Link};

pub mod status {
    pub const DRAFT: &str = "draft";
    pub const SUBMITTED: &str = "submitted";
}

/// Scores by criterion id, in hundredths.
pub type Scores = BTreeMap<String, i64>;

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = sheets)]
pub struct SheetRow {
    pub id: String,
    pub contest_id: String,
    pub round_no: i32,
    pub entry_id: String,
    pub judge_id: String,
    pub trainee: bool,
    pub scores: String,
    pub total: i64,
    pub top_score: i64,
    pub scoring_seq: i64,
    pub comments: Option<String>,
    pub status: String,
    pub submitted_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl SheetRow {
    pub fn scores(&self) -> QueryResult<Scores> {
        from_json_text(&self.scores)
    }
}

/// A submitted sheet as the results read it.
#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = sheets)]
pub struct TallyRow {
    pub judge_id: String,
    pub entry_id: String,
    pub round_no: i32,
    pub status: String,
    pub trainee: bool,
    pub total: i64,
    pub top_score: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = sheet_audit)]
pub struct AuditRow {
    pub contest_id: String,
    pub position: i64,
    pub sheet_id: String,
    pub action: String,
    pub actor: String,
    pub reason: Option<String>,
    pub scores: String,
    pub prev_hash: String,
    pub hash: String,
    pub created_at: NaiveDateTime,
}

impl From<AuditRow> for Link {
    fn from(row: AuditRow) -> Self {
        Self {
            contest_id: row.contest_id,
            position: row.position,
            sheet_id: row.sheet_id,
            action: row.action,
            actor: row.actor,
            reason: row.reason,
            scores: row.scores,
            prev_hash: row.prev_hash,
            hash: row.hash,
            created_at: row.created_at,
        }
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<SheetRow> {
    sheets::table
        .find(id)
        .select(SheetRow::as_select())
        .first(conn)
}

pub fn of_judge(
    conn: &mut DbConnection,
    contest_id: &str,
    round_no: i32,
    entry_id: &str,
    judge_id: &str,
) -> QueryResult<Option<SheetRow>> {
    sheets::table
        .filter(sheets::contest_id.eq(contest_id))
        .filter(sheets::round_no.eq(round_no))
        .filter(sheets::entry_id.eq(entry_id))
        .filter(sheets::judge_id.eq(judge_id))
        .select(SheetRow::as_select())
        .first(conn)
        .optional()
}

/// What a save writes: the scores with their tally under the rubric.
#[derive(Clone, Debug)]
pub struct SheetWrite<'a> {
    scores: &'a Scores,
    comments: Option<&'a str>,
    submit: bool,
    total: i64,
    top_score: i64,
}

impl<'a> SheetWrite<'a> {
    /// `scores` as written under `rubric` (the contest's criteria), tallied now.
    pub fn new(
        rubric: &[CriterionRow],
        scores: &'a Scores,
        comments: Option<&'a str>,
        submit: bool,
    ) -> Self {
        let criteria: Vec<Criterion> = rubric.iter().map(Criterion::from).collect();
        let tally = aggregation::tally(&criteria, scores.iter().map(|(id, s)| (id.as_str(), *s)));
        Self {
            scores,
            comments,
            submit,
            // Totals are at most 10^11 internal units and top scores at most 10^6 hundredths.
            total: i64::try_from(tally.total).unwrap_or(i64::MAX),
            top_score: i64::try_from(tally.top).unwrap_or(i64::MAX),
        }
    }
}

/// Creates a judge's sheet (a draft, or submitted at once).
pub fn insert(
    tx: &mut WriteTx<'_>,
    contest_id: &str,
    round_no: i32,
    entry_id: &str,
    judge_id: &str,
    trainee: bool,
    write: &SheetWrite<'_>,
) -> QueryResult<SheetRow> {
    let now = now_utc();
    let id = new_id();
    let scoring_seq = contests::touch_scoring(tx, contest_id)?;
    diesel::insert_into(sheets::table)
        .values((
            sheets::id.eq(&id),
            sheets::contest_id.eq(contest_id),
            sheets::round_no.eq(round_no),
            sheets::entry_id.eq(entry_id),
            sheets::judge_id.eq(judge_id),
            sheets::trainee.eq(trainee),
            sheets::scores.eq(to_json_text(write.scores)?),
            sheets::total.eq(write.total),
            sheets::top_score.eq(write.top_score),
            sheets::scoring_seq.eq(scoring_seq),
            sheets::comments.eq(write.comments),
            sheets::status.eq(if write.submit {
                status::SUBMITTED
            } else {
                status::DRAFT
            }),
            sheets::submitted_at.eq(write.submit.then_some(now)),
            sheets::version.eq(1_i64),
            sheets::created_at.eq(now),
            sheets::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

/// Rewrites a sheet (under the contest's lock) and bumps its version.
pub fn rewrite(
    tx: &mut WriteTx<'_>,
    row: &SheetRow,
    write: &SheetWrite<'_>,
) -> QueryResult<SheetRow> {
    let now = now_utc();
    let submitted = write.submit || row.status == status::SUBMITTED;
    let scoring_seq = contests::touch_scoring(tx, &row.contest_id)?;
    diesel::update(sheets::table.find(&row.id))
        .set((
            sheets::scores.eq(to_json_text(write.scores)?),
            sheets::total.eq(write.total),
            sheets::top_score.eq(write.top_score),
            sheets::scoring_seq.eq(scoring_seq),
            sheets::comments.eq(write.comments),
            sheets::status.eq(if submitted {
                status::SUBMITTED
            } else {
                status::DRAFT
            }),
            sheets::submitted_at.eq(if submitted {
                row.submitted_at.or(Some(now))
            } else {
                None
            }),
            sheets::version.eq(row.version + 1),
            sheets::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &row.id)
}

/// Appends a record to the contest's audit chain (the contest row must be locked).
pub fn audit(
    tx: &mut WriteTx<'_>,
    sheet: &SheetRow,
    action: &str,
    actor: &str,
    reason: Option<&str>,
) -> QueryResult<AuditRow> {
    let last: Option<(i64, String)> = sheet_audit::table
        .filter(sheet_audit::contest_id.eq(&sheet.contest_id))
        .order(sheet_audit::position.desc())
        .select((sheet_audit::position, sheet_audit::hash))
        .first(tx.conn())
        .optional()?;
    let (position, prev_hash) = last.map_or((1, GENESIS.to_owned()), |(p, h)| (p + 1, h));
    let mut link = Link {
        contest_id: sheet.contest_id.clone(),
        position,
        sheet_id: sheet.id.clone(),
        action: action.to_owned(),
        actor: actor.to_owned(),
        reason: reason.map(str::to_owned),
        scores: sheet.scores.clone(),
        prev_hash,
        hash: String::new(),
        created_at: now_utc(),
    };
    link.hash = audit::hash_of(&link);
    diesel::insert_into(sheet_audit::table)
        .values((
            sheet_audit::contest_id.eq(&link.contest_id),
            sheet_audit::position.eq(link.position),
            sheet_audit::sheet_id.eq(&link.sheet_id),
            sheet_audit::action.eq(&link.action),
            sheet_audit::actor.eq(&link.actor),
            sheet_audit::reason.eq(&link.reason),
            sheet_audit::scores.eq(&link.scores),
            sheet_audit::prev_hash.eq(&link.prev_hash),
            sheet_audit::hash.eq(&link.hash),
            sheet_audit::created_at.eq(link.created_at),
        ))
        .execute(tx.conn())?;
    sheet_audit::table
        .find((&link.contest_id, link.position))
        .select(AuditRow::as_select())
        .first(tx.conn())
}

/// The contest's audit trail in order, from position `after` + 1 (`limit` records).
pub fn trail(
    conn: &mut DbConnection,
    contest_id: &str,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    sheet_audit::table
        .filter(
            sheet_audit::contest_id
                .eq(contest_id)
                .and(sheet_audit::position.gt(after)),
        )
        .order(sheet_audit::position.asc())
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)
}

/// Every sheet of a round (for progress and results).
pub fn of_round(
    conn: &mut DbConnection,
    contest_id: &str,
    round_no: i32,
) -> QueryResult<Vec<SheetRow>> {
    sheets::table
        .filter(
            sheets::contest_id
                .eq(contest_id)
                .and(sheets::round_no.eq(round_no)),
        )
        .select(SheetRow::as_select())
        .load(conn)
}

/// The submitted sheets of a round as the results read them.
pub fn submitted_tallies(
    conn: &mut DbConnection,
    contest_id: &str,
    round_no: i32,
) -> QueryResult<Vec<TallyRow>> {
    sheets::table
        .filter(sheets::contest_id.eq(contest_id))
        .filter(sheets::round_no.eq(round_no))
        .filter(sheets::status.eq(status::SUBMITTED))
        .select(TallyRow::as_select())
        .load(conn)
}

/// The contest's sheets (any round, draft or submitted) written after scoring version
/// `after`, as the results read them.
pub fn tallies_changed_after(
    conn: &mut DbConnection,
    contest_id: &str,
    after: i64,
) -> QueryResult<Vec<TallyRow>> {
    sheets::table
        .filter(sheets::contest_id.eq(contest_id))
        .filter(sheets::scoring_seq.gt(after))
        .select(TallyRow::as_select())
        .load(conn)
}

/// Whether a judge scored (draft or submitted) the entry in the round.
pub fn exists(
    conn: &mut DbConnection,
    contest_id: &str,
    round_no: i32,
    entry_id: &str,
    judge_id: &str,
) -> QueryResult<bool> {
    Ok(of_judge(conn, contest_id, round_no, entry_id, judge_id)?.is_some())
}
