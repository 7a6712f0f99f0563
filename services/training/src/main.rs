//! `training [serve]` runs the service; `training migrate` applies migrations and exits;
//! `training seed …` fills a database with realistic volume for benchmarks
//! (`lt_service::DomainService::main`).

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    training::SERVICE.main().await
}
