//! `/health/upstreams`: each service's readiness as the gateway sees it. The gateway's own
//! `/health/ready` never depends on them, so one service down never takes the entry point
//! out of a load balancer.

use std::time::{Duration, Instant};

use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::future::join_all;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::state::GatewayState;

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct UpstreamHealth {
    pub service: String,
    /// `up` when its `/health/ready` answered 200 within a second, else `down`.
    pub status: String,
    /// HTTP status of the readiness answer, when there was one.
    pub http_status: Option<u16>,
    pub latency_ms: u64,
}

pub async fn upstreams(req: HttpRequest, state: web::Data<GatewayState>) -> HttpResponse {
    let Some(client) = req.app_data::<awc::Client>() else {
        return HttpResponse::InternalServerError().finish();
    };
    let probes = state.upstreams.iter().map(|upstream| {
        let started = Instant::now();
        let probe = client
            .get(format!("{}/health/ready", upstream.base_url))
            .timeout(Duration::from_secs(1))
            .send();
        async move {
            let answer = probe.await.ok().map(|r| r.status().as_u16());
            UpstreamHealth {
                service: upstream.name.to_owned(),
                status: if answer == Some(200) { "up" } else { "down" }.to_owned(),
                http_status: answer,
                latency_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            }
        }
    });
    HttpResponse::Ok().json(join_all(probes).await)
}
