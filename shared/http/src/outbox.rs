//! The outbox feed every service serves (`GET /api/v1/<service>/outbox`): its events in
//! commit order, cursor-paged, for the events service's relay (scope `events:read`). The
//! handler is written once, by `lt_auth::outbox_endpoints!`; this is its body and its shapes.

use actix_web::HttpResponse;
use chrono::{DateTime, Utc};
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::pagination::encode_cursor;
use crate::{ApiError, PageQuery};

/// One event as its service wrote it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OutboxItem {
    /// Its position in the service's commit order.
    pub seq: i64,
    /// The event's stable id (UUIDv7).
    pub id: String,
    /// `<service>.<record>.<what happened>` (docs/events.md).
    #[serde(rename = "type")]
    pub kind: String,
    pub occurred_at: DateTime<Utc>,
    /// The documented payload.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// A page of the outbox. `next_cursor` is always present: the position to ask from next
/// (the caller's own cursor again when nothing new has committed).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OutboxPage {
    pub items: Vec<OutboxItem>,
    #[schema(pattern = "^[0-9]{1,18}$")]
    pub next_cursor: String,
    /// More events are waiting after this page.
    pub has_more: bool,
}

/// One page of `store`'s outbox after `query.cursor`.
pub async fn page(store: &Store, query: &PageQuery) -> Result<HttpResponse, ApiError> {
    let request = query.resolve()?;
    let rows = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(lt_store::events_after(
                conn,
                request.after,
                request.fetch(),
            )?)
        })
        .await?;
    let has_more = rows.len() as i64 > request.limit;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows
        .into_iter()
        .take(usize::try_from(request.limit).unwrap_or(usize::MAX))
    {
        let data = serde_json::from_str(&row.payload).map_err(|e| {
            ApiError::Unexpected(anyhow::anyhow!("outbox event {} is not JSON: {e}", row.id))
        })?;
        items.push(OutboxItem {
            seq: row.seq,
            id: row.id,
            kind: row.kind,
            occurred_at: row.occurred_at.and_utc(),
            data,
        });
    }
    let next_cursor = encode_cursor(items.last().map_or(request.after, |item| item.seq));
    Ok(HttpResponse::Ok().json(OutboxPage {
        items,
        next_cursor,
        has_more,
    }))
}
