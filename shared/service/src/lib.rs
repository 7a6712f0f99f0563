//! The service kit: everything a domain service of the platform has in common, so that a
//! new service is its own rules and routes plus one declaration ([`ServiceSpec`]).
//!
//! - [`KitSettings`]: the common settings (`lt_http::settings::ServiceSettings`), the token
//!   verifier's (`LT_TOKEN_ISSUER`, `LT_TOKEN_AUDIENCE`, `IDENTITY_URL`) and, for a service
//!   that declares `directory: true`, its directory account
//!   (`<SERVICE>_DIRECTORY_SECRET`, `DIRECTORY_REFRESH_SECONDS`), read once;
//! - [`Kit::open`]: the store, migrated in development (platform tables, the directory copy's,
//!   then the service's own), the verifier, the live [`Directory`];
//! - [`Kit::serve`]: the shared server (conventions, health, metrics) with the verifier, the
//!   store and the directory as app data, the directory's refresh loop running for as long
//!   as the server does, and its state in `/health/ready` and `/metrics`;
//! - [`Caller`]: the extractor that gives a handler the caller's token and their directory
//!   entry now (org unit, rank, provider), with the shared oversight rules;
//! - [`policy`]: the routes' side of versioned policies (read every version, publish one).

mod caller;
pub mod domain_service;
pub mod policy;
pub mod records;
pub mod reports;
pub mod seed;
pub mod sources;

pub use caller::{Caller, ancestry, overseen_person};
pub use domain_service::{Background, Companions, DomainService};
#[doc(hidden)]
pub use lt_auth as __lt_auth;
pub use sources::{Source, sources};

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use actix_web::web;
use anyhow::Context;
use lt_auth::{Verifier, VerifierSettings};
use lt_directory::{DEFAULT_IDENTITY_URL, Directory, DirectorySettings, RefreshSettings};
use lt_http::RouteTable;
use lt_http::probe::Probes;
use lt_http::server::Running;
use lt_http::settings::{Env, ServiceSettings, SettingsError};
pub use lt_http::spec::{Lookup, ServiceSpec, process_env};
use lt_store::{DatabaseUrl, EmbeddedMigrations, Store};

/// The settings every domain service reads the same way.
#[derive(Clone, Debug)]
pub struct KitSettings {
    pub spec: &'static ServiceSpec,
    pub service: ServiceSettings,
    /// Identity's base URL: its JWKS and, for directory services, its changes feeds.
    pub identity_url: String,
    pub verifier: VerifierSettings,
    /// The service's `directory:read` account, when the spec says it keeps a directory copy.
    pub directory: Option<DirectorySettings>,
    pub refresh: RefreshSettings,
}

impl KitSettings {
    /// Reads the settings of `spec` through `lookup` (see the crate documentation).
    pub fn from_lookup(
        spec: &'static ServiceSpec,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, SettingsError> {
        let service = ServiceSettings::from_lookup(spec.name, spec.default_port, &lookup)?;
        let directory = if spec.directory {
            Some(DirectorySettings::from_lookup(spec, &lookup)?)
        } else {
            None
        };
        let env = Env(&lookup);
        let identity_url = env
            .get("IDENTITY_URL")
            .unwrap_or_else(|| DEFAULT_IDENTITY_URL.to_owned())
            .trim_end_matches('/')
            .to_owned();
        let refresh = RefreshSettings {
            every: Duration::from_secs(env.number("DIRECTORY_REFRESH_SECONDS", 30)?.max(1)),
            ..RefreshSettings::default()
        };
        Ok(Self {
            spec,
            service,
            identity_url,
            verifier: VerifierSettings::from_lookup(&lookup),
            directory,
            refresh,
        })
    }

    /// Settings for a test: port 0, the given database and scratch directory, identity at
    /// `identity_url`, and (for a directory service) the account secret identity was given.
    pub fn for_tests(
        spec: &'static ServiceSpec,
        url: DatabaseUrl,
        dir: PathBuf,
        identity_url: &str,
        directory_secret: Option<&str>,
    ) -> Self {
        let service = ServiceSettings::for_tests(spec.name, url, dir);
        let directory = directory_secret.map(|secret| DirectorySettings {
            identity_url: identity_url.to_owned(),
            client_id: spec.name.to_owned(),
            client_secret: secret.to_owned(),
        });
        Self {
            spec,
            service,
            identity_url: identity_url.to_owned(),
            verifier: VerifierSettings::from_lookup(|_| None),
            directory,
            refresh: RefreshSettings::default(),
        }
    }

    /// The migrations to run for this service: the directory copy's (if any), then `own`.
    pub fn migrations(&self, own: &'static EmbeddedMigrations) -> Vec<&'static EmbeddedMigrations> {
        let mut all = Vec::new();
        if self.spec.directory {
            all.push(&lt_directory::MIGRATIONS);
        }
        all.push(own);
        all
    }
}

/// A service's shared parts, opened and ready to serve.
pub struct Kit {
    settings: KitSettings,
    store: Store,
    verifier: Verifier,
    directory: Option<Arc<Directory>>,
}

impl Kit {
    /// Opens the store (reporting the backend's own error when it cannot), applies
    /// migrations when `MIGRATE_ON_START` says so, and prepares the verifier and the live
    /// directory copy.
    pub async fn open(
        settings: KitSettings,
        migrations: &'static EmbeddedMigrations,
    ) -> anyhow::Result<Self> {
        let name = settings.spec.name;
        let store = Store::open(&settings.service.store).with_context(|| {
            format!(
                "opening the {name} database at {}",
                settings.service.store.url
            )
        })?;
        if settings.service.migrate_on_start {
            let (migrating, sources) = (store.clone(), settings.migrations(migrations));
            tokio::task::spawn_blocking(move || migrating.migrate(&sources))
                .await
                .context("migration task")?
                .with_context(|| format!("migrating the {name} database"))?;
        }
        let verifier = Verifier::for_identity(&settings.identity_url, settings.verifier.clone())
            .map_err(|e| anyhow::anyhow!("token verifier: {e}"))?;
        let directory = match &settings.directory {
            Some(account) => Some(
                Directory::open(store.clone(), account.clone(), settings.refresh)
                    .await
                    .context("opening the directory copy")?,
            ),
            None => None,
        };
        Ok(Self {
            settings,
            store,
            verifier,
            directory,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn settings(&self) -> &KitSettings {
        &self.settings
    }

    /// The live directory copy (services that declare `directory: true`).
    pub fn directory(&self) -> Option<&Arc<Directory>> {
        self.directory.as_ref()
    }

    /// Binds and serves the service: `configure` adds its own routes and app data; the kit
    /// adds `web::Data<Store>`, `web::Data<Verifier>` and `web::Data<Directory>`, starts the
    /// directory's refresh loop for as long as the server runs, and reports the copy in
    /// `/health/ready` and `/metrics`.
    pub fn serve<F>(self, routes: RouteTable, configure: F) -> anyhow::Result<Running>
    where
        F: Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
    {
        let verifier = web::Data::new(self.verifier);
        let directory = self.directory.clone().map(web::Data::from);
        let mut probes = Probes::default();
        if let Some(directory) = &self.directory {
            probes
                .0
                .push(Arc::clone(directory) as Arc<dyn lt_http::probe::Probe>);
        }
        let running = lt_http::server::serve_with(
            &self.settings.service,
            self.store,
            routes,
            probes,
            move |cfg| {
                cfg.app_data(verifier.clone());
                if let Some(directory) = &directory {
                    cfg.app_data(directory.clone());
                }
                configure(cfg);
            },
        )?;
        Ok(match &self.directory {
            Some(directory) => running.with_companion(directory.spawn_refresh_loop()),
            None => running,
        })
    }
}

/// The `migrate` subcommand: applies `spec`'s pending migrations and exits. Needs only the
/// database settings (production runs it once, before any replica starts).
pub fn migrate(
    spec: &'static ServiceSpec,
    lookup: impl Fn(&str) -> Option<String>,
    own: &'static EmbeddedMigrations,
) -> anyhow::Result<Vec<String>> {
    let service = ServiceSettings::from_lookup(spec.name, spec.default_port, lookup)
        .with_context(|| format!("reading {}'s database settings", spec.name))?;
    let store = Store::open(&service.store)
        .with_context(|| format!("opening the {} database", spec.name))?;
    let mut sources: Vec<&'static EmbeddedMigrations> = Vec::new();
    if spec.directory {
        sources.push(&lt_directory::MIGRATIONS);
    }
    sources.push(own);
    Ok(store.migrate(&sources)?)
}
