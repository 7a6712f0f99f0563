//! `gateway`: the platform's entry point.

use anyhow::Context;
use gateway::{Application, Settings};

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    lt_http::telemetry::init_tracing();
    let settings = Settings::from_env().context("reading gateway settings")?;
    Ok(Application::build(settings)
        .await?
        .run_until_stopped()
        .await?)
}
