//! Self-study certificates (自学成才): recorded by the cadre, credited through the
//! hour-conversion table.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::schema::self_study_certificates;

pub const CERTIFICATES: &str = "self_study_certificates";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = self_study_certificates)]
pub struct CertificateRow {
    pub id: String,
    pub person_id: String,
    pub org_unit_id: Option<String>,
    pub title: String,
    pub issuer: String,
    pub awarded_on: NaiveDate,
    pub hours_credited: i64,
    pub seq: i64,
    pub created_at: NaiveDateTime,
}

#[allow(clippy::too_many_arguments)]
pub fn insert(
    tx: &mut WriteTx<'_>,
    id: &str,
    person_id: &str,
    org_unit_id: Option<&str>,
    title: &str,
    issuer: &str,
    awarded_on: NaiveDate,
    hours_credited: i64,
) -> QueryResult<CertificateRow> {
    let seq = next_change_seq(tx, CERTIFICATES)?;
    diesel::insert_into(self_study_certificates::table)
        .values((
            self_study_certificates::id.eq(id),
            self_study_certificates::person_id.eq(person_id),
            self_study_certificates::org_unit_id.eq(org_unit_id),
            self_study_certificates::title.eq(title),
            self_study_certificates::issuer.eq(issuer),
            self_study_certificates::awarded_on.eq(awarded_on),
            self_study_certificates::hours_credited.eq(hours_credited),
            self_study_certificates::seq.eq(seq),
            self_study_certificates::created_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    self_study_certificates::table
        .find(id)
        .select(CertificateRow::as_select())
        .first(tx.conn())
}

pub fn for_person(
    conn: &mut DbConnection,
    person_id: &str,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<CertificateRow>> {
    self_study_certificates::table
        .filter(self_study_certificates::person_id.eq(person_id))
        .filter(self_study_certificates::seq.gt(after))
        .order(self_study_certificates::seq.asc())
        .limit(fetch)
        .select(CertificateRow::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<CertificateRow> {
    self_study_certificates::table
        .find(id)
        .select(CertificateRow::as_select())
        .first(conn)
}

/// Whether the person has recorded this certificate (same day, issuer and title) already.
pub fn exists(
    conn: &mut DbConnection,
    person_id: &str,
    awarded_on: NaiveDate,
    issuer: &str,
    title: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        self_study_certificates::table
            .filter(self_study_certificates::person_id.eq(person_id))
            .filter(self_study_certificates::awarded_on.eq(awarded_on))
            .filter(self_study_certificates::issuer.eq(issuer))
            .filter(self_study_certificates::title.eq(title)),
    ))
    .get_result(conn)
}
