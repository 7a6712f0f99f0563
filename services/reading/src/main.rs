//! `reading [serve]` runs the service; `reading migrate` applies migrations and exits;
//! `reading seed …` fills a database with realistic volume for benchmarks
//! (`lt_service::DomainService::main`).

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    reading::SERVICE.main().await
}
