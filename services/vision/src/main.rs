//! `vision [serve]` runs the service; `vision migrate` applies migrations and exits;
//! `vision seed …` fills a database with realistic volume for benchmarks
//! (`lt_service::DomainService::main`).

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    vision::SERVICE.main().await
}
