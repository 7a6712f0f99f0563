//! Identity: the org directory, accounts and tokens every Learning Tree service trusts.
//! Its shape is the one every service copies: `settings`, `startup` (`Application::build`),
//! `store` (migrations, schema, queries), `routes/<resource>.rs`, `domain` (rules worth
//! testing alone), and a small `main.rs`.

pub mod bootstrap;
pub mod domain;
pub mod problems;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod state;
pub mod store;

use actix_web::web;
use lt_http::endpoints::EndpointPaths;
use lt_http::openapi::{
    BearerAuth, DefaultDescriptions, OperationIds, PathParameters, TextPatterns,
};
use lt_http::spec::ServiceSpec;
use utoipa::OpenApi;

pub use settings::Settings;
pub use startup::{Application, migrate, start};

/// Identity as the platform knows it (the registry behind the launcher reads this).
pub const SPEC: ServiceSpec = ServiceSpec {
    name: "identity",
    default_port: 8081,
    prefixes: &[
        "/api/v1/auth/",
        "/api/v1/identity/",
        "/.well-known/jwks.json",
    ],
    // Identity is the directory: it keeps no copy of it.
    directory: false,
};

/// The service's name: its env prefix (`IDENTITY_…`), SQLite file and metrics label.
pub const SERVICE: &str = SPEC.name;

/// Identity's OpenAPI document, generated from the handlers' annotations.
/// The service's endpoints, routed and documented from one declaration each.
const ENDPOINTS: EndpointPaths = EndpointPaths(routes::endpoints);

#[derive(OpenApi)]
#[openapi(
    info(title = "Learning Tree identity", version = "1.0.0",
        description = "Org directory, accounts, tokens (OAuth 2.0), JWKS, OA directory sync and single sign-on."),
    modifiers(&ENDPOINTS, &BearerAuth, &DefaultDescriptions, &OperationIds, &PathParameters, &TextPatterns),
    components(schemas(lt_http::Problem, lt_http::FieldError)),
    tags(
        (name = "auth", description = "Sign-in, tokens, keys"),
        (name = "directory", description = "Org tree and people"),
        (name = "accounts", description = "Accounts, roles, service accounts, audit"),
        (name = "outbox", description = "The service's events in commit order, for the events relay"),
    )
)]
pub struct ApiDoc;

/// Registers identity's routes on an app or scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::endpoints().configure(cfg);
}
