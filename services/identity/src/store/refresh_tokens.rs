//! Refresh tokens: opaque, stored as SHA-256 hashes, single use, grouped in families.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, now_utc};

use super::schema::refresh_tokens;

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub id: String,
    pub family_id: String,
    pub person_id: String,
    pub token_hash: String,
    pub issued_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(
    tx: &mut WriteTx<'_>,
    family_id: &str,
    person_id: &str,
    token_hash: &str,
    ttl: TimeDelta,
) -> QueryResult<()> {
    let now = now_utc();
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(uuid::Uuid::now_v7().to_string()),
            refresh_tokens::family_id.eq(family_id),
            refresh_tokens::person_id.eq(person_id),
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::issued_at.eq(now),
            refresh_tokens::expires_at.eq(now + ttl),
        ))
        .execute(tx.conn())?;
    Ok(())
}

pub fn find_by_hash(
    conn: &mut DbConnection,
    token_hash: &str,
) -> QueryResult<Option<RefreshTokenRow>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshTokenRow::as_select())
        .first(conn)
        .optional()
}

/// Marks a token used, only if it was unused: false means another request used it first.
pub fn mark_used(tx: &mut WriteTx<'_>, id: &str) -> QueryResult<bool> {
    let updated = diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(Some(now_utc())))
    .execute(tx.conn())?;
    Ok(updated == 1)
}

pub fn revoke_family(tx: &mut WriteTx<'_>, family_id: &str) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now_utc())))
    .execute(tx.conn())
}

pub fn revoke_all_for_person(tx: &mut WriteTx<'_>, person_id: &str) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::person_id.eq(person_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now_utc())))
    .execute(tx.conn())
}

/// Refresh tokens of a person still usable now (for tests and an admin view).
pub fn live_count(conn: &mut DbConnection, person_id: &str) -> QueryResult<i64> {
    let now = now_utc();
    refresh_tokens::table
        .filter(refresh_tokens::person_id.eq(person_id))
        .filter(refresh_tokens::revoked_at.is_null())
        .filter(refresh_tokens::used_at.is_null())
        .filter(refresh_tokens::expires_at.gt(now))
        .count()
        .get_result(conn)
}
