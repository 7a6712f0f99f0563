//! `programme [serve]` runs the service; `programme migrate` applies migrations and exits
//! (`lt_service::DomainService::main`).

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    programme::SERVICE.main().await
}
