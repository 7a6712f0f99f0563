//! Write transactions that never fail with `SQLITE_BUSY` half-way, and the escape hatch
//! for queries diesel's `MultiConnection` cannot express.

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::result::Error as DieselError;

use crate::{DbConnection, StoreError};

type MultiTm = <DbConnection as Connection>::TransactionManager;

/// A connection inside a write transaction.
///
/// Helpers that must share the caller's transaction ([`record_event`](crate::record_event),
/// [`next_change_seq`](crate::next_change_seq), idempotency completion) take a `&mut WriteTx`,
/// so the type system proves they are not called outside one.
pub struct WriteTx<'c> {
    conn: &'c mut DbConnection,
    /// Events recorded by the body, written (and numbered) just before the commit.
    pub(crate) events: Vec<crate::outbox::PendingEvent>,
}

impl WriteTx<'_> {
    /// The connection, for diesel queries: `.execute(tx.conn())`.
    pub fn conn(&mut self) -> &mut DbConnection {
        self.conn
    }

    pub fn backend(&self) -> crate::Backend {
        match self.conn {
            DbConnection::Pg(_) => crate::Backend::Postgres,
            DbConnection::Sqlite(_) => crate::Backend::Sqlite,
        }
    }
}

/// Runs `body` in a write transaction and commits it when `body` returns `Ok`.
///
/// On SQLite the transaction starts with `BEGIN IMMEDIATE`, taking the write lock up front:
/// a plain (deferred) `BEGIN` that reads and then writes fails at once with `SQLITE_BUSY`
/// when another writer got there first, whatever `busy_timeout` says. Waiting for the lock
/// at `BEGIN` lets `busy_timeout` do its work, and makes every SQLite write transaction
/// serializable.
///
/// On PostgreSQL it is an ordinary READ COMMITTED transaction: no serialization failures to
/// retry, but a plain read-then-write can lose a concurrent update. Write so it cannot:
/// - conditionally: `UPDATE … WHERE version = <read version>` (the ETag pattern; 0 rows means
///   someone else won), or [`take_seat!`](crate::take_seat) for capacity;
/// - or lock first: [`lock_rows!`](crate::lock_rows) before reading rows you will rewrite
///   (the portable `SELECT … FOR UPDATE`).
///
/// Nested `conn.transaction(..)` calls inside `body` become savepoints as usual.
pub fn write_tx<T, E, F>(conn: &mut DbConnection, body: F) -> Result<T, E>
where
    F: FnOnce(&mut WriteTx<'_>) -> Result<T, E>,
    E: From<DieselError> + From<StoreError>,
{
    match conn {
        DbConnection::Sqlite(inner) => {
            // The one statement that waits for SQLite's write lock: once it succeeds, nothing
            // later in the transaction can be refused as busy.
            if let Err(error) =
                AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")
            {
                // diesel does not pass SQLite's result code on: SQLITE_BUSY shows only as its
                // message. Anything else (I/O, a read-only file) stays the fault it is.
                let busy = matches!(&error, DieselError::DatabaseError(_, info)
                    if info.message().contains("locked") || info.message().contains("busy"));
                if busy {
                    tracing::warn!(%error, "SQLite write lock not granted within busy_timeout");
                    return Err(StoreError::Busy.into());
                }
                return Err(error.into());
            }
        }
        DbConnection::Pg(_) => MultiTm::begin_transaction(conn)?,
    }
    let mut tx = WriteTx {
        conn: &mut *conn,
        events: Vec::new(),
    };
    // The body, then its events: the outbox's number is the last lock the transaction takes
    // (crate::outbox), so it never waits for another lock while holding it.
    let outcome = body(&mut tx).and_then(|value| {
        crate::outbox::write_pending(&mut tx)?;
        Ok(value)
    });
    // Same commit / rollback handling as diesel's own `TransactionManager::transaction`.
    match outcome {
        Ok(value) => {
            MultiTm::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => match MultiTm::rollback_transaction(conn) {
            Ok(()) | Err(DieselError::BrokenTransactionManager) => Err(error),
            Err(rollback_error) => Err(rollback_error.into()),
        },
    }
}

/// Runs `body` in a read-only transaction that sees one snapshot of the database: REPEATABLE
/// READ on PostgreSQL (READ COMMITTED would give each statement its own), a deferred `BEGIN`
/// on SQLite (WAL keeps the snapshot of the first read). For reads that must agree with
/// each other, such as a changes page read from a table and its tombstones.
pub fn read_snapshot<T, E, F>(conn: &mut DbConnection, body: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<DieselError>,
{
    use diesel::RunQueryDsl;
    MultiTm::begin_transaction(conn)?;
    let outcome = match conn {
        DbConnection::Pg(inner) => {
            diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(inner)
                .map_err(E::from)
        }
        DbConnection::Sqlite(_) => Ok(0),
    }
    .and_then(|_| body(&mut *conn));
    match outcome {
        Ok(value) => {
            MultiTm::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => match MultiTm::rollback_transaction(conn) {
            Ok(()) | Err(DieselError::BrokenTransactionManager) => Err(error),
            Err(rollback_error) => Err(rollback_error.into()),
        },
    }
}

/// Runs the same diesel query on the inner connection of whichever backend is in use.
///
/// For what `MultiConnection` cannot express (STACK.md): upsert (`on_conflict`), batch
/// insert of a `Vec`, `RETURNING` into a struct. The body is type-checked once per backend.
///
/// ```text
/// let n = on_each_backend!(tx.conn(), |c| diesel::insert_into(books::table)
///     .values(&rows)
///     .on_conflict(books::isbn)
///     .do_update()
///     .set(books::title.eq(excluded(books::title)))
///     .execute(c))?;
/// ```
#[macro_export]
macro_rules! on_each_backend {
    ($conn:expr, |$inner:ident| $body:expr) => {
        match $conn {
            $crate::DbConnection::Pg($inner) => $body,
            $crate::DbConnection::Sqlite($inner) => $body,
        }
    };
}

/// Locks the rows matched by `target` until the transaction ends, portably: a no-op
/// `UPDATE t SET col = col WHERE …`, which takes the row locks on PostgreSQL (SQLite's
/// `BEGIN IMMEDIATE` already holds the database write lock). Statements after it see the
/// latest committed values, so a read-then-write cannot lose a concurrent update.
/// Evaluates to `QueryResult<usize>`: the number of rows locked.
///
/// ```text
/// lock_rows!(tx.conn(), accounts::table.filter(accounts::id.eq(id)), accounts::balance)?;
/// ```
#[macro_export]
macro_rules! lock_rows {
    ($conn:expr, $target:expr, $column:expr) => {{
        use ::diesel::prelude::*;
        ::diesel::update($target)
            .set($column.eq($column))
            .execute($conn)
    }};
}

/// Takes one seat of a capacity-limited row, portably and without `SELECT … FOR UPDATE`:
/// `UPDATE t SET taken = taken + 1 WHERE <filter> AND taken < capacity`.
/// Evaluates to `QueryResult<bool>`: `true` when a seat was taken, `false` when full.
///
/// ```text
/// let seated = take_seat!(tx.conn(), sessions::table.filter(sessions::id.eq(id)),
///                         sessions::taken, sessions::capacity)?;
/// ```
#[macro_export]
macro_rules! take_seat {
    ($conn:expr, $target:expr, $taken:expr, $capacity:expr) => {{
        use ::diesel::prelude::*;
        ::diesel::update($target.filter($taken.lt($capacity)))
            .set($taken.eq($taken + 1))
            .execute($conn)
            .map(|rows| rows == 1)
    }};
}

/// Gives back a seat taken with [`take_seat!`]; never goes below zero.
/// Evaluates to `QueryResult<bool>`: `true` when a seat was released.
#[macro_export]
macro_rules! release_seat {
    ($conn:expr, $target:expr, $taken:expr) => {{
        use ::diesel::prelude::*;
        ::diesel::update($target.filter($taken.gt(0)))
            .set($taken.eq($taken - 1))
            .execute($conn)
            .map(|rows| rows == 1)
    }};
}
