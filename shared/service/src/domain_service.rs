//! The one start-up path of every domain service: a service declares itself once
//! (`pub static SERVICE: DomainService` in its `lib.rs`) and the kit reads its settings,
//! opens and migrates its store, writes what must exist before it serves, binds, and runs
//! its command line (`serve`, `migrate`, `seed …`). No service has a `startup.rs`,
//! `settings.rs` or more than three lines of `main.rs`.

use actix_web::web;
use anyhow::Context;
use lt_http::RouteTable;
use lt_http::server::Running;
use lt_http::spec::{Lookup, ServiceSpec, process_env};
use lt_store::{EmbeddedMigrations, StoreError, WriteTx};

use crate::{Kit, KitSettings};

/// Written in one transaction at every start, before the service serves (e.g. version 1 of
/// every policy); must be idempotent.
pub type OnStart = fn(&mut WriteTx<'_>) -> diesel::QueryResult<()>;

/// The `seed …` subcommand: fills a database with realistic volume for benchmarks.
pub type Seed = fn(Lookup, &[&str]) -> anyhow::Result<()>;

/// A domain service as the kit starts it.
pub struct DomainService {
    pub spec: &'static ServiceSpec,
    pub migrations: &'static EmbeddedMigrations,
    /// Its OpenAPI document (`<ApiDoc as OpenApi>::openapi`): the route table's 404 vs 405.
    pub openapi: fn() -> utoipa::openapi::OpenApi,
    /// Registers its routes (`routes::endpoints().configure`).
    pub configure: fn(&mut web::ServiceConfig),
    pub on_start: Option<OnStart>,
    pub seed: Option<Seed>,
}

impl std::fmt::Debug for DomainService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DomainService")
            .field("spec", self.spec)
            .finish_non_exhaustive()
    }
}

impl DomainService {
    /// Opens the store (migrating in development), runs `on_start`, and binds
    /// (`127.0.0.1:0` in tests: read the port with [`Running::port`]).
    pub async fn build(&'static self, settings: KitSettings) -> anyhow::Result<Running> {
        let kit = Kit::open(settings, self.migrations).await?;
        if let Some(on_start) = self.on_start {
            kit.store()
                .write(move |tx| -> Result<(), StoreError> { Ok(on_start(tx)?) })
                .await
                .with_context(|| format!("preparing the {} database", self.spec.name))?;
        }
        kit.serve(RouteTable::from_openapi(&(self.openapi)()), self.configure)
    }

    /// Reads the settings through `lookup` and builds the service (the launcher's entry).
    pub async fn start(&'static self, lookup: Lookup) -> anyhow::Result<Running> {
        let settings = KitSettings::from_lookup(self.spec, |key| lookup(key))
            .with_context(|| format!("reading {} settings", self.spec.name))?;
        self.build(settings).await
    }

    /// Applies pending migrations (the `migrate` subcommand).
    pub fn migrate(&'static self, lookup: Lookup) -> anyhow::Result<Vec<String>> {
        crate::migrate(self.spec, |key| lookup(key), self.migrations)
    }

    /// The service's binary: `<name> [serve]` runs it; `<name> migrate` applies migrations
    /// and exits; `<name> seed …` (where the service has one) fills a benchmark database.
    pub async fn main(&'static self) -> anyhow::Result<()> {
        lt_http::telemetry::init_tracing();
        let args: Vec<String> = std::env::args().skip(1).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let name = self.spec.name;
        match (args.as_slice(), self.seed) {
            ([] | ["serve"], _) => Ok(self.start(process_env()).await?.run_until_stopped().await?),
            (["migrate"], _) => {
                let applied = self.migrate(process_env())?;
                tracing::info!(count = applied.len(), service = name, "migrations applied");
                Ok(())
            }
            (["seed", rest @ ..], Some(seed)) => seed(process_env(), rest),
            (other, _) => anyhow::bail!(
                "unknown command {other:?} for {name}: use `serve`, `migrate`{}",
                if self.seed.is_some() {
                    " or `seed`"
                } else {
                    ""
                }
            ),
        }
    }
}
