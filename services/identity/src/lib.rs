//! Identity: the org directory, accounts and tokens every Learning Tree service trusts.
//! This crate is the shape every service copies: `settings`, `startup`
//! (`Application::build`), `store` (migrations, schema, queries), `routes/<resource>.rs`,
//! and a small `main.rs`.

pub mod routes;
pub mod settings;
pub mod startup;
pub mod store;

use actix_web::web;
use utoipa::OpenApi;

pub use settings::Settings;
pub use startup::Application;

/// The service's name: its env prefix (`IDENTITY_…`), SQLite file and metrics label.
pub const SERVICE: &str = "identity";

/// Identity's OpenAPI document, generated from the handlers' annotations.
#[derive(OpenApi)]
#[openapi(info(title = "Learning Tree identity", version = "1.0.0"))]
pub struct ApiDoc;

/// Registers identity's routes on an app or scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::configure(cfg);
}
