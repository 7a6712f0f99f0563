//! Events: the platform talks. Every service writes an outbox event in the transaction of
//! each change (`docs/events.md`); this service reads every outbox through the feed each
//! service serves (`GET /api/v1/<service>/outbox`, scope `events:read`), never their
//! databases, and
//!
//! - delivers them as signed webhooks by the Standard Webhooks specification to the OA
//!   system's subscriptions (at least once, in commit order per subscription, retried on a
//!   published schedule; `operations::dispatch`);
//! - serves a pull feed for integrators that cannot take inbound calls (`routes::feed`);
//! - writes notices in Chinese into every addressed cadre's inbox (`domain::notices`,
//!   `routes::inbox`).
//!
//! In the shape every domain service has: `SPEC`, `ApiDoc`, `configure`, `SERVICE` (declared
//! by `lt_service::domain_service!`, started by the kit), with its relay and dispatcher
//! started by the kit's `background` hook (`background`).

pub mod access;
pub mod background;
pub mod domain;
pub mod operations;
pub mod problems;
pub mod routes;
pub mod store;

lt_service::domain_service! {
    name: "events", port: 8086, on_start: None, seed: None,
    background: background::start,
    title: "Learning Tree events",
    description: "Signed webhooks (Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`), a pull feed and every cadre's inbox, from every service's outbox. Event types and payloads: the `webhooks` section and docs/events.md.",
    tags: [
        ("subscriptions", "Webhook subscriptions of the OA system"),
        ("deliveries", "The delivery log: attempts, retries, replays"),
        ("feed", "The pull feed of every event"),
        ("inbox", "A cadre's notices"),
    ],
}

/// The service's OpenAPI document with its `webhooks` section (what the registry merges).
pub fn openapi() -> utoipa::openapi::OpenApi {
    routes::webhooks::document(<ApiDoc as utoipa::OpenApi>::openapi())
}
