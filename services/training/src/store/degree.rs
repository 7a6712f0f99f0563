//! In-service degree study (在职学历进修): applications and tuition reimbursement claims.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::{degree_applications, reimbursement_claims};

pub const APPLICATIONS: &str = "degree_applications";
pub const CLAIMS: &str = "reimbursement_claims";

/// Application statuses: submitted → coordinator_approved → approved; rejected at either
/// step; withdrawn by the applicant before the last decision.
pub mod application_status {
    pub const SUBMITTED: &str = "submitted";
    pub const COORDINATOR_APPROVED: &str = "coordinator_approved";
    pub const APPROVED: &str = "approved";
    pub const REJECTED: &str = "rejected";
}

/// Claim statuses: submitted → approved or rejected.
pub mod claim_status {
    pub const SUBMITTED: &str = "submitted";
    pub const APPROVED: &str = "approved";
    pub const REJECTED: &str = "rejected";
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = degree_applications)]
pub struct ApplicationRow {
    pub id: String,
    pub person_id: String,
    pub org_unit_id: Option<String>,
    pub programme: String,
    pub institution: String,
    pub level: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: String,
    pub decision_reason: Option<String>,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug)]
pub struct NewApplication<'a> {
    pub person_id: &'a str,
    pub org_unit_id: Option<&'a str>,
    pub programme: &'a str,
    pub institution: &'a str,
    pub level: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

pub fn find_application(conn: &mut DbConnection, id: &str) -> QueryResult<ApplicationRow> {
    degree_applications::table
        .find(id)
        .select(ApplicationRow::as_select())
        .first(conn)
}

pub fn insert_application(
    tx: &mut WriteTx<'_>,
    new: &NewApplication<'_>,
) -> QueryResult<ApplicationRow> {
    let seq = next_change_seq(tx, APPLICATIONS)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(degree_applications::table)
        .values((
            degree_applications::id.eq(&id),
            degree_applications::person_id.eq(new.person_id),
            degree_applications::org_unit_id.eq(new.org_unit_id),
            degree_applications::programme.eq(new.programme),
            degree_applications::institution.eq(new.institution),
            degree_applications::level.eq(new.level),
            degree_applications::starts_on.eq(new.starts_on),
            degree_applications::ends_on.eq(new.ends_on),
            degree_applications::status.eq(application_status::SUBMITTED),
            degree_applications::version.eq(1_i64),
            degree_applications::seq.eq(seq),
            degree_applications::change_seq.eq(seq),
            degree_applications::created_at.eq(now),
            degree_applications::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find_application(tx.conn(), &id)
}

/// Moves an application from `from` to `to` (with a reason); `None` when it was no longer
/// in `from` at `version`.
pub fn decide_application(
    tx: &mut WriteTx<'_>,
    row: &ApplicationRow,
    from: &str,
    to: &str,
    reason: Option<&str>,
) -> QueryResult<Option<ApplicationRow>> {
    let seq = next_change_seq(tx, APPLICATIONS)?;
    let updated = diesel::update(
        degree_applications::table
            .find(&row.id)
            .filter(degree_applications::version.eq(row.version))
            .filter(degree_applications::status.eq(from)),
    )
    .set((
        degree_applications::status.eq(to),
        degree_applications::decision_reason.eq(reason),
        degree_applications::version.eq(row.version + 1),
        degree_applications::change_seq.eq(seq),
        degree_applications::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find_application(tx.conn(), &row.id).map(Some)
}

/// Applications in creation order: of one person, of some org units, or all.
pub fn list_applications(
    conn: &mut DbConnection,
    person_id: Option<&str>,
    org_units: Option<&[String]>,
    status: Option<&str>,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<ApplicationRow>> {
    let mut query = degree_applications::table
        .filter(degree_applications::seq.gt(after))
        .order(degree_applications::seq.asc())
        .limit(fetch)
        .select(ApplicationRow::as_select())
        .into_boxed();
    if let Some(person_id) = person_id {
        query = query.filter(degree_applications::person_id.eq(person_id));
    }
    if let Some(units) = org_units {
        query = query.filter(degree_applications::org_unit_id.eq_any(units));
    }
    if let Some(status) = status {
        query = query.filter(degree_applications::status.eq(status));
    }
    query.load(conn)
}

/// Locks a person's applications, so their claims take turns (the yearly cap is per person).
pub fn lock_person_applications(tx: &mut WriteTx<'_>, person_id: &str) -> QueryResult<usize> {
    lt_store::lock_rows!(
        tx.conn(),
        degree_applications::table.filter(degree_applications::person_id.eq(person_id)),
        degree_applications::version
    )
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = reimbursement_claims)]
pub struct ClaimRow {
    pub id: String,
    pub application_id: String,
    pub person_id: String,
    pub org_unit_id: Option<String>,
    pub year: i32,
    pub tuition_fen: i64,
    pub share_fen: i64,
    pub cap_left_fen: i64,
    pub reimbursable_fen: i64,
    pub policy_version: i32,
    pub status: String,
    pub decision_reason: Option<String>,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug)]
pub struct NewClaim<'a> {
    pub application_id: &'a str,
    pub person_id: &'a str,
    pub org_unit_id: Option<&'a str>,
    pub year: i32,
    pub tuition_fen: i64,
    pub share_fen: i64,
    pub cap_left_fen: i64,
    pub reimbursable_fen: i64,
    pub policy_version: i32,
}

pub fn find_claim(conn: &mut DbConnection, id: &str) -> QueryResult<ClaimRow> {
    reimbursement_claims::table
        .find(id)
        .select(ClaimRow::as_select())
        .first(conn)
}

pub fn insert_claim(tx: &mut WriteTx<'_>, new: &NewClaim<'_>) -> QueryResult<ClaimRow> {
    let seq = next_change_seq(tx, CLAIMS)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(reimbursement_claims::table)
        .values((
            reimbursement_claims::id.eq(&id),
            reimbursement_claims::application_id.eq(new.application_id),
            reimbursement_claims::person_id.eq(new.person_id),
            reimbursement_claims::org_unit_id.eq(new.org_unit_id),
            reimbursement_claims::year.eq(new.year),
            reimbursement_claims::tuition_fen.eq(new.tuition_fen),
            reimbursement_claims::share_fen.eq(new.share_fen),
            reimbursement_claims::cap_left_fen.eq(new.cap_left_fen),
            reimbursement_claims::reimbursable_fen.eq(new.reimbursable_fen),
            reimbursement_claims::policy_version.eq(new.policy_version),
            reimbursement_claims::status.eq(claim_status::SUBMITTED),
            reimbursement_claims::version.eq(1_i64),
            reimbursement_claims::seq.eq(seq),
            reimbursement_claims::change_seq.eq(seq),
            reimbursement_claims::created_at.eq(now),
            reimbursement_claims::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find_claim(tx.conn(), &id)
}

/// What a person's claims of `year` hold against the cap (submitted or approved).
pub fn claimed_in_year(conn: &mut DbConnection, person_id: &str, year: i32) -> QueryResult<i64> {
    let amounts: Vec<i64> = reimbursement_claims::table
        .filter(reimbursement_claims::person_id.eq(person_id))
        .filter(reimbursement_claims::year.eq(year))
        .filter(
            reimbursement_claims::status.eq_any([claim_status::SUBMITTED, claim_status::APPROVED]),
        )
        .select(reimbursement_claims::reimbursable_fen)
        .load(conn)?;
    Ok(amounts.into_iter().sum())
}

/// Decides a submitted claim; `None` when it was no longer submitted at `version`.
pub fn decide_claim(
    tx: &mut WriteTx<'_>,
    row: &ClaimRow,
    to: &str,
    reason: Option<&str>,
) -> QueryResult<Option<ClaimRow>> {
    let seq = next_change_seq(tx, CLAIMS)?;
    let updated = diesel::update(
        reimbursement_claims::table
            .find(&row.id)
            .filter(reimbursement_claims::version.eq(row.version))
            .filter(reimbursement_claims::status.eq(claim_status::SUBMITTED)),
    )
    .set((
        reimbursement_claims::status.eq(to),
        reimbursement_claims::decision_reason.eq(reason),
        reimbursement_claims::version.eq(row.version + 1),
        reimbursement_claims::change_seq.eq(seq),
        reimbursement_claims::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find_claim(tx.conn(), &row.id).map(Some)
}

/// Claims in creation order: of one person, of one application, or all.
pub fn list_claims(
    conn: &mut DbConnection,
    person_id: Option<&str>,
    application_id: Option<&str>,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<ClaimRow>> {
    let mut query = reimbursement_claims::table
        .filter(reimbursement_claims::seq.gt(after))
        .order(reimbursement_claims::seq.asc())
        .limit(fetch)
        .select(ClaimRow::as_select())
        .into_boxed();
    if let Some(person_id) = person_id {
        query = query.filter(reimbursement_claims::person_id.eq(person_id));
    }
    if let Some(application_id) = application_id {
        query = query.filter(reimbursement_claims::application_id.eq(application_id));
    }
    query.load(conn)
}

// The changes feed of `ApplicationRow` (`lt_store::changes`).
lt_store::changed_rows!(
    ApplicationRow,
    degree_applications,
    updated_at,
    APPLICATIONS
);

// The changes feed of `ClaimRow` (`lt_store::changes`).
lt_store::changed_rows!(ClaimRow, reimbursement_claims, updated_at, CLAIMS);
