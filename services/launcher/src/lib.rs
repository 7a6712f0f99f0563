//! The one-process launcher behind `cargo run --release`: starts every registered service
//! ([`registry::SERVICES`]) and the gateway in this process, each on its own port with its
//! own SQLite file under `DATA_DIR`. Production runs the same services as separate binaries
//! (see docker-compose.yml).
//!
//! Nothing to set up by hand in development: each service that keeps a directory copy gets
//! a `directory:read` account made for this run (a fresh secret, given to identity through
//! `IDENTITY_DIRECTORY_CLIENTS` and to the service as `<SERVICE>_DIRECTORY_SECRET`), and
//! every service is told where identity really listens, and where each service started before
//! it listens (`<NAME>_URL`: the events service reads their outboxes). The events service's
//! account also gets `events:read` (identity's `IDENTITY_EVENT_READERS`).

pub mod openapi;
pub mod registry;

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::dev::ServerHandle;
use anyhow::Context;
use futures_util::future::try_join_all;
use lt_http::spec::Lookup;

use crate::registry::Service;

type Serving = std::pin::Pin<Box<dyn std::future::Future<Output = std::io::Result<()>>>>;

/// The running services.
pub struct Platform {
    /// `(name, port)` of everything started, in start order; the gateway last.
    pub ports: Vec<(&'static str, u16)>,
    handles: Vec<ServerHandle>,
    servers: Vec<Serving>,
}

/// `lookup` with some keys answered from `extra` first.
fn overlay(lookup: &Lookup, extra: HashMap<String, String>) -> Lookup {
    let lookup = Arc::clone(lookup);
    Arc::new(move |key| extra.get(key).cloned().or_else(|| lookup(key)))
}

/// A secret for a development `directory:read` account: 64 hex digits of randomness.
fn development_secret() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

impl Platform {
    /// Starts every registered service and the gateway, reading settings from the process
    /// environment (migrating in development).
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_with(registry::SERVICES, lt_http::spec::process_env()).await
    }

    /// Starts `services` (identity first) and the gateway in front of them, reading settings
    /// through `lookup`.
    pub async fn start_with(services: &[Service], lookup: Lookup) -> anyhow::Result<Self> {
        let (identity, others) = services
            .split_first()
            .filter(|(first, _)| first.spec.name == identity::SPEC.name)
            .context("the registry must start with identity")?;
        // A directory account for each service that keeps a copy, unless configured.
        let mut secrets: Vec<(&'static str, String)> = Vec::new();
        for service in others.iter().filter(|s| s.spec.directory) {
            let secret = lookup(&service.spec.directory_secret_variable())
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(development_secret);
            secrets.push((service.spec.name, secret));
        }
        // Accounts already configured stay as configured; the others are made for this run.
        let configured = lookup("IDENTITY_DIRECTORY_CLIENTS").unwrap_or_default();
        let named: Vec<&str> = configured
            .split(',')
            .filter_map(|entry| entry.trim().split_once(':').map(|(id, _)| id))
            .collect();
        let mut clients: Vec<String> = configured
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(str::to_owned)
            .collect();
        clients.extend(
            secrets
                .iter()
                .filter(|(name, _)| !named.contains(name))
                .map(|(name, secret)| format!("{name}:{secret}")),
        );
        let mut identity_settings =
            HashMap::from([("IDENTITY_DIRECTORY_CLIENTS".to_owned(), clients.join(","))]);
        if others.iter().any(|s| s.spec.name == events::SPEC.name)
            && lookup("IDENTITY_EVENT_READERS").is_none()
        {
            identity_settings.insert(
                "IDENTITY_EVENT_READERS".to_owned(),
                events::SPEC.name.to_owned(),
            );
        }
        let identity_lookup = overlay(&lookup, identity_settings);
        let mut ports = Vec::new();
        let mut handles = Vec::new();
        let mut servers: Vec<Serving> = Vec::new();
        let started = (identity.start)(identity_lookup)
            .await
            .context("starting identity")?;
        let identity_url = format!("http://127.0.0.1:{}", started.port());
        ports.push((identity.spec.name, started.port()));
        handles.push(started.handle());
        servers.push(Box::pin(started.run_until_stopped()));
        let mut started_urls = vec![(identity.spec.url_variable(), identity_url.clone())];
        for service in others {
            let mut extra: HashMap<String, String> = started_urls.iter().cloned().collect();
            extra.insert("IDENTITY_URL".to_owned(), identity_url.clone());
            if let Some((_, secret)) = secrets.iter().find(|(n, _)| *n == service.spec.name) {
                extra.insert(service.spec.directory_secret_variable(), secret.clone());
            }
            let running = (service.start)(overlay(&lookup, extra))
                .await
                .with_context(|| format!("starting {}", service.spec.name))?;
            ports.push((service.spec.name, running.port()));
            started_urls.push((
                service.spec.url_variable(),
                format!("http://127.0.0.1:{}", running.port()),
            ));
            handles.push(running.handle());
            servers.push(Box::pin(running.run_until_stopped()));
        }
        // In one process the gateway talks to the services it just started (whatever the
        // environment says of their URLs).
        let urls: HashMap<String, String> = services
            .iter()
            .zip(&ports)
            .map(|(s, (_, port))| (s.spec.url_variable(), format!("http://127.0.0.1:{port}")))
            .collect();
        let gateway_lookup = {
            let lookup = Arc::clone(&lookup);
            move |key: &str| urls.get(key).cloned().or_else(|| lookup(key))
        };
        let gateway = gateway::Application::build(gateway::Settings::from_lookup(
            gateway_lookup,
            &registry::specs(services),
        )?)
        .await
        .context("starting the gateway")?;
        ports.push(("gateway", gateway.port()));
        handles.push(gateway.handle());
        servers.push(Box::pin(gateway.run_until_stopped()));
        Ok(Self {
            ports,
            handles,
            servers,
        })
    }

    /// The gateway's port.
    pub fn gateway_port(&self) -> u16 {
        self.ports.last().map_or(0, |(_, port)| *port)
    }

    /// The port of service `name`.
    pub fn port_of(&self, name: &str) -> Option<u16> {
        self.ports.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
    }

    /// Handles that stop every service gracefully.
    pub fn handles(&self) -> Vec<ServerHandle> {
        self.handles.clone()
    }

    /// Serves until every service has stopped. Ctrl-C or SIGTERM stops them all gracefully
    /// (each actix server also listens for the signal, but only one of them receives it).
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let handles = self.handles.clone();
        actix_web::rt::spawn(async move {
            shutdown_signal().await;
            tracing::info!("stopping every service");
            for handle in handles {
                handle.stop(true).await;
            }
        });
        try_join_all(self.servers).await?;
        Ok(())
    }
}

/// Applies every registered service's pending migrations (`learning-tree migrate`).
pub fn migrate_all(services: &[Service], lookup: &Lookup) -> anyhow::Result<()> {
    for service in services {
        let applied = (service.migrate)(Arc::clone(lookup))
            .with_context(|| format!("migrating {}", service.spec.name))?;
        tracing::info!(
            service = service.spec.name,
            count = applied.len(),
            "migrations applied"
        );
    }
    Ok(())
}

/// Ctrl-C, or SIGTERM (what `docker stop` and systemd send).
async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
}
