//! `GET /api/v1/events/feed`: every relayed event, in the relay's commit order, for
//! integrators that cannot take inbound calls. Each item is the webhook body plus its `id`
//! (the `webhook-id`). Keep `next_cursor` and ask again from it: it never skips an event.

use actix_web::{HttpResponse, web};
use lt_http::openapi::ReadErrors;
use lt_http::pagination::encode_cursor;
use lt_http::{ApiError, Endpoints, FieldError, PageQuery};
use lt_service::Caller;
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::access::require_feed_reader;
use crate::domain::types;

/// `?types=` of the feed.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// Comma-separated types or families (`training.*,contest.phase_changed`); all when absent.
    #[param(
        max_length = 2000,
        pattern = r"^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)(,(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?))*$"
    )]
    pub types: Option<String>,
}

/// An event as the feed serves it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedItem {
    /// The event's stable id (the `webhook-id` of its deliveries).
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// When the change committed at its source (RFC 3339, UTC), as in the webhook body.
    #[schema(value_type = String, format = DateTime)]
    pub timestamp: String,
    /// The documented payload with `links.self`.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// A page of the feed. `next_cursor` is always present; a page may hold fewer items than
/// `limit` when `types` leaves some out.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedPage {
    pub items: Vec<FeedItem>,
    #[schema(pattern = "^[0-9]{1,18}$")]
    pub next_cursor: String,
    pub has_more: bool,
}

#[derive(Deserialize)]
struct Body {
    timestamp: String,
    data: serde_json::Value,
}

/// The event feed (`events:read` or `events:manage` accounts, admins).
#[utoipa::path(get, path = "/api/v1/events/feed", tag = "feed", security(("bearer" = [])),
    params(PageQuery, FeedQuery), responses((status = 200, body = FeedPage), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:events:read", "scope:events:manage"]))))]
pub async fn feed(
    store: web::Data<Store>,
    caller: Caller,
    page: web::Query<PageQuery>,
    filter: web::Query<FeedQuery>,
) -> Result<HttpResponse, ApiError> {
    require_feed_reader(&caller)?;
    let request = page.resolve()?;
    // Exactly what the documented pattern admits: well-formed entries, comma-separated.
    let wanted: Vec<String> = filter
        .types
        .iter()
        .flat_map(|t| t.split(','))
        .map(str::to_owned)
        .collect();
    let too_long = filter.types.as_ref().is_some_and(|t| t.len() > 2000);
    if too_long || wanted.iter().any(|t| !types::well_formed(t)) {
        return Err(ApiError::new(&lt_http::kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
            "types",
            "invalid",
            "a comma-separated list of event types, families ending in `.*`, or `*` (at most 2000 characters)",
        )]));
    }
    let rows = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(crate::store::events::after(
                conn,
                request.after,
                request.fetch(),
            )?)
        })
        .await?;
    let has_more = rows.len() as i64 > request.limit;
    let scanned: Vec<_> = rows
        .into_iter()
        .take(usize::try_from(request.limit).unwrap_or(usize::MAX))
        .collect();
    let next_cursor = encode_cursor(scanned.last().map_or(request.after, |row| row.seq));
    let mut items = Vec::new();
    for row in scanned {
        if !wanted.is_empty() && !types::matches(&wanted, &row.kind) {
            continue;
        }
        let body: Body = serde_json::from_str(&row.body).map_err(|e| {
            ApiError::Unexpected(anyhow::anyhow!("event {} is not JSON: {e}", row.id))
        })?;
        items.push(FeedItem {
            id: row.id,
            kind: row.kind,
            timestamp: body.timestamp,
            data: body.data,
        });
    }
    Ok(HttpResponse::Ok().json(FeedPage {
        items,
        next_cursor,
        has_more,
    }))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![feed]
}
