//! `cargo run --release`: the whole Learning Tree system in one process.

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    lt_http::telemetry::init_tracing();
    let platform = learning_tree::Platform::start().await?;
    for (service, port) in &platform.ports {
        tracing::info!(
            service,
            url = format!("http://127.0.0.1:{port}"),
            "service ready"
        );
    }
    platform.run_until_stopped().await
}
