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

/// What a service runs beside its server (the events service's relay and dispatcher): read
/// its own settings through the lookup, start its tasks, and give the routes what they need.
pub type Background = fn(&Kit, &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Companions>;

/// A service's background tasks (stopped with the server) and the app data its routes read.
pub struct Companions {
    pub tasks: Vec<tokio::task::JoinHandle<()>>,
    pub configure: std::sync::Arc<dyn Fn(&mut web::ServiceConfig) + Send + Sync>,
}

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
    pub background: Option<Background>,
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
        self.build_with(settings, &|_| None).await
    }

    /// [`build`](Self::build), with the service's own settings read through `lookup`.
    pub async fn build_with(
        &'static self,
        settings: KitSettings,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Running> {
        let kit = Kit::open(settings, self.migrations).await?;
        if let Some(on_start) = self.on_start {
            kit.store()
                .write(move |tx| -> Result<(), StoreError> { Ok(on_start(tx)?) })
                .await
                .with_context(|| format!("preparing the {} database", self.spec.name))?;
        }
        let routes = RouteTable::from_openapi(&(self.openapi)());
        let Some(background) = self.background else {
            return kit.serve(routes, self.configure);
        };
        let companions = background(&kit, lookup)
            .with_context(|| format!("starting {}'s background tasks", self.spec.name))?;
        let (own, extra) = (self.configure, companions.configure);
        let running = kit.serve(routes, move |cfg| {
            extra(cfg);
            own(cfg);
        })?;
        Ok(companions
            .tasks
            .into_iter()
            .fold(running, Running::with_companion))
    }

    /// Reads the settings through `lookup` and builds the service (the launcher's entry).
    pub async fn start(&'static self, lookup: Lookup) -> anyhow::Result<Running> {
        let settings = KitSettings::from_lookup(self.spec, |key| lookup(key))
            .with_context(|| format!("reading {} settings", self.spec.name))?;
        self.build_with(settings, &|key| lookup(key)).await
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

/// A domain service's declaration in its `lib.rs`: `SPEC` (name, port, `/api/v1/<name>/`,
/// the directory copy), `SERVICE`, `ApiDoc` (info, tags with descriptions, the kit's OpenAPI
/// modifiers, the paths of `routes::endpoints()`), and `configure`. The service keeps its
/// `routes`, `store` (`MIGRATIONS`) and, where it has them, `seed::run` and an on-start write.
///
/// ```ignore
/// lt_service::domain_service! {
///     name: "vision", port: 8085, on_start: None, seed: Some(seed::run),
///     title: "Learning Tree vision",
///     description: "The district's shared vision, …",
///     tags: [("nodes", "Visions, targets, goals and key results"), …],
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __background {
    () => {
        None
    };
    ($background:expr) => {
        Some($background)
    };
}

#[macro_export]
macro_rules! domain_service {
    (
        name: $name:tt, port: $port:expr, on_start: $on_start:expr, seed: $seed:expr,
        $(background: $background:expr,)?
        title: $title:tt, description: $description:tt,
        tags: [$(($tag:tt, $tag_description:tt)),* $(,)?] $(,)?
    ) => {
        /// The service as the platform knows it (the registry behind the launcher reads this).
        pub const SPEC: lt_http::spec::ServiceSpec = lt_http::spec::ServiceSpec {
            name: $name,
            default_port: $port,
            prefixes: &[concat!("/api/v1/", $name, "/")],
            directory: true,
        };

        /// The service as the kit starts it: settings, store, routes and command line.
        pub static SERVICE: $crate::DomainService = $crate::DomainService {
            spec: &SPEC,
            migrations: &store::MIGRATIONS,
            openapi: <ApiDoc as utoipa::OpenApi>::openapi,
            configure,
            on_start: $on_start,
            seed: $seed,
            background: $crate::__background!($($background)?),
        };

        /// The service's outbox feed (`GET /api/v1/<name>/outbox`), the kit's for every service.
        #[doc(hidden)]
        pub mod __outbox {
            $crate::__lt_auth::outbox_endpoints!($name);
        }

        /// The service's own endpoints and the kit's.
        fn every_endpoint() -> lt_http::Endpoints {
            routes::endpoints().and(__outbox::endpoints())
        }

        /// The service's endpoints, routed and documented from one declaration each.
        const ENDPOINTS: lt_http::endpoints::EndpointPaths =
            lt_http::endpoints::EndpointPaths(every_endpoint);

        #[doc(hidden)]
        mod __api_doc {
            use super::ENDPOINTS;
            use lt_http::openapi::{
                BearerAuth, DefaultDescriptions, OperationIds, PathParameters, TextPatterns,
            };

            /// The service's OpenAPI document, generated from the handlers' annotations.
            #[derive(utoipa::OpenApi)]
            #[openapi(
                info(title = $title, version = "1.0.0", description = $description),
                modifiers(&ENDPOINTS, &BearerAuth, &DefaultDescriptions, &OperationIds, &PathParameters, &TextPatterns),
                components(schemas(lt_http::Problem, lt_http::FieldError)),
                tags($((name = $tag, description = $tag_description),)* (name = "outbox", description = "The service's events in commit order, for the events relay"))
            )]
            pub struct ApiDoc;
        }
        pub use __api_doc::ApiDoc;

        /// Registers every route of the service (the kit adds the shared middleware and
        /// health routes).
        pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
            every_endpoint().configure(cfg);
        }
    };
}
