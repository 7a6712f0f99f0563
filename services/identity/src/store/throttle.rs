//! Login throttling: failures counted per key (an account, a client address) in a window;
//! past the limit the key is locked for a while. Kept in the database, so every replica
//! sees the same counts.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, lock_rows, on_each_backend};

use super::schema::login_throttle;

/// How many failures a key may have within `window` before it is locked for `lock`.
#[derive(Clone, Copy, Debug)]
pub struct ThrottleRule {
    pub limit: i32,
    pub window: TimeDelta,
    pub lock: TimeDelta,
}

/// When the key is locked now, until when.
pub fn locked_until(
    conn: &mut DbConnection,
    key: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    let until: Option<Option<NaiveDateTime>> = login_throttle::table
        .find(key)
        .select(login_throttle::locked_until)
        .first(conn)
        .optional()?;
    Ok(until.flatten().filter(|until| *until > now))
}

/// Counts a failure; returns when the key is locked until, if it is. Atomic per key: the row
/// is created if missing (no duplicate-key race) and locked before it is read, and an
/// existing lock is never shortened, so failures racing past the lock check cannot undo it.
pub fn record_failure(
    tx: &mut WriteTx<'_>,
    key: &str,
    rule: ThrottleRule,
    now: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    on_each_backend!(tx.conn(), |c| diesel::insert_into(login_throttle::table)
        .values((
            login_throttle::throttle_key.eq(key),
            login_throttle::failures.eq(0),
            login_throttle::window_started_at.eq(now),
            login_throttle::locked_until.eq(None::<NaiveDateTime>),
        ))
        .on_conflict(login_throttle::throttle_key)
        .do_nothing()
        .execute(c))?;
    lock_rows!(
        tx.conn(),
        login_throttle::table.find(key),
        login_throttle::failures
    )?;
    let (failures, started, locked): (i32, NaiveDateTime, Option<NaiveDateTime>) =
        login_throttle::table
            .find(key)
            .select((
                login_throttle::failures,
                login_throttle::window_started_at,
                login_throttle::locked_until,
            ))
            .first(tx.conn())?;
    let (failures, started) = if started > now - rule.window {
        (failures + 1, started)
    } else {
        (1, now)
    };
    let still_locked = locked.filter(|until| *until > now);
    let newly_locked = (failures >= rule.limit).then_some(now + rule.lock);
    let locked_until = still_locked.max(newly_locked);
    diesel::update(login_throttle::table.find(key))
        .set((
            login_throttle::failures.eq(if newly_locked.is_some() { 0 } else { failures }),
            login_throttle::window_started_at.eq(started),
            login_throttle::locked_until.eq(locked_until),
        ))
        .execute(tx.conn())?;
    Ok(locked_until)
}

/// Forgets a key's failures (after a successful sign-in).
pub fn clear(tx: &mut WriteTx<'_>, key: &str) -> QueryResult<()> {
    diesel::delete(login_throttle::table.find(key)).execute(tx.conn())?;
    Ok(())
}
