//! Contest: innovation-contest scoring, "变评先进为赛先进" — work-innovation achievement
//! contests, job-skill contests, reading-note contests. Contests with rounds, tracks and
//! dated windows; rubrics of weighted criteria; entries by persons, teams and departments;
//! panels with conflicts derived from the org chart, recusals, blind mode and trainee
//! judges; score sheets that lock on submission, changed afterwards only by the programme
//! office with a reason, in a hash-chained audit trail; aggregation by mean, trimmed mean
//! or per-judge z-scores with a documented tie-break order and award tiers; 公示 counted on
//! the working-day calendar, with real-name objections; final and public results.
//!
//! In the shape every domain service has (see `training`): `SPEC`, `ApiDoc`, `configure`,
//! `SERVICE` (started by the kit), `problems`, `store/`, `routes/<resource>.rs`,
//! `domain/` (rules testable alone), `access` (who may do what), `operations/`
//! (`results`: a round's results from its sheets; `awards`).

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

/// Contest as the platform knows it (the registry behind the launcher reads this).
pub const SPEC: ServiceSpec = ServiceSpec {
    name: "contest",
    default_port: 8084,
    prefixes: &["/api/v1/contest/"],
    directory: true,
};

/// Contest's OpenAPI document, generated from the handlers' annotations.
/// Contest as the kit starts it: settings, store, routes and command line
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
    info(title = "Learning Tree contest", version = "1.0.0",
        description = "Contests, rubrics, entries, conflict-free panels, score sheets with a hash-chained audit trail, aggregation (mean, trimmed mean, z-scores; see the `results` schemas), 公示 with objections, results and reports. Events: docs/events.md."),
    modifiers(&ENDPOINTS, &BearerAuth, &DefaultDescriptions, &OperationIds, &PathParameters, &TextPatterns),
    components(schemas(lt_http::Problem, lt_http::FieldError)),
    tags(
        (name = "contests", description = "Contests, their phases and rubrics"),
        (name = "calendar", description = "The working-day calendar of 公示"),
        (name = "entries", description = "Entries and their status"),
        (name = "judging", description = "Panels, assignments, recusals, score sheets"),
        (name = "results", description = "Results, 公示, objections, public results"),
        (name = "reports", description = "Reports (JSON or CSV)"),
        (name = "records", description = "The learning record"),
        (name = "extraction", description = "Changes feeds"),
    )
)]
pub struct ApiDoc;

/// Registers every contest route (the kit adds the shared middleware and health routes).
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::endpoints().configure(cfg);
}
