//! The events service's routes, one module per resource.

pub mod deliveries;
pub mod feed;
pub mod inbox;
pub mod subscriptions;
pub mod views;
pub mod webhooks;

use lt_http::Endpoints;

/// Where the service's paths start.
pub const BASE: &str = "/api/v1/events";

/// Every endpoint of the service (the kit adds the outbox feed, health and metrics).
pub fn endpoints() -> Endpoints {
    subscriptions::endpoints()
        .and(deliveries::endpoints())
        .and(feed::endpoints())
        .and(inbox::endpoints())
}

lt_http::every_documented_operation_is_routed!();
