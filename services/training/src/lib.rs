//! Training: the course catalogue, sessions, enrolment with waitlist and automatic
//! promotion, venue check-in, leave, completion with credited hours (学时) under versioned
//! policies, required-hours compliance with catch-up after promotion, in-service degree study
//! with tuition reimbursement, self-study certificates, reports, and each cadre's training
//! record. The team-learning, practice, deepening and incentive mechanisms of the programme.
//!
//! The shape every domain service copies (docs/adding-a-service.md): `SPEC`, `ApiDoc`,
//! `configure`, `SERVICE` (started by the kit), `problems` (its problem kinds), `store/`
//! (schema, rows, queries), `routes/<resource>.rs` (HTTP only: handlers with their OpenAPI),
//! `domain/` (pure rules), `access` (who may do what), and `operations/` (what runs in one
//! transaction across stores: `seats`, `crediting`).

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

/// Training as the platform knows it (the registry behind the launcher reads this).
pub const SPEC: ServiceSpec = ServiceSpec {
    name: "training",
    default_port: 8082,
    prefixes: &["/api/v1/training/"],
    directory: true,
};

/// Training's OpenAPI document, generated from the handlers' annotations.
/// Training as the kit starts it: settings, store, routes and command line
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
    info(title = "Learning Tree training", version = "1.0.0",
        description = "Courses, sessions, enrolment with waitlist, venue check-in, credited hours, required-hours compliance, degree study and reimbursement. Events: docs/events.md."),
    modifiers(&ENDPOINTS, &BearerAuth, &DefaultDescriptions, &OperationIds, &PathParameters, &TextPatterns),
    components(schemas(lt_http::Problem, lt_http::FieldError)),
    tags(
        (name = "courses", description = "The course catalogue"),
        (name = "sessions", description = "Sessions of a course"),
        (name = "enrolments", description = "Enrolment, waitlist, withdrawal, assigned batches"),
        (name = "attendance", description = "Check-in, attendance, leave, assessment, completion"),
        (name = "feedback", description = "Course feedback"),
        (name = "certificates", description = "Public verification of completion certificates"),
        (name = "requirements", description = "Required hours and who is behind"),
        (name = "policies", description = "Versioned policies"),
        (name = "degree study", description = "Degree study, tuition reimbursement, self-study"),
        (name = "reports", description = "Reports (JSON or CSV)"),
        (name = "records", description = "The learning record"),
        (name = "extraction", description = "Changes feeds"),
    )
)]
pub struct ApiDoc;

/// Registers training's routes on an app or scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::endpoints().configure(cfg);
}
