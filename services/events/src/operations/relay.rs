//! The relay: reads every source's outbox from its saved position and, in one transaction
//! per page, logs the events, queues a delivery for every subscription whose types match,
//! writes the notices of cadres' inboxes, and saves the new position. A crash between a page
//! and its commit reads the page again (nothing is lost); an event read twice is logged once
//! (by its id).

use std::time::Duration;

use lt_directory::{AccountToken, DirectorySettings};
use lt_http::outbox::{OutboxItem, OutboxPage};
use lt_service::Source;
use lt_store::{Store, StoreError, WriteTx};

use crate::domain::{envelope, notices, types};
use crate::store::{deliveries, events, notices as inbox, positions, subscriptions};

#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error("{0} unreachable: {1}")]
    Unreachable(String, String),
    #[error("{0} answered {1}")]
    Refused(String, u16),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

/// Reads outboxes with the events service's own account (`events:read`).
pub struct Reader {
    http: reqwest::Client,
    token: AccountToken,
}

/// Events read per request.
pub const PAGE: u32 = 500;

impl Reader {
    pub fn new(account: DirectorySettings) -> Result<Self, reqwest::Error> {
        Ok(Self {
            http: reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(2))
                .timeout(Duration::from_secs(10))
                .build()?,
            token: AccountToken::new(account, lt_auth::scopes::EVENTS_READ),
        })
    }

    /// One page of `source`'s outbox after `position`.
    pub async fn page(&self, source: &Source, position: i64) -> Result<OutboxPage, RelayError> {
        let url = format!(
            "{}/api/v1/{}/outbox?cursor={position}&limit={PAGE}",
            source.url, source.name
        );
        let unreachable =
            |e: reqwest::Error| RelayError::Unreachable(source.name.clone(), e.to_string());
        let token = self
            .token
            .get(&self.http)
            .await
            .map_err(|e| RelayError::Unreachable("identity".into(), e.to_string()))?;
        let response = self
            .http
            .get(&url)
            .bearer_auth(token)
            .send()
            .await
            .map_err(unreachable)?;
        if response.status() == reqwest::StatusCode::UNAUTHORIZED {
            // A key rotated or the account was reset: sign in again next time.
            self.token.forget();
        }
        if !response.status().is_success() {
            return Err(RelayError::Refused(
                source.name.clone(),
                response.status().as_u16(),
            ));
        }
        response.json().await.map_err(unreachable)
    }
}

/// Reads `source` once from its saved position; how many events it logged and whether more
/// are waiting.
pub async fn pull(
    store: &Store,
    reader: &Reader,
    source: &Source,
) -> Result<(usize, bool), RelayError> {
    let name = source.name.clone();
    let position = store
        .read(move |conn| -> Result<_, RelayError> { Ok(positions::of(conn, &name)?) })
        .await?;
    let page = reader.page(source, position).await?;
    let more = page.has_more;
    let name = source.name.clone();
    let logged = store
        .write(move |tx| -> Result<_, RelayError> { Ok(ingest(tx, &name, &page)?) })
        .await?;
    Ok((logged, more))
}

/// Stores one page of `source`'s outbox (see the module documentation); how many events
/// were new.
pub fn ingest(tx: &mut WriteTx<'_>, source: &str, page: &OutboxPage) -> diesel::QueryResult<usize> {
    let receivers = subscriptions::receiving(tx.conn())?;
    let mut logged = 0;
    for item in &page.items {
        if log_one(tx, source, item, &receivers)? {
            logged += 1;
        }
    }
    let position = page
        .next_cursor
        .parse::<i64>()
        .unwrap_or_else(|_| page.items.last().map_or(0, |item| item.seq));
    positions::save(tx, source, position)?;
    Ok(logged)
}

fn log_one(
    tx: &mut WriteTx<'_>,
    source: &str,
    item: &OutboxItem,
    receivers: &[subscriptions::SubscriptionRow],
) -> diesel::QueryResult<bool> {
    let body = envelope::body(&item.kind, item.occurred_at, item.data.clone());
    let logged = events::insert(
        tx,
        &events::NewEvent {
            id: &item.id,
            source,
            source_seq: item.seq,
            kind: &item.kind,
            occurred_at: item.occurred_at.naive_utc(),
            body: &body,
        },
    )?;
    let Some(seq) = logged else {
        return Ok(false);
    };
    for subscription in receivers {
        if types::matches(&subscription.patterns(), &item.kind) {
            deliveries::queue(tx, &subscription.id, seq, &item.id)?;
        }
    }
    let link = envelope::self_link(&item.kind, &item.data);
    for notice in notices::of(&item.kind, &item.data) {
        inbox::insert(tx, &notice, &item.id, &item.kind, link.as_deref())?;
    }
    Ok(true)
}
