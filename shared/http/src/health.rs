//! `/health/live`, `/health/ready` and `/metrics`, the same on every service.

use std::time::Duration;

use actix_web::{HttpResponse, web};
use lt_store::Store;
use serde::Serialize;

use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::problem::kinds;
use crate::routing::RouteTable;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    service: &'static str,
}

/// The process is up and serving (restart it if not).
async fn live(metrics: web::Data<Metrics>) -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "live",
        service: metrics.service(),
    })
}

/// The service can do its work: its database (if it has one) answers within two seconds.
async fn ready(
    store: Option<web::Data<Store>>,
    metrics: web::Data<Metrics>,
) -> Result<HttpResponse, ApiError> {
    let ready = || {
        HttpResponse::Ok().json(Health {
            status: "ready",
            service: metrics.service(),
        })
    };
    let Some(store) = store else {
        return Ok(ready());
    };
    match tokio::time::timeout(Duration::from_secs(2), store.ping()).await {
        Ok(Ok(())) => Ok(ready()),
        Ok(Err(error)) => {
            tracing::warn!(%error, "not ready: database check failed");
            Err(ApiError::new(&kinds::NOT_READY).with_detail("database unavailable"))
        }
        Err(_) => Err(ApiError::new(&kinds::NOT_READY).with_detail("database check timed out")),
    }
}

async fn prometheus(store: Option<web::Data<Store>>, metrics: web::Data<Metrics>) -> HttpResponse {
    let gauges = match store {
        Some(store) => {
            let (open, idle) = store.pool_state();
            vec![
                (
                    "db_pool_connections",
                    "Database connections open.",
                    f64::from(open),
                ),
                (
                    "db_pool_idle_connections",
                    "Database connections idle.",
                    f64::from(idle),
                ),
            ]
        }
        None => Vec::new(),
    };
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.render(&gauges))
}

/// Health and metrics routes; needs `web::Data<Metrics>` (and `web::Data<Store>` if any).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/health/live", web::get().to(live))
        .route("/health/ready", web::get().to(ready))
        .route("/metrics", web::get().to(prometheus));
}

/// Adds the health and metrics routes to a route table.
pub fn operational_routes(table: RouteTable) -> RouteTable {
    ["/health/live", "/health/ready", "/metrics"]
        .into_iter()
        .fold(table, |t, path| {
            t.with(path, vec!["GET".into(), "HEAD".into()])
        })
}
