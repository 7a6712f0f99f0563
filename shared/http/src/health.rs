//! `/health/live`, `/health/ready` and `/metrics`, the same on every service.

use std::time::Duration;

use actix_web::{HttpResponse, web};
use lt_store::Store;
use serde::Serialize;

use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::probe::Probes;
use crate::problem::kinds;
use crate::routing::RouteTable;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    service: &'static str,
    /// State of each registered probe (e.g. `directory`), by name.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    checks: serde_json::Map<String, serde_json::Value>,
}

/// The process is up and serving (restart it if not).
async fn live(metrics: web::Data<Metrics>) -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "live",
        service: metrics.service(),
        checks: serde_json::Map::new(),
    })
}

/// The service can do its work: its database (if it has one) answers within two seconds and
/// every registered probe is ready. The body details each probe's state.
async fn ready(
    store: Option<web::Data<Store>>,
    metrics: web::Data<Metrics>,
    probes: Option<web::Data<Probes>>,
) -> Result<HttpResponse, ApiError> {
    let mut checks = serde_json::Map::new();
    let mut unready = Vec::new();
    for probe in probes.iter().flat_map(|p| p.0.iter()) {
        let check = probe.check();
        if !check.ready {
            let state = check
                .detail
                .get("state")
                .and_then(|s| s.as_str())
                .unwrap_or("not ready");
            unready.push(format!("{} ({state})", probe.name()));
        }
        let mut detail = match check.detail {
            serde_json::Value::Object(map) => map,
            other => serde_json::Map::from_iter([("detail".to_owned(), other)]),
        };
        detail.insert("ready".into(), check.ready.into());
        checks.insert(probe.name().to_owned(), detail.into());
    }
    let ready = move || -> Result<HttpResponse, ApiError> {
        if !unready.is_empty() {
            return Err(ApiError::new(&kinds::NOT_READY)
                .with_detail(format!("not ready: {}", unready.join(", "))));
        }
        Ok(HttpResponse::Ok().json(Health {
            status: "ready",
            service: metrics.service(),
            checks,
        }))
    };
    let Some(store) = store else {
        return ready();
    };
    match tokio::time::timeout(Duration::from_secs(2), store.ping()).await {
        Ok(Ok(())) => ready(),
        Ok(Err(error)) => {
            tracing::warn!(%error, "not ready: database check failed");
            Err(ApiError::new(&kinds::NOT_READY).with_detail("database unavailable"))
        }
        Err(_) => Err(ApiError::new(&kinds::NOT_READY).with_detail("database check timed out")),
    }
}

async fn prometheus(
    store: Option<web::Data<Store>>,
    metrics: web::Data<Metrics>,
    probes: Option<web::Data<Probes>>,
) -> HttpResponse {
    let mut gauges = match store {
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
    gauges.extend(
        probes
            .iter()
            .flat_map(|p| p.0.iter())
            .flat_map(|p| p.gauges()),
    );
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
