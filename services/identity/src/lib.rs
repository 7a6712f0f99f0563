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
use lt_http::openapi::{
    BearerAuth, DefaultDescriptions, OperationIds, PathParameters, TextPatterns,
};
use lt_http::service::ServiceSpec;
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
#[derive(OpenApi)]
#[openapi(
    info(title = "Learning Tree identity", version = "1.0.0",
        description = "Org directory, accounts, tokens (OAuth 2.0), JWKS, OA directory sync and single sign-on."),
    modifiers(&BearerAuth, &DefaultDescriptions, &OperationIds, &PathParameters, &TextPatterns),
    components(schemas(lt_http::Problem, lt_http::FieldError)),
    paths(
        routes::auth::login,
        routes::auth::change_password,
        routes::auth::logout,
        routes::auth::me,
        routes::token::token,
        routes::keys::jwks,
        routes::keys::rotate,
        routes::org_units::create,
        routes::org_units::list,
        routes::org_units::changes,
        routes::org_units::read,
        routes::org_units::update,
        routes::org_units::delete,
        routes::people::create,
        routes::people::list,
        routes::people::changes,
        routes::people::read,
        routes::people::update,
        routes::accounts::create,
        routes::accounts::read,
        routes::accounts::set_roles,
        routes::accounts::reset_password,
        routes::service_accounts::create,
        routes::service_accounts::list,
        routes::sync::sync,
        routes::audit::list,
    ),
    tags(
        (name = "auth", description = "Sign-in, tokens, keys"),
        (name = "directory", description = "Org tree and people"),
        (name = "accounts", description = "Accounts, roles, service accounts, audit"),
    )
)]
pub struct ApiDoc;

/// Registers identity's routes on an app or scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::configure(cfg);
}
