//! How far each source's outbox has been read.

use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, now_utc};

use super::schema::source_positions;

/// The cursor to read `source` from (0: its beginning).
pub fn of(conn: &mut DbConnection, source: &str) -> QueryResult<i64> {
    Ok(source_positions::table
        .find(source)
        .select(source_positions::position)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}

/// Every source's position, for `/health/ready` and the relay's report.
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<(String, i64)>> {
    source_positions::table
        .select((source_positions::source, source_positions::position))
        .order(source_positions::source.asc())
        .load(conn)
}

/// Saves `source`'s position, in the transaction that stored what was read up to it.
pub fn save(tx: &mut WriteTx<'_>, source: &str, position: i64) -> QueryResult<()> {
    let updated = diesel::update(source_positions::table.find(source))
        .set((
            source_positions::position.eq(position),
            source_positions::read_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    if updated == 0 {
        diesel::insert_into(source_positions::table)
            .values((
                source_positions::source.eq(source),
                source_positions::position.eq(position),
                source_positions::read_at.eq(now_utc()),
            ))
            .execute(tx.conn())?;
    }
    Ok(())
}
