//! The one-process launcher behind `cargo run --release`: starts every service of the
//! platform in this process, each on its own port with its own SQLite file under
//! `DATA_DIR`. Production runs the same services as separate binaries instead.

use actix_web::dev::ServerHandle;
use anyhow::Context;
use futures_util::future::try_join_all;

/// The running services.
pub struct Platform {
    /// `(service name, port)` of everything started, in start order.
    pub ports: Vec<(&'static str, u16)>,
    handles: Vec<ServerHandle>,
    servers: Vec<std::pin::Pin<Box<dyn std::future::Future<Output = std::io::Result<()>>>>>,
}

impl Platform {
    /// Builds every service from its settings in the environment (migrating in development).
    pub async fn start() -> anyhow::Result<Self> {
        let identity = identity::Application::build(identity::Settings::from_env()?)
            .await
            .context("starting identity")?;
        let mut platform = Self {
            ports: Vec::new(),
            handles: Vec::new(),
            servers: Vec::new(),
        };
        platform.ports.push((identity::SERVICE, identity.port()));
        platform.handles.push(identity.handle());
        platform
            .servers
            .push(Box::pin(identity.run_until_stopped()));
        Ok(platform)
    }

    /// Handles that stop every service gracefully.
    pub fn handles(&self) -> Vec<ServerHandle> {
        self.handles.clone()
    }

    /// Serves until every service has stopped (Ctrl-C or SIGTERM stops them all).
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        try_join_all(self.servers).await?;
        Ok(())
    }
}
