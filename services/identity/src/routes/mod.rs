//! Identity's routes, one module per resource, each handler with its `#[utoipa::path]` next
//! to it and listed in [`crate::ApiDoc`].

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod keys;
pub mod org_units;
/// Identity's outbox feed, the kit's one handler (`lt_auth::outbox_endpoints!`).
pub mod outbox {
    lt_auth::outbox_endpoints!("identity");
}
pub mod people;
pub mod service_accounts;
pub mod sync;
pub mod token;

use lt_http::Endpoints;

/// Every endpoint of identity, in the order of its OpenAPI document (routes are registered by
/// specificity, not by this order; health and metrics come from `lt_http`).
pub fn endpoints() -> Endpoints {
    auth::endpoints()
        .and(token::endpoints())
        .and(keys::endpoints())
        .and(org_units::endpoints())
        .and(people::endpoints())
        .and(accounts::endpoints())
        .and(service_accounts::endpoints())
        .and(sync::endpoints())
        .and(audit::endpoints())
        .and(outbox::endpoints())
}

lt_http::every_documented_operation_is_routed!();
