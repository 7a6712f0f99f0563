//! `contest [serve]` runs the service; `contest migrate` applies migrations and exits;
//! `contest seed …` fills a database with realistic volume for benchmarks
//! (`lt_service::DomainService::main`).

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    contest::SERVICE.main().await
}
