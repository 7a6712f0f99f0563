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
use lt_http::spec::ServiceSpec;
use lt_service::DomainService;
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

/// The sample as the kit starts it (the same start-up path as every domain service).
pub static SERVICE: DomainService = DomainService {
    spec: &SPEC,
    migrations: &MIGRATIONS,
    openapi: <ApiDoc as OpenApi>::openapi,
    configure,
    on_start: None,
    seed: None,
    background: None,
};
