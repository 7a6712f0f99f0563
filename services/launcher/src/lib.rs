//! The one-process launcher behind `cargo run --release`: starts every service and the
//! gateway in this process, each on its own port with its own SQLite file under `DATA_DIR`.
//! Production runs the same services as separate binaries instead (see docker-compose.yml).

pub mod openapi;

use actix_web::dev::ServerHandle;
use anyhow::Context;
use futures_util::future::try_join_all;

type Running = std::pin::Pin<Box<dyn std::future::Future<Output = std::io::Result<()>>>>;

/// The running services.
pub struct Platform {
    /// `(name, port)` of everything started, in start order; the gateway last.
    pub ports: Vec<(&'static str, u16)>,
    handles: Vec<ServerHandle>,
    servers: Vec<Running>,
}

impl Platform {
    /// Builds every service from its settings (migrating in development), then the gateway
    /// pointed at them.
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_with(|key| std::env::var(key).ok()).await
    }

    /// Like [`Platform::start`], reading settings through `lookup`.
    pub async fn start_with(
        lookup: impl Fn(&str) -> Option<String> + Clone,
    ) -> anyhow::Result<Self> {
        let identity =
            identity::Application::build(identity::Settings::from_lookup(lookup.clone())?)
                .await
                .context("starting identity")?;
        let identity_port = identity.port();
        let gateway_lookup = move |key: &str| match key {
            // In one process the gateway talks to the identity it just started.
            "IDENTITY_URL" => {
                lookup(key).or_else(|| Some(format!("http://127.0.0.1:{identity_port}")))
            }
            _ => lookup(key),
        };
        let gateway = gateway::Application::build(gateway::Settings::from_lookup(gateway_lookup)?)
            .await
            .context("starting the gateway")?;
        Ok(Self {
            ports: vec![
                (identity::SERVICE, identity_port),
                ("gateway", gateway.port()),
            ],
            handles: vec![identity.handle(), gateway.handle()],
            servers: vec![
                Box::pin(identity.run_until_stopped()),
                Box::pin(gateway.run_until_stopped()),
            ],
        })
    }

    /// The gateway's port.
    pub fn gateway_port(&self) -> u16 {
        self.ports.last().map_or(0, |(_, port)| *port)
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
