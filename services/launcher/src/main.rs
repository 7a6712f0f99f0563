//! `cargo run --release`: the whole Learning Tree system in one process.
//! `learning-tree openapi` prints the merged OpenAPI document.

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("openapi") {
        print!("{}", learning_tree::openapi::merged_json());
        return Ok(());
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
