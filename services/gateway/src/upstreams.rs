//! `/health/upstreams`: each service's readiness as the gateway sees it, for the platform's
//! operators: an admin's token or a service account's (a monitoring account), through the
//! rate limit like any request. The answer is at most [`FRESH_FOR`] old: one round of probes
//! serves every caller in that time, so no caller can make the gateway fan out to every
//! service at will. The gateway's own `/health/ready` never depends on them, so one service
//! down never takes the entry point out of a load balancer.

use std::time::{Duration, Instant};

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::future::join_all;
use lt_auth::{INVALID_TOKEN, REALM};
use lt_http::ApiError;
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use utoipa::ToSchema;

use crate::proxy::admit;
use crate::state::GatewayState;

/// How long one round of probes answers every caller.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct UpstreamHealth {
    pub service: String,
    /// `up` when its `/health/ready` answered 200 within a second, else `down`.
    pub status: String,
    /// HTTP status of the readiness answer, when there was one.
    pub http_status: Option<u16>,
    pub latency_ms: u64,
}

/// The last round of probes, shared by the gateway's workers.
#[derive(Default)]
pub struct LastProbes(Mutex<Option<(Instant, Vec<UpstreamHealth>)>>);

pub async fn upstreams(
    req: HttpRequest,
    state: web::Data<GatewayState>,
) -> Result<HttpResponse, ApiError> {
    match admit(&req, &state).await?.bearer {
        None => {
            return Err(ApiError::new(&INVALID_TOKEN).with_header(
                header::WWW_AUTHENTICATE,
                format!("Bearer realm=\"{REALM}\""),
            ));
        }
        Some(bearer) if !bearer.monitors => {
            return Err(
                ApiError::forbidden().with_detail("for admins and service accounts (monitoring)")
            );
        }
        Some(_) => {}
    }
    let client = req
        .app_data::<awc::Client>()
        .ok_or_else(|| ApiError::Unexpected(anyhow::anyhow!("no HTTP client on this worker")))?;
    // Held while probing: callers meanwhile wait for this round instead of starting theirs.
    let mut last = state.probes.0.lock().await;
    if let Some((at, health)) = last.as_ref()
        && at.elapsed() < FRESH_FOR
    {
        return Ok(HttpResponse::Ok().json(health));
    }
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
    let health = join_all(probes).await;
    *last = Some((Instant::now(), health.clone()));
    Ok(HttpResponse::Ok().json(health))
}
