//! Attempting deliveries. Per subscription, only its first pending delivery (in event order)
//! is attempted, so a receiver gets each subscription's events in commit order; a delivery
//! waiting for its next attempt holds the ones after it. When it fails for good the
//! subscription is marked `failing` and the next delivery goes out (so one bad event never
//! stops the flow; `POST /deliveries/{id}/retry` or a replay sends it again).
//!
//! Each attempt: the URL's host resolved and every address checked (`domain::target`), then
//! a connection to exactly the checked address; connect and total timeouts; no redirects
//! followed (a 3xx is a failure); only the first `RESPONSE_PREFIX` bytes of the answer kept.
//! Retried (by `domain::schedule`): connection errors, timeouts, 408, 429 (with
//! `Retry-After`) and 5xx. 410 disables the subscription. Any other answer fails the
//! delivery at once (the receiver refused it: retrying would not change that).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use lt_store::{Store, StoreError, now_utc};

use crate::domain::model::{DeliveryStatus, SubscriptionStatus};
use crate::domain::schedule::{self, Schedule};
use crate::domain::signature;
use crate::domain::target::{self, AllowList};
use crate::store::deliveries::{self, Attempt, DeliveryRow};
use crate::store::events::EventRow;
use crate::store::subscriptions::{self, SubscriptionRow};

/// How much of a receiver's answer is kept in the delivery log.
pub const RESPONSE_PREFIX: usize = 256;

/// How deliveries are attempted.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub schedule: Schedule,
    pub allow: AllowList,
    pub connect_timeout: Duration,
    pub attempt_timeout: Duration,
    /// One client per host and checked address, so that connections are kept alive.
    pub clients: Clients,
}

/// HTTP clients by host and the address they are pinned to.
#[derive(Clone, Debug, Default)]
pub struct Clients(Arc<Mutex<HashMap<(String, SocketAddr), reqwest::Client>>>);

/// Clients kept at most (one per receiver address; cleared when full).
const CLIENTS: usize = 256;

impl Delivery {
    /// A client for `host` connecting only to `address` (made once, then reused).
    fn client(&self, host: &str, address: SocketAddr) -> Result<reqwest::Client, reqwest::Error> {
        let key = (host.to_owned(), address);
        let mut clients = self
            .clients
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(client) = clients.get(&key) {
            return Ok(client.clone());
        }
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.connect_timeout)
            .timeout(self.attempt_timeout)
            .resolve(host, address)
            .build()?;
        if clients.len() >= CLIENTS {
            clients.clear();
        }
        clients.insert(key, client.clone());
        Ok(client)
    }
}

/// Attempts the due deliveries of `subscription_id`, in order, until one must wait (or
/// `budget` attempts were made); how many attempts were made. The attempts of a round are
/// logged together at its end: a crash in between sends them again (at least once).
pub async fn drain(
    store: &Store,
    delivery: &Delivery,
    subscription_id: String,
    budget: usize,
) -> Result<usize, StoreError> {
    let id = subscription_id.clone();
    let limit = i64::try_from(budget).unwrap_or(i64::MAX);
    let (subscription, heads) = store
        .read(move |conn| -> Result<_, StoreError> {
            Ok((
                subscriptions::find(conn, &id)?,
                deliveries::heads(conn, &id, limit)?,
            ))
        })
        .await?;
    if subscription.status == SubscriptionStatus::Disabled {
        return Ok(0);
    }
    let mut outcomes: Vec<(String, Outcome)> = Vec::new();
    for (head, event) in heads {
        if head.next_attempt_at.is_some_and(|at| at > now_utc()) {
            break;
        }
        let outcome = attempt(delivery, &subscription, &event, &head).await;
        let stop = outcome.attempt.status == DeliveryStatus::Pending
            || outcome
                .subscription
                .as_ref()
                .is_some_and(|(status, _)| *status == SubscriptionStatus::Disabled);
        outcomes.push((head.id, outcome));
        if stop {
            break;
        }
    }
    let made = outcomes.len();
    if made > 0 {
        store
            .write(move |tx| -> Result<(), StoreError> {
                for (id, outcome) in &outcomes {
                    deliveries::record_attempt(tx, id, &outcome.attempt)?;
                }
                // What the round says of the subscription is what its last word said.
                let last = outcomes
                    .iter()
                    .rev()
                    .find_map(|(_, o)| o.subscription.as_ref());
                if let Some((status, reason)) = last {
                    subscriptions::set_status(tx, &subscription_id, *status, reason.as_deref())?;
                }
                Ok(())
            })
            .await?;
    }
    Ok(made)
}

/// An attempt's entry in the log, and what it says of the subscription.
struct Outcome {
    attempt: Attempt,
    subscription: Option<(SubscriptionStatus, Option<String>)>,
}

/// A random factor in −1.0…1.0 for the schedule's jitter.
fn jitter() -> f64 {
    let n = uuid::Uuid::new_v4().as_u128() % 2001;
    (n as f64) / 1000.0 - 1.0
}

fn later(wait: Duration) -> NaiveDateTime {
    now_utc() + TimeDelta::from_std(wait).unwrap_or(TimeDelta::MAX)
}

/// Retry per the schedule, or fail for good (the subscription `failing`).
fn retry_or_fail(
    delivery: &Delivery,
    head: &DeliveryRow,
    status_code: Option<i32>,
    error: Option<String>,
    response: Option<String>,
    retry_after: Option<Duration>,
) -> Outcome {
    let attempt_no = usize::try_from(head.attempts).unwrap_or(0) + 1;
    match delivery
        .schedule
        .next_wait(attempt_no, jitter(), retry_after)
    {
        Some(wait) => Outcome {
            attempt: Attempt {
                status: DeliveryStatus::Pending,
                status_code,
                error,
                response,
                next_attempt_at: Some(later(wait)),
            },
            subscription: None,
        },
        None => Outcome {
            attempt: Attempt {
                status: DeliveryStatus::Failed,
                status_code,
                error,
                response,
                next_attempt_at: None,
            },
            subscription: Some((
                SubscriptionStatus::Failing,
                Some(format!(
                    "delivery {} failed after {attempt_no} attempts",
                    head.id
                )),
            )),
        },
    }
}

async fn attempt(
    delivery: &Delivery,
    subscription: &SubscriptionRow,
    event: &EventRow,
    head: &DeliveryRow,
) -> Outcome {
    let fail_now = |error: String| Outcome {
        attempt: Attempt {
            status: DeliveryStatus::Failed,
            status_code: None,
            error: Some(error.clone()),
            response: None,
            next_attempt_at: None,
        },
        subscription: Some((SubscriptionStatus::Failing, Some(error))),
    };
    let target = match target::parse(&subscription.url) {
        Ok(target) => target,
        Err(refusal) => return fail_now(refusal.to_string()),
    };
    let addresses = match target.resolve_checked(&delivery.allow).await {
        Ok(addresses) => addresses,
        // DNS may answer differently later: retried like an unreachable receiver.
        Err(refusal) => {
            return retry_or_fail(delivery, head, None, Some(refusal.to_string()), None, None);
        }
    };
    let now = now_utc();
    let timestamp = now.and_utc().timestamp();
    let Some(signature) = signature::header(
        &subscription.signing_secrets(now),
        &event.id,
        timestamp,
        &event.body,
    ) else {
        return fail_now("the subscription's secret is damaged: rotate it".to_owned());
    };
    let Some(address) = addresses.first() else {
        return retry_or_fail(delivery, head, None, Some("no address".into()), None, None);
    };
    let client = match delivery.client(&target.host, *address) {
        Ok(client) => client,
        Err(error) => {
            return retry_or_fail(delivery, head, None, Some(error.to_string()), None, None);
        }
    };
    let sent = client
        .post(target.url.clone())
        .header("content-type", "application/json")
        .header("user-agent", "LearningTree-Webhooks/1")
        .header("webhook-id", &event.id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(event.body.clone())
        .send()
        .await;
    let mut response = match sent {
        Ok(response) => response,
        Err(error) => {
            let what = if error.is_timeout() {
                "timed out"
            } else {
                "could not connect"
            };
            return retry_or_fail(
                delivery,
                head,
                None,
                Some(format!("{what}: {error}")),
                None,
                None,
            );
        }
    };
    let status = response.status();
    let code = Some(i32::from(status.as_u16()));
    let retry_after = schedule::retry_after(
        response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()),
    );
    let prefix = read_prefix(&mut response).await;
    if status.is_success() {
        return Outcome {
            attempt: Attempt {
                status: DeliveryStatus::Succeeded,
                status_code: code,
                error: None,
                response: prefix,
                next_attempt_at: None,
            },
            subscription: Some((SubscriptionStatus::Active, None)),
        };
    }
    if status == reqwest::StatusCode::GONE {
        return Outcome {
            attempt: Attempt {
                status: DeliveryStatus::Failed,
                status_code: code,
                error: Some("the receiver answered 410 Gone: subscription disabled".into()),
                response: prefix,
                next_attempt_at: None,
            },
            subscription: Some((
                SubscriptionStatus::Disabled,
                Some("the receiver answered 410 Gone".into()),
            )),
        };
    }
    let retried = status.is_server_error()
        || status == reqwest::StatusCode::TOO_MANY_REQUESTS
        || status == reqwest::StatusCode::REQUEST_TIMEOUT;
    if retried {
        return retry_or_fail(
            delivery,
            head,
            code,
            Some(format!("answered {status}")),
            prefix,
            retry_after,
        );
    }
    Outcome {
        attempt: Attempt {
            status: DeliveryStatus::Failed,
            status_code: code,
            error: Some(format!("answered {status}: not retried")),
            response: prefix,
            next_attempt_at: None,
        },
        subscription: Some((
            SubscriptionStatus::Failing,
            Some(format!("delivery {} refused with {status}", head.id)),
        )),
    }
}

/// The first bytes of an answer (never the whole of a large one), as text.
async fn read_prefix(response: &mut reqwest::Response) -> Option<String> {
    let mut kept: Vec<u8> = Vec::new();
    while kept.len() < RESPONSE_PREFIX {
        match response.chunk().await {
            Ok(Some(chunk)) => kept.extend_from_slice(&chunk),
            _ => break,
        }
    }
    kept.truncate(RESPONSE_PREFIX);
    let text = String::from_utf8_lossy(&kept).into_owned();
    (!text.is_empty()).then_some(text)
}
