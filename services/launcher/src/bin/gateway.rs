//! `gateway`: the platform's entry point, routing to every registered service. Its binary
//! lives with the registry (the gateway library knows no service by name).

use anyhow::Context;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    lt_http::telemetry::init_tracing();
    let specs = learning_tree::registry::specs(learning_tree::registry::SERVICES);
    let settings = gateway::Settings::from_env(&specs).context("reading gateway settings")?;
    Ok(gateway::Application::build(settings)
        .await?
        .run_until_stopped()
        .await?)
}
