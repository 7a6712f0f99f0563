//! Vision: the fruit of the programme's tree — one shared vision (共同愿景) of the district
//! with its five targets (现代产业区, 开放先行区, 魅力生态区, 高效法治区, 人文和谐区), the team
//! visions of departments and the personal visions of cadres aligned to them, goals and key
//! results, indicators with actuals, check-ins with history, progress that rolls up the graph
//! (computed, traceable, never typed), visibility and a public board.
//!
//! In the shape every domain service has (see `training`): `SPEC`, `ApiDoc`, `configure`,
//! `SERVICE` (started by the kit), `problems`, `store/`, `routes/<resource>.rs`,
//! `domain/` (rules testable alone: `domain::rollup`), `access` (who may see and do what),
//! `operations/` (`graph`: the graph as the roll-up reads it).

pub mod access;
pub mod domain;
pub mod operations;
pub mod problems;
pub mod routes;
pub mod seed;
pub mod store;

use actix_web::web;
use lt_http::endpoints::EndpointPaths;
use lt_http::openapi::{
    BearerAuth, DefaultDescriptions, OperationIds, PathParameters, TextPatterns,
};
use lt_http::spec::ServiceSpec;
use lt_service::DomainService;
use utoipa::OpenApi;

/// Vision as the platform knows it (the registry behind the launcher reads this).
pub const SPEC: ServiceSpec = ServiceSpec {
    name: "vision",
    default_port: 8085,
    prefixes: &["/api/v1/vision/"],
    directory: true,
};

/// Vision's OpenAPI document, generated from the handlers' annotations.
/// Vision as the kit starts it: settings, store, routes and command line
/// (`lt_service::DomainService`).
pub static SERVICE: DomainService = DomainService {
    spec: &SPEC,
    migrations: &store::MIGRATIONS,
    openapi: <ApiDoc as OpenApi>::openapi,
    configure,
    on_start: None,
    seed: Some(seed::run),
};

/// The service's endpoints, routed and documented from one declaration each.
const ENDPOINTS: EndpointPaths = EndpointPaths(routes::endpoints);

#[derive(OpenApi)]
#[openapi(
    info(title = "Learning Tree vision", version = "1.0.0",
        description = "The district's shared vision, targets, team and personal visions, goals and key results, indicators, check-ins, computed and traceable progress (see `NodeProgressView`), the public board, reports. Events: docs/events.md."),
    modifiers(&ENDPOINTS, &BearerAuth, &DefaultDescriptions, &OperationIds, &PathParameters, &TextPatterns),
    components(schemas(lt_http::Problem, lt_http::FieldError)),
    tags(
        (name = "nodes", description = "Visions, targets, goals and key results"),
        (name = "check-ins", description = "Check-ins on key results, with edit history"),
        (name = "progress", description = "Computed progress and its trace"),
        (name = "indicators", description = "Indicators and their actuals"),
        (name = "board", description = "The public board"),
        (name = "reports", description = "Reports (JSON or CSV)"),
        (name = "records", description = "The learning record"),
        (name = "extraction", description = "Changes feeds"),
    )
)]
pub struct ApiDoc;

/// Registers every vision route (the kit adds the shared middleware and health routes).
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::endpoints().configure(cfg);
}
