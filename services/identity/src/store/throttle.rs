//! Login throttling: failures counted per key (an account, a client address) in a window;
//! past the limit the key is locked for a while. Kept in the database, so every replica
//! sees the same counts.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx};

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

/// Counts a failure; returns the lock end when this failure crossed the limit.
pub fn record_failure(
    tx: &mut WriteTx<'_>,
    key: &str,
    rule: ThrottleRule,
    now: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    let current: Option<(i32, NaiveDateTime)> = login_throttle::table
        .find(key)
        .select((login_throttle::failures, login_throttle::window_started_at))
        .first(tx.conn())
        .optional()?;
    let (failures, started) = match current {
        Some((failures, started)) if started > now - rule.window => (failures + 1, started),
        _ => (1, now),
    };
    let locked = (failures >= rule.limit).then_some(now + rule.lock);
    if current.is_some() {
        diesel::update(login_throttle::table.find(key))
            .set((
                login_throttle::failures.eq(if locked.is_some() { 0 } else { failures }),
                login_throttle::window_started_at.eq(started),
                login_throttle::locked_until.eq(locked),
            ))
            .execute(tx.conn())?;
    } else {
        diesel::insert_into(login_throttle::table)
            .values((
                login_throttle::throttle_key.eq(key),
                login_throttle::failures.eq(failures),
                login_throttle::window_started_at.eq(started),
                login_throttle::locked_until.eq(locked),
            ))
            .execute(tx.conn())?;
    }
    Ok(locked)
}

/// Forgets a key's failures (after a successful sign-in).
pub fn clear(tx: &mut WriteTx<'_>, key: &str) -> QueryResult<()> {
    diesel::delete(login_throttle::table.find(key)).execute(tx.conn())?;
    Ok(())
}
