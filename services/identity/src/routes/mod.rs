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

use actix_web::web;

/// Registers identity's own routes (health and metrics come from `lt_http`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.configure(auth::configure)
        .configure(token::configure)
        .configure(keys::configure)
        .configure(org_units::configure)
        .configure(people::configure)
        .configure(accounts::configure)
        .configure(service_accounts::configure)
        .configure(sync::configure)
        .configure(audit::configure);
}
