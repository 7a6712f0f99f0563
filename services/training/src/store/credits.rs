//! Hours credited (学时), one row per amount, each with the policy version that produced it,
//! and the monthly totals by org unit and mechanism that the hours report reads.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::upsert::excluded;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::{hour_credits, hour_totals};

pub const STREAM: &str = "hour_credits";
/// The org unit of totals for people the directory places in no unit.
pub const NO_UNIT: &str = "-";

pub mod sources {
    pub const ENROLMENT: &str = "enrolment";
    pub const SELF_STUDY: &str = "self_study";
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = hour_credits)]
pub struct CreditRow {
    pub id: String,
    pub person_id: String,
    pub org_unit_id: Option<String>,
    pub year: i32,
    pub day: NaiveDate,
    pub activity: String,
    pub mechanism: String,
    pub online: bool,
    pub hours: i64,
    pub source_kind: String,
    pub source_id: String,
    pub carried_over: bool,
    pub policy_version: i32,
    pub title: String,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
}

/// An amount to credit.
#[derive(Clone, Debug)]
pub struct NewCredit<'a> {
    pub person_id: &'a str,
    pub org_unit_id: Option<&'a str>,
    pub year: i32,
    pub day: NaiveDate,
    pub activity: &'a str,
    pub mechanism: &'a str,
    pub online: bool,
    pub hours: i64,
    pub source_kind: &'a str,
    pub source_id: &'a str,
    pub carried_over: bool,
    pub policy_version: i32,
    pub title: &'a str,
}

/// `yyyymm` of a day.
pub use lt_programme::month_key;

/// Credits an amount and adds it to the monthly totals, in the caller's transaction.
pub fn insert(tx: &mut WriteTx<'_>, credit: &NewCredit<'_>) -> QueryResult<CreditRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let id = new_id();
    diesel::insert_into(hour_credits::table)
        .values((
            hour_credits::id.eq(&id),
            hour_credits::person_id.eq(credit.person_id),
            hour_credits::org_unit_id.eq(credit.org_unit_id),
            hour_credits::year.eq(credit.year),
            hour_credits::day.eq(credit.day),
            hour_credits::activity.eq(credit.activity),
            hour_credits::mechanism.eq(credit.mechanism),
            hour_credits::online.eq(credit.online),
            hour_credits::hours.eq(credit.hours),
            hour_credits::source_kind.eq(credit.source_kind),
            hour_credits::source_id.eq(credit.source_id),
            hour_credits::carried_over.eq(credit.carried_over),
            hour_credits::policy_version.eq(credit.policy_version),
            hour_credits::title.eq(credit.title),
            hour_credits::seq.eq(seq),
            hour_credits::change_seq.eq(seq),
            hour_credits::created_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    add_to_totals(
        tx,
        credit.org_unit_id.unwrap_or(NO_UNIT),
        credit.mechanism,
        month_key(credit.day),
        credit.hours,
        1,
    )?;
    hour_credits::table
        .find(&id)
        .select(CreditRow::as_select())
        .first(tx.conn())
}

/// Adds to the monthly total of a unit and mechanism (creating it).
pub fn add_to_totals(
    tx: &mut WriteTx<'_>,
    org_unit_id: &str,
    mechanism: &str,
    month: i32,
    hours: i64,
    credits: i64,
) -> QueryResult<()> {
    lt_store::on_each_backend!(tx.conn(), |c| diesel::insert_into(hour_totals::table)
        .values((
            hour_totals::org_unit_id.eq(org_unit_id),
            hour_totals::mechanism.eq(mechanism),
            hour_totals::month.eq(month),
            hour_totals::hours.eq(hours),
            hour_totals::credits.eq(credits),
        ))
        .on_conflict((
            hour_totals::org_unit_id,
            hour_totals::mechanism,
            hour_totals::month
        ))
        .do_update()
        .set((
            hour_totals::hours.eq(hour_totals::hours + excluded(hour_totals::hours)),
            hour_totals::credits.eq(hour_totals::credits + excluded(hour_totals::credits)),
        ))
        .execute(c))?;
    Ok(())
}

/// Hours of `activity` credited to a person in `year` (for yearly caps).
pub fn activity_total(
    conn: &mut DbConnection,
    person_id: &str,
    activity: &str,
    year: i32,
) -> QueryResult<i64> {
    // Summed here: SQL SUM of a BIGINT is NUMERIC on PostgreSQL, which diesel's
    // MultiConnection does not read; a person has few credits of one kind a year.
    let rows: Vec<i64> = hour_credits::table
        .filter(hour_credits::person_id.eq(person_id))
        .filter(hour_credits::activity.eq(activity))
        .filter(hour_credits::year.eq(year))
        .select(hour_credits::hours)
        .load(conn)?;
    Ok(rows.into_iter().sum())
}

/// A person's credits counting in the years `first..=last`, oldest first.
pub fn for_person(
    conn: &mut DbConnection,
    person_id: &str,
    first: i32,
    last: i32,
) -> QueryResult<Vec<CreditRow>> {
    hour_credits::table
        .filter(hour_credits::person_id.eq(person_id))
        .filter(hour_credits::year.between(first, last))
        .order((hour_credits::day.asc(), hour_credits::seq.asc()))
        .select(CreditRow::as_select())
        .load(conn)
}

/// The credits of one source (an enrolment, a certificate).
pub fn for_source(
    conn: &mut DbConnection,
    source_kind: &str,
    source_id: &str,
) -> QueryResult<Vec<CreditRow>> {
    hour_credits::table
        .filter(hour_credits::source_kind.eq(source_kind))
        .filter(hour_credits::source_id.eq(source_id))
        .order(hour_credits::seq.asc())
        .select(CreditRow::as_select())
        .load(conn)
}

// The changes feed of `CreditRow` (`lt_store::changes`).
lt_store::changed_rows!(CreditRow, hour_credits, created_at, STREAM);

/// Makes the crediting of one person's hours take turns until the transaction ends (a
/// yearly cap is read, then written against): a per-person counter row, locked.
pub fn lock_person(tx: &mut WriteTx<'_>, person_id: &str) -> QueryResult<()> {
    next_change_seq(tx, &format!("credits-of:{person_id}"))?;
    Ok(())
}
