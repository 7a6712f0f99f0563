//! The live copy a service keeps: refreshed in the background, refreshed on demand when a
//! request names a person or unit the copy does not know yet, and reported on in
//! `/health/ready` and `/metrics`.
//!
//! Refreshes never overlap: one runs at a time, and a request that misses waits for the
//! first refresh that *started after* its miss (anything created in identity before the
//! request is then in the copy), joining one already under way rather than starting its
//! own. The wait is bounded ([`RefreshSettings::miss_wait`]), and after a failed refresh
//! misses do not call identity again for [`RefreshSettings::failure_cooldown`], so an
//! identity outage costs requests at most one bounded wait.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lt_http::probe::{Check, Gauge, Probe};
use lt_store::{Store, StoreError};

use crate::client::{DirectoryClient, DirectoryError, DirectorySettings, RefreshReport};
use crate::local::{self, OrgUnit, Person};
use crate::schema::directory_sync_state;

/// How the copy is kept fresh.
#[derive(Clone, Copy, Debug)]
pub struct RefreshSettings {
    /// Between two background refreshes.
    pub every: Duration,
    /// Longest a request waits for an on-demand refresh before answering from the copy.
    pub miss_wait: Duration,
    /// After a failed refresh, misses answer from the copy without calling identity for this long.
    pub failure_cooldown: Duration,
}

impl Default for RefreshSettings {
    fn default() -> Self {
        Self {
            every: Duration::from_secs(30),
            miss_wait: Duration::from_secs(2),
            failure_cooldown: Duration::from_secs(5),
        }
    }
}

/// When refreshes ran (held while one runs, so they never overlap).
#[derive(Default)]
struct Refreshes {
    /// Start of the latest refresh that succeeded.
    last_ok_started: Option<Instant>,
    /// When the latest refresh failed, if it did after the last success.
    last_failed: Option<Instant>,
}

/// What readiness and metrics report.
#[derive(Default)]
struct Status {
    /// The copy was complete at least once (now or in an earlier run: the feed cursors persist).
    synced: bool,
    last_success: Option<DateTime<Utc>>,
    consecutive_failures: u64,
    failures_total: u64,
    refreshes_total: u64,
    last_error: Option<&'static str>,
}

/// A service's live copy of identity's directory.
pub struct Directory {
    store: Store,
    client: DirectoryClient,
    settings: RefreshSettings,
    refreshes: tokio::sync::Mutex<Refreshes>,
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

impl Directory {
    /// The copy in `store` (already migrated with [`crate::MIGRATIONS`]), kept fresh from
    /// identity as `settings` say. Reads when the copy last synced, so a service restarted
    /// while identity is down is ready with the copy it has.
    pub async fn open(
        store: Store,
        settings: DirectorySettings,
        refresh: RefreshSettings,
    ) -> Result<Arc<Self>, DirectoryError> {
        let last_synced: Option<chrono::NaiveDateTime> = store
            .read(|conn| -> Result<_, DirectoryError> {
                Ok(directory_sync_state::table
                    .select(diesel::dsl::max(directory_sync_state::synced_at))
                    .first(conn)?)
            })
            .await?;
        let status = Status {
            synced: last_synced.is_some(),
            last_success: last_synced.map(|t| t.and_utc()),
            ..Status::default()
        };
        Ok(Arc::new(Self {
            store,
            client: DirectoryClient::new(settings)?,
            settings: refresh,
            refreshes: tokio::sync::Mutex::default(),
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

    /// Brings the copy up to date now (waiting for a refresh under way to finish first).
    pub async fn refresh(&self) -> Result<RefreshReport, DirectoryError> {
        let mut refreshes = self.refreshes.lock().await;
        self.refresh_locked(&mut refreshes).await
    }

    async fn refresh_locked(
        &self,
        refreshes: &mut Refreshes,
    ) -> Result<RefreshReport, DirectoryError> {
        let started = Instant::now();
        let outcome = self.client.refresh(&self.store).await;
        let mut status = self.status();
        status.refreshes_total += 1;
        match &outcome {
            Ok(_) => {
                refreshes.last_ok_started = Some(started);
                refreshes.last_failed = None;
                status.synced = true;
                status.last_success = Some(Utc::now());
                status.consecutive_failures = 0;
                status.last_error = None;
            }
            Err(error) => {
                refreshes.last_failed = Some(Instant::now());
                status.consecutive_failures += 1;
                status.failures_total += 1;
                status.last_error = Some(error_kind(error));
            }
        }
        outcome
    }

    /// After a miss at `missed_at`: make sure a refresh that started after it has run, within
    /// the bounds described in the module documentation.
    async fn refresh_after_miss(&self, missed_at: Instant) {
        let attempt = async {
            let mut refreshes = self.refreshes.lock().await;
            if refreshes.last_ok_started.is_some_and(|t| t >= missed_at) {
                return; // someone else's refresh already covers this miss
            }
            if refreshes
                .last_failed
                .is_some_and(|t| t.elapsed() < self.settings.failure_cooldown)
            {
                return;
            }
            if let Err(error) = self.refresh_locked(&mut refreshes).await {
                tracing::warn!(%error, "on-demand directory refresh failed; answering from the copy");
            }
        };
        if tokio::time::timeout(self.settings.miss_wait, attempt)
            .await
            .is_err()
        {
            tracing::warn!("on-demand directory refresh took too long; answering from the copy");
        }
    }

    /// The person `id`, refreshing the copy first when it does not know them yet.
    pub async fn person(&self, id: &str) -> Result<Option<Person>, StoreError> {
        let lookup = |id: String| {
            move |conn: &mut lt_store::DbConnection| -> Result<_, StoreError> {
                Ok(local::person(conn, &id)?)
            }
        };
        let missed_at = Instant::now();
        if let Some(found) = self.store.read(lookup(id.to_owned())).await? {
            return Ok(Some(found));
        }
        self.refresh_after_miss(missed_at).await;
        self.store.read(lookup(id.to_owned())).await
    }

    /// The org unit `id`, refreshing the copy first when it does not know it yet.
    pub async fn org_unit(&self, id: &str) -> Result<Option<OrgUnit>, StoreError> {
        let lookup = |id: String| {
            move |conn: &mut lt_store::DbConnection| -> Result<_, StoreError> {
                Ok(local::org_unit(conn, &id)?)
            }
        };
        let missed_at = Instant::now();
        if let Some(found) = self.store.read(lookup(id.to_owned())).await? {
            return Ok(Some(found));
        }
        self.refresh_after_miss(missed_at).await;
        self.store.read(lookup(id.to_owned())).await
    }

    /// Refreshes in the background every [`RefreshSettings::every`], starting now, until the
    /// returned task is aborted (the service kit ties it to the server's life). Failures are
    /// logged and counted; the copy keeps serving.
    pub fn spawn_refresh_loop(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let directory = Arc::clone(self);
        actix_web::rt::spawn(async move {
            loop {
                match directory.refresh().await {
                    Ok(report) if report != RefreshReport::default() => {
                        tracing::info!(?report, "directory copy refreshed");
                    }
                    Ok(_) => {}
                    Err(error) => {
                        tracing::warn!(%error, "directory refresh failed; serving the local copy");
                    }
                }
                tokio::time::sleep(directory.settings.every).await;
            }
        })
    }
}

impl Probe for Directory {
    fn name(&self) -> &'static str {
        "directory"
    }

    /// Ready once the copy has been complete (now or before a restart): a copy a little
    /// behind still serves, so an identity outage does not take the service down.
    fn check(&self) -> Check {
        let status = self.status();
        let lag = status
            .last_success
            .map(|t| (Utc::now() - t).num_seconds().max(0));
        Check {
            ready: status.synced,
            detail: serde_json::json!({
                "state": match (status.synced, status.consecutive_failures) {
                    (false, _) => "never_synced",
                    (true, 0) => "fresh",
                    (true, _) => "stale",
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
