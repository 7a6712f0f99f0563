//! Identity's routes, one module per resource, each handler with its `#[utoipa::path]` next
//! to it and listed in [`crate::ApiDoc`].

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod keys;
pub mod org_units;
pub mod people;
pub mod service_accounts;
pub mod sync;
pub mod token;

use lt_http::Endpoints;

/// Registers identity's own routes (health and metrics come from `lt_http`).
/// Every endpoint of the service, in the order of its OpenAPI document (routes are
/// registered by specificity, not by this order).
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
}

#[cfg(test)]
mod tests {
    /// A documented operation with no route, or one shadowed by another route, fails here.
    #[actix_web::test]
    async fn every_documented_operation_is_routed() {
        let doc = <crate::ApiDoc as utoipa::OpenApi>::openapi();
        lt_http::endpoints::assert_routed(&doc, crate::configure).await;
    }
}
