//! The live copy a service keeps: refreshed in the background, refreshed on demand when a
//! request names a person or unit the copy does not know yet, and reported on in
//! `/health/ready` and `/metrics`.
//!
//! One task, [`Directory::spawn_refresh_loop`], does every refresh, so refreshes never
//! overlap and a request that stops waiting never cuts one short. A request that misses
//! asks that task for a refresh and waits for the first one that *started after* the miss
//! (anything created in identity before the request is then in the copy); concurrent misses
//! share it. The wait is bounded ([`RefreshSettings::miss_wait`]); on-demand refreshes start
//! at least [`RefreshSettings::min_gap`] apart, so unknown ids cannot keep identity busy;
//! after a failure, misses do not ask again for [`RefreshSettings::failure_cooldown`]. A miss
//! that could not be checked answers "unknown" (503 with `Retry-After`), never "absent".

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lt_http::probe::{Check, Gauge, Probe};
use lt_store::{Store, StoreError};
use tokio::sync::{Notify, watch};

use crate::client::{DirectoryClient, DirectoryError, DirectorySettings, RefreshReport};
use crate::local::{self, OrgUnit, Person};
use crate::schema::directory_sync_state;

/// How the copy is kept fresh.
#[derive(Clone, Copy, Debug)]
pub struct RefreshSettings {
    /// Between two background refreshes.
    pub every: Duration,
    /// Longest a request waits for an on-demand refresh.
    pub miss_wait: Duration,
    /// Least time between the starts of two on-demand refreshes.
    pub min_gap: Duration,
    /// After a failed refresh, misses do not ask for another this long.
    pub failure_cooldown: Duration,
}

impl Default for RefreshSettings {
    fn default() -> Self {
        Self {
            every: Duration::from_secs(30),
            miss_wait: Duration::from_secs(2),
            min_gap: Duration::from_millis(200),
            failure_cooldown: Duration::from_secs(5),
        }
    }
}

/// What the refresh task publishes after each refresh.
#[derive(Clone, Copy, Debug, Default)]
struct Outcome {
    /// Start of the latest refresh that succeeded.
    last_ok_started: Option<Instant>,
    /// Start of the latest refresh that failed, if after the last success.
    last_failed_started: Option<Instant>,
}

/// What readiness and metrics report.
#[derive(Default)]
struct Status {
    /// Both feeds were read to their end at least once (now or before a restart).
    complete: bool,
    last_success: Option<DateTime<Utc>>,
    consecutive_failures: u64,
    failures_total: u64,
    refreshes_total: u64,
    last_error: Option<&'static str>,
}

/// What a lookup in the copy found.
enum Found<T> {
    Here(T),
    /// Not in the copy, and a refresh that started after the miss confirmed it.
    Absent,
    /// Not in the copy, and identity could not be asked in time.
    Unknown,
}

/// A service's live copy of identity's directory.
pub struct Directory {
    store: Store,
    client: DirectoryClient,
    settings: RefreshSettings,
    demand: Notify,
    outcome: watch::Sender<Outcome>,
    status: Mutex<Status>,
}

impl std::fmt::Debug for Directory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Directory")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

fn error_kind(error: &DirectoryError) -> &'static str {
    match error {
        DirectoryError::Unreachable(_) => "identity unreachable",
        DirectoryError::Refused { status: 401, .. } => "identity refused the service account",
        DirectoryError::Refused { .. } => "identity refused a request",
        DirectoryError::Store(_) | DirectoryError::Query(_) => "local database",
    }
}

/// Both feeds read to their end at least once, and when the copy last synced.
fn persisted_state(
    conn: &mut lt_store::DbConnection,
) -> QueryResult<(bool, Option<chrono::NaiveDateTime>)> {
    let rows: Vec<(String, bool, chrono::NaiveDateTime)> = directory_sync_state::table
        .select((
            directory_sync_state::stream,
            directory_sync_state::complete,
            directory_sync_state::synced_at,
        ))
        .load(conn)?;
    let complete = ["org-units", "people"]
        .iter()
        .all(|stream| rows.iter().any(|(s, done, _)| s == stream && *done));
    Ok((complete, rows.iter().map(|(_, _, at)| *at).max()))
}

impl Directory {
    /// The copy in `store` (already migrated with [`crate::MIGRATIONS`]), kept fresh from
    /// identity as `settings` say once [`Directory::spawn_refresh_loop`] runs. A service
    /// restarted while identity is down is ready with the complete copy it has.
    pub async fn open(
        store: Store,
        settings: DirectorySettings,
        refresh: RefreshSettings,
    ) -> Result<Arc<Self>, DirectoryError> {
        let (complete, last_synced) = store
            .read(|conn| -> Result<_, DirectoryError> { Ok(persisted_state(conn)?) })
            .await?;
        let status = Status {
            complete,
            last_success: last_synced.map(|t| t.and_utc()),
            ..Status::default()
        };
        Ok(Arc::new(Self {
            store,
            client: DirectoryClient::new(settings)?,
            settings: refresh,
            demand: Notify::new(),
            outcome: watch::Sender::new(Outcome::default()),
            status: Mutex::new(status),
        }))
    }

    /// The service's store, where the copy lives.
    pub fn store(&self) -> &Store {
        &self.store
    }

    fn status(&self) -> std::sync::MutexGuard<'_, Status> {
        self.status.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// One refresh, run by the refresh task only.
    async fn run_refresh(&self) -> Result<RefreshReport, DirectoryError> {
        let started = Instant::now();
        let result = self.client.refresh(&self.store).await;
        {
            let mut status = self.status();
            status.refreshes_total += 1;
            match &result {
                Ok(_) => {
                    status.complete = true;
                    status.last_success = Some(Utc::now());
                    status.consecutive_failures = 0;
                    status.last_error = None;
                }
                Err(error) => {
                    status.consecutive_failures += 1;
                    status.failures_total += 1;
                    status.last_error = Some(error_kind(error));
                }
            }
        }
        self.outcome.send_modify(|outcome| match &result {
            Ok(_) => {
                outcome.last_ok_started = Some(started);
                outcome.last_failed_started = None;
            }
            Err(_) => outcome.last_failed_started = Some(started),
        });
        result
    }

    /// Refreshes now, then every [`RefreshSettings::every`], and whenever a miss asks
    /// (at most once per [`RefreshSettings::min_gap`]), until the task is aborted (the
    /// service kit ties it to the server's life). Failures are logged and counted; the copy
    /// keeps serving.
    pub fn spawn_refresh_loop(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let directory = Arc::clone(self);
        actix_web::rt::spawn(async move {
            loop {
                let started = Instant::now();
                match directory.run_refresh().await {
                    Ok(report) if report != RefreshReport::default() => {
                        tracing::info!(?report, "directory copy refreshed");
                    }
                    Ok(_) => {}
                    Err(error) => {
                        tracing::warn!(%error, "directory refresh failed; serving the local copy");
                    }
                }
                tokio::select! {
                    () = tokio::time::sleep(directory.settings.every.saturating_sub(started.elapsed())) => {}
                    () = directory.demand.notified() => {
                        tokio::time::sleep(directory.settings.min_gap.saturating_sub(started.elapsed())).await;
                    }
                }
            }
        })
    }

    /// After a miss at `missed_at`: waits (bounded) for a refresh that started after it.
    /// True when one succeeded, false when none could be had in time.
    async fn refreshed_since(&self, missed_at: Instant) -> bool {
        let mut outcomes = self.outcome.subscribe();
        let current = *outcomes.borrow_and_update();
        if current.last_ok_started.is_some_and(|t| t >= missed_at) {
            return true;
        }
        if current
            .last_failed_started
            .is_some_and(|t| t.elapsed() < self.settings.failure_cooldown)
        {
            return false; // identity just failed: do not ask again yet
        }
        self.demand.notify_one();
        let wait = async {
            loop {
                if outcomes.changed().await.is_err() {
                    return false;
                }
                let outcome = *outcomes.borrow_and_update();
                if outcome.last_ok_started.is_some_and(|t| t >= missed_at) {
                    return true;
                }
                if outcome.last_failed_started.is_some_and(|t| t >= missed_at) {
                    return false;
                }
            }
        };
        tokio::time::timeout(self.settings.miss_wait, wait)
            .await
            .unwrap_or(false)
    }

    async fn find<T, F>(&self, id: &str, lookup: F) -> Result<Found<T>, StoreError>
    where
        T: Send + 'static,
        F: Fn(&mut lt_store::DbConnection, &str) -> QueryResult<Option<T>> + Send + Copy + 'static,
    {
        let read = |id: String| {
            move |conn: &mut lt_store::DbConnection| -> Result<_, StoreError> {
                Ok(lookup(conn, &id)?)
            }
        };
        let missed_at = Instant::now();
        if let Some(found) = self.store.read(read(id.to_owned())).await? {
            return Ok(Found::Here(found));
        }
        if !self.refreshed_since(missed_at).await {
            return Ok(Found::Unknown);
        }
        Ok(match self.store.read(read(id.to_owned())).await? {
            Some(found) => Found::Here(found),
            None => Found::Absent,
        })
    }

    fn answer<T>(found: Found<T>) -> Result<Option<T>, StoreError> {
        match found {
            Found::Here(value) => Ok(Some(value)),
            Found::Absent => Ok(None),
            Found::Unknown => Err(StoreError::Unavailable(
                "the directory copy could not be checked with identity".into(),
            )),
        }
    }

    /// The person `id`, refreshing the copy first when it does not know them yet. `None`
    /// when identity does not know them either; [`StoreError::Unavailable`] (→ 503) when
    /// identity could not be asked in time.
    pub async fn person(&self, id: &str) -> Result<Option<Person>, StoreError> {
        Self::answer(self.find(id, local::person).await?)
    }

    /// The org unit `id`, refreshing the copy first when it does not know it yet (as
    /// [`Directory::person`]).
    pub async fn org_unit(&self, id: &str) -> Result<Option<OrgUnit>, StoreError> {
        Self::answer(self.find(id, local::org_unit).await?)
    }
}

impl Probe for Directory {
    fn name(&self) -> &'static str {
        "directory"
    }

    /// Ready once the copy has been complete (now or before a restart): a copy a little
    /// behind still serves, so an identity outage does not take the service down. Stale
    /// when the last refresh failed or the last success is three intervals old.
    fn check(&self) -> Check {
        let status = self.status();
        let lag = status
            .last_success
            .map(|t| (Utc::now() - t).num_seconds().max(0));
        let overdue = lag.is_none_or(|lag| {
            lag > i64::try_from(self.settings.every.as_secs().saturating_mul(3)).unwrap_or(i64::MAX)
        });
        Check {
            ready: status.complete,
            detail: serde_json::json!({
                "state": match (status.complete, status.consecutive_failures > 0 || overdue) {
                    (false, _) => "never_synced",
                    (true, false) => "fresh",
                    (true, true) => "stale",
                },
                "last_success": status.last_success,
                "lag_seconds": lag,
                "consecutive_failures": status.consecutive_failures,
                "last_error": status.last_error,
            }),
        }
    }

    fn gauges(&self) -> Vec<Gauge> {
        let status = self.status();
        let lag = status.last_success.map_or(-1.0, |t| {
            (Utc::now() - t).num_milliseconds() as f64 / 1000.0
        });
        vec![
            (
                "directory_copy_lag_seconds",
                "Seconds since the directory copy last caught up with identity (-1: never).",
                lag,
            ),
            (
                "directory_refreshes",
                "Directory refreshes attempted by this process.",
                status.refreshes_total as f64,
            ),
            (
                "directory_refresh_failures",
                "Directory refreshes that failed in this process.",
                status.failures_total as f64,
            ),
        ]
    }
}
