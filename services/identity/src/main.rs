//! `identity [serve]` runs the service; `identity migrate` applies migrations and exits.

use anyhow::Context;
use identity::{Application, Settings};

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    lt_http::telemetry::init_tracing();
    let settings = Settings::from_env().context("reading identity settings")?;
    match std::env::args().nth(1).as_deref() {
        Some("migrate") => {
            let applied = identity::startup::migrate(&settings)?;
            tracing::info!(count = applied.len(), "identity migrations applied");
            Ok(())
        }
        None | Some("serve") => Ok(Application::build(settings)
            .await?
            .run_until_stopped()
            .await?),
        Some(other) => anyhow::bail!("unknown command `{other}`: use `serve` or `migrate`"),
    }
}
