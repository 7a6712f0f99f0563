//! The registry: every service of the platform, declared once. The launcher starts what is
//! here, the gateway routes to it (`gateway` binary), the merged OpenAPI document documents
//! it, and `learning-tree services` prints it for the compose check and the contract run.
//! Adding a service is one entry here (see docs/adding-a-service.md).

use futures_util::future::LocalBoxFuture;
use lt_http::server::Running;
use lt_http::spec::{Lookup, ServiceSpec};
use serde::Serialize;
use utoipa::OpenApi;

/// A registered service: what it is, what it documents, how to start and migrate it.
#[derive(Clone, Copy)]
pub struct Service {
    /// Name, default port, path prefixes, whether it keeps a directory copy.
    pub spec: &'static ServiceSpec,
    /// Its OpenAPI document (paths as clients call them through the gateway).
    pub openapi: fn() -> utoipa::openapi::OpenApi,
    /// Reads its settings through the lookup, then builds and binds it.
    pub start: fn(Lookup) -> LocalBoxFuture<'static, anyhow::Result<Running>>,
    /// Applies its pending migrations (the `migrate` subcommand).
    pub migrate: fn(Lookup) -> anyhow::Result<Vec<String>>,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("spec", self.spec)
            .finish_non_exhaustive()
    }
}

/// Every service, identity first (the others need its JWKS and directory when they start).
pub static SERVICES: &[Service] = &[
    Service {
        spec: &identity::SPEC,
        openapi: identity::ApiDoc::openapi,
        start: |lookup| Box::pin(identity::start(lookup)),
        migrate: identity::migrate,
    },
    Service {
        spec: &training::SPEC,
        openapi: training::ApiDoc::openapi,
        start: |lookup| Box::pin(training::SERVICE.start(lookup)),
        migrate: |lookup| training::SERVICE.migrate(lookup),
    },
    Service {
        spec: &reading::SPEC,
        openapi: reading::ApiDoc::openapi,
        start: |lookup| Box::pin(reading::SERVICE.start(lookup)),
        migrate: |lookup| reading::SERVICE.migrate(lookup),
    },
    Service {
        spec: &contest::SPEC,
        openapi: contest::ApiDoc::openapi,
        start: |lookup| Box::pin(contest::SERVICE.start(lookup)),
        migrate: |lookup| contest::SERVICE.migrate(lookup),
    },
    Service {
        spec: &vision::SPEC,
        openapi: vision::ApiDoc::openapi,
        start: |lookup| Box::pin(vision::SERVICE.start(lookup)),
        migrate: |lookup| vision::SERVICE.migrate(lookup),
    },
    // After the domain services: it reads their records (the launcher gives it their URLs).
    Service {
        spec: &programme::SPEC,
        openapi: programme::ApiDoc::openapi,
        start: |lookup| Box::pin(programme::SERVICE.start(lookup)),
        migrate: |lookup| programme::SERVICE.migrate(lookup),
    },
    // Last: it reads the outboxes of those before it (the launcher gives it their URLs).
    Service {
        spec: &events::SPEC,
        openapi: events::openapi,
        start: |lookup| Box::pin(events::SERVICE.start(lookup)),
        migrate: |lookup| events::SERVICE.migrate(lookup),
    },
];

/// The specs of `services`, in order (what the gateway needs).
pub fn specs(services: &[Service]) -> Vec<&'static ServiceSpec> {
    services.iter().map(|s| s.spec).collect()
}

/// One service as `learning-tree services` prints it: the spec and the settings names
/// derived from it, for scripts that check the compose file or start the system.
#[derive(Debug, Serialize)]
pub struct ServiceListing {
    #[serde(flatten)]
    pub spec: ServiceSpec,
    pub url_variable: String,
    pub addr_variable: String,
    pub database_variable: String,
    /// Present for services that keep a directory copy.
    pub directory_secret_variable: Option<String>,
}

/// The registry as JSON (pretty, with a final newline).
pub fn listing_json(services: &[Service]) -> String {
    let listing: Vec<ServiceListing> = services
        .iter()
        .map(|s| ServiceListing {
            spec: *s.spec,
            url_variable: s.spec.url_variable(),
            addr_variable: s.spec.addr_variable(),
            database_variable: s.spec.database_variable(),
            directory_secret_variable: s.spec.directory.then(|| s.spec.directory_secret_variable()),
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&listing).unwrap_or_default();
    text.push('\n');
    text
}
