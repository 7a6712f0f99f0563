//! The `Idempotency-Key` record store (semantics of the IETF httpapi idempotency-key draft):
//! same key and same request → the stored response; same key and another request → refused;
//! same key while the first request is still running → refused as a conflict.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::schema::idempotency_keys as keys;
use crate::{DbConnection, WriteTx, on_each_backend};

/// How long a key is remembered; afterwards the same key starts a new request.
pub const KEY_RETENTION: TimeDelta = TimeDelta::hours(24);
/// A claim older than this whose request never finished (the process died) may be taken over.
pub const IN_FLIGHT_TIMEOUT: TimeDelta = TimeDelta::seconds(60);

/// The response stored for a completed request, replayed for its retries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredResponse {
    pub status: u16,
    /// Headers worth replaying (`Location`, `ETag`, `Content-Type`), as JSON pairs.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// What a new request carrying a key may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    /// First time (or the earlier attempt expired): go ahead, then [`complete`] or [`release`]
    /// with this claim time, which proves the claim is still this request's.
    Fresh(NaiveDateTime),
    /// Completed before with the same request: answer with this.
    Replay(StoredResponse),
    /// The first request with this key is still running.
    InFlight,
    /// The key was used for a different request.
    Mismatch,
}

type KeyRow = (
    String,
    Option<i32>,
    Option<String>,
    Option<String>,
    NaiveDateTime,
);

/// Claims `key` within `scope` (caller and operation) for a request whose canonical form
/// hashes to `fingerprint`. Run it in its own short write transaction before the work.
pub fn claim(
    tx: &mut WriteTx<'_>,
    scope: &str,
    key: &str,
    fingerprint: &str,
    now: NaiveDateTime,
) -> QueryResult<Claim> {
    let inserted = on_each_backend!(tx.conn(), |c| diesel::insert_into(keys::table)
        .values((
            keys::scope.eq(scope),
            keys::idempotency_key.eq(key),
            keys::fingerprint.eq(fingerprint),
            keys::created_at.eq(now),
        ))
        .on_conflict((keys::scope, keys::idempotency_key))
        .do_nothing()
        .execute(c))?;
    if inserted == 1 {
        return Ok(Claim::Fresh(now));
    }
    let (stored_fingerprint, status, headers, body, created_at): KeyRow = keys::table
        .find((scope, key))
        .select((
            keys::fingerprint,
            keys::status,
            keys::response_headers,
            keys::response_body,
            keys::created_at,
        ))
        .first(tx.conn())?;
    let expired = created_at < now - KEY_RETENTION;
    let abandoned = status.is_none() && created_at < now - IN_FLIGHT_TIMEOUT;
    if expired || abandoned {
        // Only if nobody else took it over since we read it.
        let taken = diesel::update(
            keys::table
                .find((scope, key))
                .filter(keys::created_at.eq(created_at)),
        )
        .set((
            keys::fingerprint.eq(fingerprint),
            keys::status.eq(None::<i32>),
            keys::response_headers.eq(None::<String>),
            keys::response_body.eq(None::<String>),
            keys::created_at.eq(now),
        ))
        .execute(tx.conn())?;
        return Ok(if taken == 1 {
            Claim::Fresh(now)
        } else {
            Claim::InFlight
        });
    }
    if stored_fingerprint != fingerprint {
        return Ok(Claim::Mismatch);
    }
    let Some(status) = status else {
        return Ok(Claim::InFlight);
    };
    let headers: Vec<(String, String)> = headers
        .as_deref()
        .and_then(|h| serde_json::from_str(h).ok())
        .unwrap_or_default();
    Ok(Claim::Replay(StoredResponse {
        status: u16::try_from(status).unwrap_or(200),
        headers,
        body: body.unwrap_or_default(),
    }))
}

/// Stores the response of a claimed key, in the same transaction as the work it answers for.
/// Returns false when the claim made at `claimed_at` is no longer this request's (it ran so
/// long that a retry took the key over): the caller must then roll its work back.
pub fn complete(
    tx: &mut WriteTx<'_>,
    scope: &str,
    key: &str,
    claimed_at: NaiveDateTime,
    response: &StoredResponse,
) -> QueryResult<bool> {
    let headers = serde_json::to_string(&response.headers).unwrap_or_else(|_| "[]".to_owned());
    let updated = diesel::update(
        keys::table
            .find((scope, key))
            .filter(keys::created_at.eq(claimed_at))
            .filter(keys::status.is_null()),
    )
    .set((
        keys::status.eq(Some(i32::from(response.status))),
        keys::response_headers.eq(Some(headers)),
        keys::response_body.eq(Some(&response.body)),
    ))
    .execute(tx.conn())?;
    Ok(updated == 1)
}

/// Forgets a claim whose request failed, so a corrected retry with the same key can run.
pub fn release(conn: &mut DbConnection, scope: &str, key: &str) -> QueryResult<()> {
    diesel::delete(
        keys::table
            .find((scope, key))
            .filter(keys::status.is_null()),
    )
    .execute(conn)?;
    Ok(())
}

/// Deletes records past their retention; returns how many.
pub fn purge_expired(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(keys::table.filter(keys::created_at.lt(now - KEY_RETENTION))).execute(conn)
}
