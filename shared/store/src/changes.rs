//! Commit-ordered change sequences and tombstones: the basis of cursor pagination that never
//! skips a late-committing row, and of `updated_since` extraction that reports deletions.
//!
//! A service stamps each row of a tracked table with two numbers from the table's stream:
//! `seq` once at insert (list order: updates never move a row, so a page never repeats one)
//! and `change_seq` at every change (extraction order). [`next_change_seq`] increments a
//! counter row inside the writing transaction, which locks that row until the transaction
//! ends: numbers therefore become visible in the order they were taken, and a reader that has
//! seen number N will never later find a committed N-1 it did not see.
//! The price is that writers of one stream take turns at the counter, which SQLite does
//! anyway and which is cheap at the programme's scale on PostgreSQL.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::upsert::excluded;

use crate::schema::{change_counters, tombstones};
use crate::{WriteTx, on_each_backend};

/// The next number of `stream`'s change sequence (1, 2, 3, … in commit order).
pub fn next_change_seq(tx: &mut WriteTx<'_>, stream: &str) -> QueryResult<i64> {
    on_each_backend!(tx.conn(), |c| diesel::insert_into(change_counters::table)
        .values((
            change_counters::stream.eq(stream),
            change_counters::value.eq(1_i64),
        ))
        .on_conflict(change_counters::stream)
        .do_update()
        .set(change_counters::value.eq(change_counters::value + excluded(change_counters::value)))
        .returning(change_counters::value)
        .get_result(c))
}

/// Reserves `count` numbers of `stream`'s change sequence at once (for bulk loads); returns
/// the last, so the reserved ones are `last - count + 1 ..= last`.
pub fn reserve_change_seqs(tx: &mut WriteTx<'_>, stream: &str, count: i64) -> QueryResult<i64> {
    on_each_backend!(tx.conn(), |c| diesel::insert_into(change_counters::table)
        .values((
            change_counters::stream.eq(stream),
            change_counters::value.eq(count),
        ))
        .on_conflict(change_counters::stream)
        .do_update()
        .set(change_counters::value.eq(change_counters::value + excluded(change_counters::value)))
        .returning(change_counters::value)
        .get_result(c))
}

/// Records that `entity_id` of `stream` was deleted or withdrawn, under a fresh change number.
pub fn record_tombstone(
    tx: &mut WriteTx<'_>,
    stream: &str,
    entity_id: &str,
    deleted_at: NaiveDateTime,
) -> QueryResult<i64> {
    let seq = next_change_seq(tx, stream)?;
    diesel::insert_into(tombstones::table)
        .values((
            tombstones::stream.eq(stream),
            tombstones::change_seq.eq(seq),
            tombstones::entity_id.eq(entity_id),
            tombstones::deleted_at.eq(deleted_at),
        ))
        .execute(tx.conn())?;
    Ok(seq)
}

/// A deletion as extraction reports it.
#[derive(Clone, Debug, PartialEq, Eq, Queryable)]
pub struct Tombstone {
    pub change_seq: i64,
    pub entity_id: String,
    pub deleted_at: NaiveDateTime,
}

/// Tombstones of `stream` with `change_seq > after` and `deleted_at >= since`, oldest first.
pub fn tombstones_after(
    conn: &mut crate::DbConnection,
    stream: &str,
    after: i64,
    since: Option<NaiveDateTime>,
    limit: i64,
) -> QueryResult<Vec<Tombstone>> {
    let mut query = tombstones::table
        .filter(tombstones::stream.eq(stream))
        .filter(tombstones::change_seq.gt(after))
        .select((
            tombstones::change_seq,
            tombstones::entity_id,
            tombstones::deleted_at,
        ))
        .order(tombstones::change_seq.asc())
        .limit(limit)
        .into_boxed();
    if let Some(since) = since {
        query = query.filter(tombstones::deleted_at.ge(since));
    }
    query.load(conn)
}

/// A record type served by a changes feed: a row whose table carries `change_seq`, with its
/// deletions as tombstones of [`Changed::STREAM`]. Implemented by [`changed_rows!`] (one line
/// per row type); read by [`changes`], the one query every feed runs.
pub trait Changed: Sized + Send + 'static {
    /// The stream of the table's change numbers and tombstones.
    const STREAM: &'static str;

    fn change_seq(&self) -> i64;

    /// At most `fetch` rows with `change_seq > after` (and changed at or after `since`), in
    /// change order.
    fn changed_after(
        conn: &mut crate::DbConnection,
        after: i64,
        since: Option<NaiveDateTime>,
        fetch: i64,
    ) -> QueryResult<Vec<Self>>;
}

/// The rows of `R` and the tombstones of its stream after `after` (and since `since`), at
/// most `fetch` of each, read in one snapshot by the caller.
pub fn changes<R: Changed>(
    conn: &mut crate::DbConnection,
    after: i64,
    since: Option<NaiveDateTime>,
    fetch: i64,
) -> QueryResult<(Vec<R>, Vec<Tombstone>)> {
    Ok((
        R::changed_after(conn, after, since, fetch)?,
        tombstones_after(conn, R::STREAM, after, since, fetch)?,
    ))
}

/// Implements [`Changed`] for a row type of `table`, filtered on `since` by its `stamp`
/// column: `lt_store::changed_rows!(CourseRow, courses, updated_at, STREAM);`.
#[macro_export]
macro_rules! changed_rows {
    ($row:ty, $table:ident, $stamp:ident, $stream:expr) => {
        impl $crate::Changed for $row {
            const STREAM: &'static str = $stream;

            fn change_seq(&self) -> i64 {
                self.change_seq
            }

            fn changed_after(
                conn: &mut $crate::DbConnection,
                after: i64,
                since: Option<$crate::__chrono::NaiveDateTime>,
                fetch: i64,
            ) -> $crate::__diesel::QueryResult<Vec<Self>> {
                use $crate::__diesel::prelude::*;
                let mut query = $table::table
                    .filter($table::change_seq.gt(after))
                    .order($table::change_seq.asc())
                    .limit(fetch)
                    .select(<$row>::as_select())
                    .into_boxed();
                if let Some(since) = since {
                    query = query.filter($table::$stamp.ge(since));
                }
                query.load(conn)
            }
        }
    };
}
