//! The sample resource's schema, rows and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, EmbeddedMigrations, WriteTx, embed_migrations, now_utc};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");
/// Change stream of the sessions table.
pub const STREAM: &str = "sample_sessions";

diesel::table! {
    sample_sessions (id) {
        id -> Text,
        title -> Text,
        capacity -> Integer,
        taken -> Integer,
        version -> BigInt,
        seq -> BigInt,
        change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sample_counters (name) {
        name -> Text,
        hits -> BigInt,
    }
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = sample_sessions)]
pub struct SessionRow {
    pub id: String,
    pub title: String,
    pub capacity: i32,
    pub taken: i32,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<SessionRow> {
    sample_sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
}

/// Inserts a session stamped with change number `seq`; returns its id.
pub fn insert_session(
    tx: &mut WriteTx<'_>,
    seq: i64,
    title: &str,
    capacity: i32,
) -> QueryResult<String> {
    let now = now_utc();
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(sample_sessions::table)
        .values((
            sample_sessions::id.eq(&id),
            sample_sessions::title.eq(title),
            sample_sessions::capacity.eq(capacity),
            sample_sessions::taken.eq(0),
            sample_sessions::version.eq(1_i64),
            sample_sessions::seq.eq(seq),
            sample_sessions::change_seq.eq(seq),
            sample_sessions::created_at.eq(now),
            sample_sessions::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    Ok(id)
}
