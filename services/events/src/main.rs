//! `events [serve]` runs the service with its relay and dispatcher; `events migrate` applies
//! migrations and exits (`lt_service::DomainService::main`).

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    events::SERVICE.main().await
}
