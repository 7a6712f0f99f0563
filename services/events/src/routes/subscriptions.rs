//! `/api/v1/events/subscriptions`: the OA system's webhook subscriptions (admins and
//! `events:manage` accounts). A subscription takes the events relayed after it is made; a
//! replay (`…/{id}/replay`) sends earlier ones. Its secret (`whsec_…`) is shown once, when
//! made or rotated; after a rotation the old secret keeps signing beside the new one for
//! `EVENTS_SECRET_OVERLAP_SECONDS` (a day) (two signatures in `webhook-signature`).

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, TimeDelta, Utc};
use lt_http::idempotency::{IdempotencyKeyHeader, IfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::{
    ApiError, Created, Endpoints, FieldError, IfMatch, Json, Page, PageQuery, Validate,
    create_once, etag,
};
use lt_service::Caller;
use lt_store::{Store, now_utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::BASE;
use super::views::{EventTypePattern, SubscriptionView, SubscriptionWithSecret};
use crate::access::require_manager;
use crate::background::EventsSettings;
use crate::domain::model::SubscriptionStatus;
use crate::domain::signature::new_secret;
use crate::domain::{target, types};
use crate::store::{deliveries, events, subscriptions};

/// A new subscription.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSubscription {
    /// Where to POST events: `http` or `https`, not an internal address (see the service
    /// description).
    #[schema(
        min_length = 1,
        max_length = 2000,
        example = "https://oa.example.gov.cn/hooks/learning-tree"
    )]
    pub url: String,
    #[schema(min_items = 1, max_items = 50)]
    pub event_types: Vec<EventTypePattern>,
    #[schema(max_length = 200)]
    pub description: Option<String>,
}

fn check_url(url: &str, errors: &mut Vec<FieldError>) {
    if url.chars().count() > 2000 {
        errors.push(FieldError::new(
            "url",
            "too_long",
            "at most 2000 characters",
        ));
    } else if let Err(refusal) = target::parse(url) {
        errors.push(FieldError::new("url", "invalid", refusal.to_string()));
    }
}

fn check_patterns(patterns: &[EventTypePattern], errors: &mut Vec<FieldError>) {
    if patterns.is_empty() || patterns.len() > 50 {
        errors.push(FieldError::new(
            "event_types",
            "out_of_range",
            "name 1 to 50 event types",
        ));
    }
    for (i, pattern) in patterns.iter().enumerate() {
        if pattern.0.len() > 100 || !types::well_formed(&pattern.0) {
            errors.push(FieldError::new(
                format!("event_types[{i}]"),
                "invalid",
                "an event type, a family ending in `.*`, or `*`",
            ));
        }
    }
}

fn check_description(description: Option<&str>, errors: &mut Vec<FieldError>) {
    if description.is_some_and(|d| d.chars().count() > 200) {
        errors.push(FieldError::new(
            "description",
            "too_long",
            "at most 200 characters",
        ));
    }
}

impl Validate for NewSubscription {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_url(&self.url, &mut errors);
        check_patterns(&self.event_types, &mut errors);
        check_description(self.description.as_deref(), &mut errors);
        lt_http::validation::field_errors(errors)
    }
}

/// The target checked on its resolved addresses: 422 `unsafe_target` on `url` when refused.
async fn check_target(settings: &EventsSettings, url: &str) -> Result<(), ApiError> {
    let refused = |message: String| {
        ApiError::validation(vec![FieldError::new("url", "unsafe_target", message)])
    };
    let target = target::parse(url).map_err(|r| refused(r.to_string()))?;
    target
        .resolve_checked(&settings.delivery.allow)
        .await
        .map_err(|r| refused(r.to_string()))?;
    Ok(())
}

fn patterns(list: &[EventTypePattern]) -> Vec<String> {
    let mut out: Vec<String> = list.iter().map(|p| p.0.clone()).collect();
    out.sort();
    out.dedup();
    out
}

/// Subscribe a URL to event types. Answers the subscription with its secret, shown once.
#[utoipa::path(post, path = "/api/v1/events/subscriptions", tag = "subscriptions", security(("bearer" = [])),
    request_body = NewSubscription, params(IdempotencyKeyHeader),
    responses((status = 201, body = SubscriptionWithSecret, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "scope:events:manage"]))))]
pub async fn create(
    req: HttpRequest,
    store: web::Data<Store>,
    settings: web::Data<EventsSettings>,
    caller: Caller,
    body: Json<NewSubscription>,
) -> Result<HttpResponse, ApiError> {
    require_manager(&caller)?;
    let request = body.into_inner();
    check_target(&settings, &request.url).await?;
    let fields = subscriptions::Fields {
        url: request.url.clone(),
        event_types: patterns(&request.event_types),
        description: request.description.clone().unwrap_or_default(),
    };
    let secret =
        new_secret().map_err(|e| ApiError::Unexpected(anyhow::anyhow!("no randomness: {e}")))?;
    let by = caller.user.subject().into_owned();
    create_once(&store, &req, &by.clone(), &request, move |tx| {
        let row = subscriptions::insert(tx, &fields, &secret, &by)?;
        let view = SubscriptionView::from(row);
        Ok(Created {
            location: format!("{BASE}/subscriptions/{}", view.id),
            version: Some(view.version),
            body: SubscriptionWithSecret {
                subscription: view,
                secret,
            },
        })
    })
    .await
}

/// Every subscription, oldest first.
#[utoipa::path(get, path = "/api/v1/events/subscriptions", tag = "subscriptions", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<SubscriptionView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:events:manage"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    require_manager(&caller)?;
    let page = query.resolve()?;
    let view = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(Page::from_rows(
                subscriptions::page(conn, page.after, page.fetch())?,
                page,
                |r| r.seq,
                SubscriptionView::from,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

async fn found(store: &Store, id: String) -> Result<SubscriptionView, ApiError> {
    store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(SubscriptionView::from(subscriptions::find(conn, &id)?))
        })
        .await
}

fn versioned(status: actix_web::http::StatusCode, view: &SubscriptionView) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(("ETag", etag(view.version)))
        .json(view)
}

/// Read a subscription (without its secret).
#[utoipa::path(get, path = "/api/v1/events/subscriptions/{subscription_id}", tag = "subscriptions", security(("bearer" = [])),
    responses((status = 200, body = SubscriptionView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:events:manage"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    subscription_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_manager(&caller)?;
    let view = found(&store, subscription_id.into_inner()).await?;
    Ok(versioned(actix_web::http::StatusCode::OK, &view))
}

/// A change to a subscription; what is left out stays.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionChange {
    #[schema(min_length = 1, max_length = 2000)]
    pub url: Option<String>,
    #[schema(min_items = 1, max_items = 50)]
    pub event_types: Option<Vec<EventTypePattern>>,
    #[schema(max_length = 200)]
    pub description: Option<String>,
    /// `disabled` pauses it; `active` resumes it (pending deliveries go out in order).
    pub status: Option<SettableStatus>,
}

/// What a manager may set: pause or resume (`failing` is the dispatcher's to set).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SettableStatus {
    Active,
    Disabled,
}

impl Validate for SubscriptionChange {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Some(url) = &self.url {
            check_url(url, &mut errors);
        }
        if let Some(list) = &self.event_types {
            check_patterns(list, &mut errors);
        }
        check_description(self.description.as_deref(), &mut errors);
        lt_http::validation::field_errors(errors)
    }
}

/// Change a subscription's URL, types, description, or pause/resume it. Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/events/subscriptions/{subscription_id}", tag = "subscriptions", security(("bearer" = [])),
    request_body = SubscriptionChange, params(IfMatchHeader),
    responses((status = 200, body = SubscriptionView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "scope:events:manage"]))))]
pub async fn update(
    store: web::Data<Store>,
    settings: web::Data<EventsSettings>,
    caller: Caller,
    subscription_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<SubscriptionChange>,
) -> Result<HttpResponse, ApiError> {
    require_manager(&caller)?;
    let precondition = if_match.required()?.clone();
    let change = body.into_inner();
    if let Some(url) = &change.url {
        check_target(&settings, url).await?;
    }
    let id = subscription_id.into_inner();
    let view = store
        .write(move |tx| -> Result<_, ApiError> {
            let current = subscriptions::find(tx.conn(), &id)?;
            precondition.check(current.version)?;
            let fields = subscriptions::Fields {
                url: change.url.clone().unwrap_or_else(|| current.url.clone()),
                event_types: change
                    .event_types
                    .as_deref()
                    .map_or_else(|| current.patterns(), patterns),
                description: change
                    .description
                    .clone()
                    .unwrap_or_else(|| current.description.clone()),
            };
            let status = change.status.map(|s| match s {
                SettableStatus::Active => SubscriptionStatus::Active,
                SettableStatus::Disabled => SubscriptionStatus::Disabled,
            });
            Ok(SubscriptionView::from(subscriptions::update(
                tx, &id, &fields, status,
            )?))
        })
        .await?;
    Ok(versioned(actix_web::http::StatusCode::OK, &view))
}

/// Delete a subscription and its delivery log; nothing more is sent to it.
#[utoipa::path(delete, path = "/api/v1/events/subscriptions/{subscription_id}", tag = "subscriptions", security(("bearer" = [])),
    responses((status = 204, description = "Deleted"), WriteErrors),
    extensions(("x-roles" = json!(["admin", "scope:events:manage"]))))]
pub async fn delete(
    store: web::Data<Store>,
    caller: Caller,
    subscription_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_manager(&caller)?;
    let id = subscription_id.into_inner();
    let deleted = store
        .write(move |tx| -> Result<_, ApiError> { Ok(subscriptions::delete(tx, &id)?) })
        .await?;
    if deleted == 0 {
        return Err(ApiError::not_found());
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Make a new secret; the old one keeps signing beside it for the configured overlap.
#[utoipa::path(post, path = "/api/v1/events/subscriptions/{subscription_id}/secret-rotation", tag = "subscriptions", security(("bearer" = [])),
    responses((status = 200, body = SubscriptionWithSecret), WriteErrors),
    extensions(("x-roles" = json!(["admin", "scope:events:manage"]))))]
pub async fn rotate_secret(
    store: web::Data<Store>,
    settings: web::Data<EventsSettings>,
    caller: Caller,
    subscription_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_manager(&caller)?;
    let id = subscription_id.into_inner();
    let secret =
        new_secret().map_err(|e| ApiError::Unexpected(anyhow::anyhow!("no randomness: {e}")))?;
    let until =
        now_utc() + TimeDelta::from_std(settings.secret_overlap).unwrap_or(TimeDelta::hours(24));
    let answer = store
        .write(move |tx| -> Result<_, ApiError> {
            let row = subscriptions::rotate(tx, &id, &secret, until)?;
            Ok(SubscriptionWithSecret {
                subscription: SubscriptionView::from(row),
                secret,
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(answer.subscription.version)))
        .json(answer))
}

/// Which events to send again.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Replay {
    /// Every event of the subscription's types relayed at or after this instant.
    pub since: DateTime<Utc>,
}

impl Validate for Replay {}

/// How many events a replay queued.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ReplayQueued {
    pub queued: u64,
}

/// Events one replay queues at most (replay again from the last one's time for more).
pub const REPLAY_LIMIT: i64 = 50_000;

/// Send again every event of the subscription's types since an instant (delivered, failed or
/// never sent to it), in order, with the same `webhook-id`s.
#[utoipa::path(post, path = "/api/v1/events/subscriptions/{subscription_id}/replay", tag = "deliveries", security(("bearer" = [])),
    request_body = Replay,
    responses((status = 202, body = ReplayQueued), WriteErrors),
    extensions(("x-roles" = json!(["admin", "scope:events:manage"]))))]
pub async fn replay(
    store: web::Data<Store>,
    caller: Caller,
    subscription_id: web::Path<String>,
    body: Json<Replay>,
) -> Result<HttpResponse, ApiError> {
    require_manager(&caller)?;
    let (id, since) = (
        subscription_id.into_inner(),
        body.into_inner().since.naive_utc(),
    );
    let queued = store
        .write(move |tx| -> Result<_, ApiError> {
            let subscription = subscriptions::find(tx.conn(), &id)?;
            let wanted = subscription.patterns();
            let mut queued = 0_u64;
            for event in events::since(tx.conn(), since, 0, REPLAY_LIMIT)? {
                if types::matches(&wanted, &event.kind) {
                    deliveries::queue(tx, &id, event.seq, &event.id)?;
                    queued += 1;
                }
            }
            Ok(queued)
        })
        .await?;
    Ok(HttpResponse::Accepted().json(ReplayQueued { queued }))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, list, read, update, delete, rotate_secret, replay]
}
