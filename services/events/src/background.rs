//! What the events service runs beside its server (the kit's `background` hook): the relay,
//! which reads every source's outbox, and the dispatcher, which attempts deliveries; and its
//! own settings, which the routes read too.
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `EVENTS_SOURCES` | the services whose outbox is read, each at `<NAME>_URL` (required for each named) | `identity,training,reading,contest,vision`, those whose URL is set |
//! | `<NAME>_URL` | where a source listens (the launcher sets them in development) | required for each source |
//! | `EVENTS_POLL_MILLISECONDS` | how often an idle source is asked for new events, and the dispatcher looks for due deliveries (the relay also nudges it) | `250` |
//! | `EVENTS_RETRY_SCHEDULE` | waits between attempts (`domain::schedule`) | `5s,5m,30m,2h,5h,10h,10h` |
//! | `EVENTS_ALLOWED_TARGETS` | internal hosts or addresses webhooks may go to anyway (`domain::target`) | none |
//! | `EVENTS_CONNECT_TIMEOUT_SECONDS`, `EVENTS_ATTEMPT_TIMEOUT_SECONDS` | per attempt | `5`, `15` |
//! | `EVENTS_SECRET_OVERLAP_SECONDS` | how long the old secret keeps signing after a rotation | `86400` (a day) |
//! | `EVENTS_NOTICE_RETENTION_DAYS` | notices older than this are deleted (daily) | `365` |

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use actix_web::web;
use anyhow::Context;
use lt_http::settings::{Env, SettingsError};
use lt_service::{Companions, Kit};
use lt_store::{Store, StoreError, now_utc};
use tokio::sync::Notify;
use tokio::task::JoinSet;

use crate::domain::schedule::{self, Schedule};
use crate::domain::target::AllowList;
use crate::operations::dispatch::{self, Delivery};
use crate::operations::relay::{self, Reader};
use crate::store::{deliveries, notices};
use lt_service::Source;

/// The default sources: every service that writes an outbox.
pub const DEFAULT_SOURCES: &str = "identity,training,reading,contest,vision";

/// The events service's own settings (see the module documentation).
#[derive(Clone, Debug)]
pub struct EventsSettings {
    pub sources: Vec<Source>,
    pub poll: Duration,
    pub delivery: Delivery,
    pub secret_overlap: Duration,
    pub notice_retention_days: u64,
}

impl EventsSettings {
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let env = Env(lookup);
        let sources = lt_service::sources(lookup, "EVENTS_SOURCES", DEFAULT_SOURCES)?;
        let schedule = Schedule::parse(
            &env.get("EVENTS_RETRY_SCHEDULE")
                .unwrap_or_else(|| schedule::DEFAULT.to_owned()),
        )
        .map_err(|e| SettingsError::invalid("EVENTS_RETRY_SCHEDULE", e))?;
        Ok(Self {
            sources,
            poll: Duration::from_millis(env.number("EVENTS_POLL_MILLISECONDS", 250)?.max(10)),
            delivery: Delivery {
                schedule,
                allow: AllowList::parse(&env.get("EVENTS_ALLOWED_TARGETS").unwrap_or_default()),
                connect_timeout: Duration::from_secs(
                    env.number("EVENTS_CONNECT_TIMEOUT_SECONDS", 5)?.max(1),
                ),
                attempt_timeout: Duration::from_secs(
                    env.number("EVENTS_ATTEMPT_TIMEOUT_SECONDS", 15)?.max(1),
                ),
                clients: Default::default(),
            },
            secret_overlap: Duration::from_secs(
                env.number("EVENTS_SECRET_OVERLAP_SECONDS", 86_400)?,
            ),
            notice_retention_days: env.number("EVENTS_NOTICE_RETENTION_DAYS", 365)?.max(1),
        })
    }
}

/// Wakes the dispatcher when something was queued.
#[derive(Default)]
pub struct Nudge(Notify);

impl Nudge {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// Starts the relay and the dispatcher; the routes get the settings and the nudge.
pub fn start(kit: &Kit, lookup: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Companions> {
    let settings =
        Arc::new(EventsSettings::from_lookup(lookup).context("reading the events settings")?);
    let account = kit
        .settings()
        .directory
        .clone()
        .context("the events service signs in with its directory account")?;
    let reader = Arc::new(Reader::new(account).context("the relay's HTTP client")?);
    let nudge = Arc::new(Nudge::default());
    let store = kit.store().clone();
    let tasks = vec![
        tokio::spawn(relay_loop(
            store.clone(),
            reader,
            Arc::clone(&settings),
            Arc::clone(&nudge),
        )),
        tokio::spawn(dispatch_loop(
            store.clone(),
            Arc::clone(&settings),
            Arc::clone(&nudge),
        )),
        tokio::spawn(retention_loop(store, settings.notice_retention_days)),
    ];
    let (data, nudge) = (web::Data::from(settings), web::Data::from(nudge));
    Ok(Companions {
        tasks,
        configure: Arc::new(move |cfg| {
            cfg.app_data(data.clone());
            cfg.app_data(nudge.clone());
        }),
    })
}

async fn relay_loop(
    store: Store,
    reader: Arc<Reader>,
    settings: Arc<EventsSettings>,
    nudge: Arc<Nudge>,
) {
    let mut failing: Vec<String> = Vec::new();
    loop {
        let mut more = false;
        // Every source at once: one that is down or slow holds up none of the others.
        let pulls = settings
            .sources
            .iter()
            .map(|source| relay::pull(&store, &reader, source));
        let outcomes = futures_util::future::join_all(pulls).await;
        for (source, outcome) in settings.sources.iter().zip(outcomes) {
            match outcome {
                Ok((logged, has_more)) => {
                    more |= has_more;
                    if logged > 0 {
                        nudge.wake();
                    }
                    if let Some(i) = failing.iter().position(|n| *n == source.name) {
                        failing.swap_remove(i);
                        tracing::info!(source = %source.name, "events: source readable again");
                    }
                }
                Err(error) => {
                    // Logged once per outage, not every poll.
                    if !failing.contains(&source.name) {
                        tracing::warn!(source = %source.name, %error, "events: cannot read the outbox (retrying)");
                        failing.push(source.name.clone());
                    }
                }
            }
        }
        if !more {
            tokio::time::sleep(settings.poll).await;
        }
    }
}

/// Attempts per subscription per round, so that one busy subscription does not starve the rest.
const ROUND: usize = 100;

/// One subscription's round of deliveries, run as its own task: a slow or hanging receiver
/// delays only its own subscription.
type Round = (String, Result<usize, StoreError>);

async fn dispatch_loop(store: Store, settings: Arc<EventsSettings>, nudge: Arc<Nudge>) {
    // Dropped with this task (the server stopping), which aborts every round in it.
    let mut rounds: JoinSet<Round> = JoinSet::new();
    let mut busy: HashMap<tokio::task::Id, String> = HashMap::new();
    loop {
        let waiting = store
            .read(|conn| -> Result<_, StoreError> { Ok(deliveries::waiting_subscriptions(conn)?) })
            .await;
        match waiting {
            Ok(waiting) => {
                for id in waiting {
                    if busy.values().any(|b| *b == id) {
                        continue;
                    }
                    let (store, settings, subscription) =
                        (store.clone(), Arc::clone(&settings), id.clone());
                    let task = rounds.spawn(async move {
                        let made = dispatch::drain(
                            &store,
                            &settings.delivery,
                            subscription.clone(),
                            ROUND,
                        )
                        .await;
                        (subscription, made)
                    });
                    busy.insert(task.id(), id);
                }
            }
            Err(error) => tracing::warn!(%error, "events: cannot read pending deliveries"),
        }
        // Wait for a round to end (then look again at once if it delivered), a nudge, or the poll.
        let ended = tokio::select! {
            Some(ended) = rounds.join_next_with_id(), if !rounds.is_empty() => Some(ended),
            () = nudge.0.notified() => None,
            () = tokio::time::sleep(settings.poll) => None,
        };
        let woken_by_a_round = ended.is_some();
        let mut ended: Vec<_> = ended.into_iter().collect();
        while let Some(more) = rounds.try_join_next_with_id() {
            ended.push(more);
        }
        let mut attempts = 0;
        for outcome in ended {
            match outcome {
                Ok((task, (_, Ok(made)))) => {
                    busy.remove(&task);
                    attempts += made;
                }
                Ok((task, (subscription, Err(error)))) => {
                    busy.remove(&task);
                    tracing::warn!(%error, subscription, "events: delivery bookkeeping failed");
                }
                Err(error) => {
                    busy.remove(&error.id());
                    tracing::warn!(%error, "events: a delivery round ended abnormally");
                }
            }
        }
        // A round that attempted nothing (its next attempt is later): wait before looking again.
        if woken_by_a_round && attempts == 0 {
            tokio::select! {
                () = nudge.0.notified() => {}
                () = tokio::time::sleep(settings.poll) => {}
            }
        }
    }
}

async fn retention_loop(store: Store, days: u64) {
    loop {
        let before = now_utc() - chrono::TimeDelta::days(i64::try_from(days).unwrap_or(365));
        let purged = store
            .write(move |tx| -> Result<_, StoreError> { Ok(notices::purge(tx, before)?) })
            .await;
        if let Err(error) = purged {
            tracing::warn!(%error, "events: cannot purge old notices");
        }
        tokio::time::sleep(Duration::from_secs(24 * 3600)).await;
    }
}
