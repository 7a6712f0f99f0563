//! Builds and runs the vision service on the service kit.

use anyhow::Context;
use lt_http::RouteTable;
use lt_http::server::Running;
use lt_http::service::Lookup;
use lt_service::Kit;
use utoipa::OpenApi;

use crate::settings::Settings;
use crate::store::MIGRATIONS;

/// Builds the service; the result is [`Running`].
pub struct Application;

impl Application {
    /// Opens the store (migrating in development) and binds (`127.0.0.1:0` in tests: read
    /// the port with [`Running::port`]).
    pub async fn build(settings: Settings) -> anyhow::Result<Running> {
        let kit = Kit::open(settings.kit, &MIGRATIONS).await?;
        kit.serve(
            RouteTable::from_openapi(&crate::ApiDoc::openapi()),
            crate::configure,
        )
    }
}

/// Reads the settings through `lookup` and builds the service (the launcher's entry point).
pub async fn start(lookup: Lookup) -> anyhow::Result<Running> {
    let settings = Settings::from_lookup(|key| lookup(key)).context("reading vision settings")?;
    Application::build(settings).await
}

/// Applies pending migrations and exits (the `migrate` subcommand).
pub fn migrate(lookup: Lookup) -> anyhow::Result<Vec<String>> {
    lt_service::migrate(&crate::SPEC, |key| lookup(key), &MIGRATIONS)
}
