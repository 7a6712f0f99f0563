//! Builds and runs the identity service: opens the store, applies migrations (development),
//! binds the listener, serves.

use actix_web::dev::{Server, ServerHandle};
use anyhow::Context;
use lt_http::RouteTable;
use lt_store::Store;
use utoipa::OpenApi;

use crate::settings::Settings;
use crate::store::MIGRATIONS;

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Opens the database, migrates it when configured to, and binds the listener
    /// (`127.0.0.1:0` in tests: read the port with [`Application::port`]).
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let service = &settings.service;
        let store = Store::open(&service.store)
            .with_context(|| format!("opening the identity database at {}", service.store.url))?;
        if service.migrate_on_start {
            let migrating = store.clone();
            tokio::task::spawn_blocking(move || migrating.migrate(&MIGRATIONS))
                .await
                .context("migration task")?
                .context("migrating the identity database")?;
        }
        let routes = RouteTable::from_openapi(&crate::ApiDoc::openapi());
        let (server, port) = lt_http::server::serve(service, store, routes, crate::configure)?;
        Ok(Self { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle to stop the server from elsewhere.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until the server is stopped (Ctrl-C, SIGTERM or the handle).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Applies pending migrations and exits (the `migrate` subcommand; production runs it once
/// before starting replicas).
pub fn migrate(settings: &Settings) -> anyhow::Result<Vec<String>> {
    let store = Store::open(&settings.service.store).context("opening the identity database")?;
    Ok(store.migrate(&MIGRATIONS)?)
}
