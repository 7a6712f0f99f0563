//! A sample service, built exactly like the real ones: a [`SPEC`], an [`ApiDoc`],
//! [`configure`], its own migrations, and [`start`]/[`migrate`] on the service kit. The
//! platform tests drive its sessions resource (every store and HTTP convention); a system
//! test registers it beside identity to show that a new service is one crate and one
//! registration, and reads people through its live directory copy.

pub mod routes;
pub mod store;

use actix_web::web;
use lt_http::endpoints::EndpointPaths;
use lt_http::openapi::{
    BearerAuth, DefaultDescriptions, OperationIds, PathParameters, TextPatterns,
};
use lt_http::server::Running;
use lt_http::service::{Lookup, ServiceSpec};
use lt_service::{Kit, KitSettings};
use utoipa::OpenApi;

pub use store::MIGRATIONS;

pub const SPEC: ServiceSpec = ServiceSpec {
    name: "sample",
    default_port: 8099,
    prefixes: &["/api/v1/sample/"],
    directory: true,
};

/// The service's endpoints, routed and documented from one declaration each.
const ENDPOINTS: EndpointPaths = EndpointPaths(routes::endpoints);

#[derive(OpenApi)]
#[openapi(
    info(title = "Learning Tree sample service", version = "1.0.0"),
    modifiers(&ENDPOINTS, &BearerAuth, &DefaultDescriptions, &OperationIds, &PathParameters, &TextPatterns),
    components(schemas(lt_http::Problem, lt_http::FieldError)),
)]
pub struct ApiDoc;

/// The sample's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::endpoints().configure(cfg);
}

/// The launcher's entry point: kit settings, store, verifier, directory copy, server.
pub async fn start(lookup: Lookup) -> anyhow::Result<Running> {
    let settings = KitSettings::from_lookup(&SPEC, |key| lookup(key))?;
    build(settings).await
}

/// Builds the service from its settings (tests call this with `KitSettings::for_tests`).
pub async fn build(settings: KitSettings) -> anyhow::Result<Running> {
    let kit = Kit::open(settings, &MIGRATIONS).await?;
    kit.serve(
        lt_http::RouteTable::from_openapi(&ApiDoc::openapi()),
        configure,
    )
}

/// The `migrate` subcommand.
pub fn migrate(lookup: Lookup) -> anyhow::Result<Vec<String>> {
    lt_service::migrate(&SPEC, |key| lookup(key), &MIGRATIONS)
}
