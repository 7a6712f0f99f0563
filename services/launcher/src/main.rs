//! `cargo run --release`: the whole Learning Tree system in one process.
//! `learning-tree openapi` prints the merged OpenAPI document; `learning-tree services` the
//! registry as JSON; `learning-tree migrate` applies every service's migrations.

use learning_tree::registry::SERVICES;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    match std::env::args().nth(1).as_deref() {
        Some("openapi") => {
            print!("{}", learning_tree::openapi::merged_json(SERVICES));
            return Ok(());
        }
        Some("services") => {
            print!("{}", learning_tree::registry::listing_json(SERVICES));
            return Ok(());
        }
        Some("migrate") => {
            lt_http::telemetry::init_tracing();
            return learning_tree::migrate_all(SERVICES, &lt_http::spec::process_env());
        }
        None | Some("serve") => {}
        Some(other) => {
            anyhow::bail!("unknown command `{other}`: use serve, openapi, services or migrate")
        }
    }
    lt_http::telemetry::init_tracing();
    let platform = learning_tree::Platform::start().await?;
    for (service, port) in &platform.ports {
        tracing::info!(service, url = format!("http://127.0.0.1:{port}"), "ready");
    }
    tracing::info!(
        "Learning Tree is up: API http://127.0.0.1:{0}/api/v1, docs http://127.0.0.1:{0}/docs",
        platform.gateway_port()
    );
    platform.run_until_stopped().await
}
