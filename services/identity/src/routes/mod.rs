//! Identity's routes, one module per resource (`routes/<resource>.rs`), each handler with
//! its `#[utoipa::path]` next to it and listed in [`crate::ApiDoc`].

use actix_web::web;

/// Registers identity's own routes (health and metrics come from `lt_http`).
pub fn configure(_cfg: &mut web::ServiceConfig) {}
