//! Reading: library cards of the city library tie-up, borrowing imported from the library,
//! the catalogue (ISBN) and recommended lists, department shelves with loans and holds,
//! campaigns (读书活动), reading logs and statistics, reading notes (读书心得) under review,
//! learning families (学习型家庭), leaderboards and reports. The programme's
//! nutrition-supply mechanism and its second branch (community, family, individual).
//!
//! In the shape every domain service has (see `training`): `SPEC`, `ApiDoc`, `configure`,
//! `SERVICE` (started by the kit), `problems`, `store/`, `routes/<resource>.rs`,
//! `domain/` (rules testable alone), `access` (who may do what).

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

/// Reading as the platform knows it (the registry behind the launcher reads this).
pub const SPEC: ServiceSpec = ServiceSpec {
    name: "reading",
    default_port: 8083,
    prefixes: &["/api/v1/reading/"],
    directory: true,
};

/// Reading's OpenAPI document, generated from the handlers' annotations.
/// Reading as the kit starts it: settings, store, routes and command line
/// (`lt_service::DomainService`).
pub static SERVICE: DomainService = DomainService {
    spec: &SPEC,
    migrations: &store::MIGRATIONS,
    openapi: <ApiDoc as OpenApi>::openapi,
    configure,
    on_start: Some(store::policies::ensure_defaults),
    seed: Some(seed::run),
};

/// The service's endpoints, routed and documented from one declaration each.
const ENDPOINTS: EndpointPaths = EndpointPaths(routes::endpoints);

#[derive(OpenApi)]
#[openapi(
    info(title = "Learning Tree reading", version = "1.0.0",
        description = "Library cards, borrowing import, catalogue, department shelves, campaigns, reading logs and notes, learning families, leaderboards and reports. Events: docs/events.md."),
    modifiers(&ENDPOINTS, &BearerAuth, &DefaultDescriptions, &OperationIds, &PathParameters, &TextPatterns),
    components(schemas(lt_http::Problem, lt_http::FieldError)),
    tags(
        (name = "catalogue", description = "Books by ISBN, book lists"),
        (name = "cards", description = "Library cards and their issuance"),
        (name = "imports", description = "Loan imports from the city library"),
        (name = "privacy", description = "What a cadre shares of their reading"),
        (name = "shelves", description = "Department shelves and their copies"),
        (name = "loans", description = "Shelf loans, renewals, returns, holds"),
        (name = "campaigns", description = "Reading campaigns and their progress"),
        (name = "logs", description = "Reading logs"),
        (name = "notes", description = "Reading notes, their review and featured notes"),
        (name = "families", description = "Learning families: members, challenges"),
        (name = "policies", description = "Versioned policies"),
        (name = "reports", description = "Reports (JSON or CSV)"),
        (name = "records", description = "The learning record"),
        (name = "extraction", description = "Changes feeds"),
    )
)]
pub struct ApiDoc;

/// Registers every reading route (the kit adds the shared middleware and health routes).
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::endpoints().configure(cfg);
}
