//! Builds and runs the gateway.

use std::time::Duration;

use actix_cors::Cors;
use actix_web::{http, web};
use lt_auth::{Verifier, VerifierSettings};
use lt_http::RouteTable;
use lt_http::server::Running;

use crate::edge::{RateLimit, TokenCheck};
use crate::settings::Settings;
use crate::state::GatewayState;

/// Builds the service; the result is [`Running`].
pub struct Application;

fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            http::header::AUTHORIZATION,
            http::header::CONTENT_TYPE,
            http::header::ACCEPT,
            http::header::ACCEPT_LANGUAGE,
            http::header::IF_MATCH,
            http::header::HeaderName::from_static("idempotency-key"),
            http::header::HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([
            "etag",
            "location",
            "retry-after",
            "x-request-id",
            "idempotent-replayed",
        ])
        .max_age(600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Running> {
        let verifier = Verifier::for_identity(
            settings.identity_url(),
            VerifierSettings::new(&settings.issuer, &settings.audience),
        )
        .map_err(|e| anyhow::anyhow!("token verifier: {e}"))?;
        let merged: utoipa::openapi::OpenApi = serde_json::from_str(crate::docs::MERGED_OPENAPI)?;
        let state = web::Data::new(GatewayState {
            upstreams: settings.upstreams.clone(),
            routes: RouteTable::from_openapi(&merged),
            tokens: TokenCheck::new(verifier),
            limit: RateLimit::new(settings.rate_limit_per_minute),
            body_limit: settings.http.body_limit,
            trusted_proxies: settings.trusted_proxies.clone(),
            upstream_timeout: settings.upstream_timeout,
            probes: crate::upstreams::LastProbes::default(),
        });
        let routes = RouteTable::default()
            .with("/health/upstreams", vec!["GET".into()])
            .with("/openapi.json", vec!["GET".into()])
            .with("/docs", vec!["GET".into()]);
        let (connect_timeout, origins) = (settings.connect_timeout, settings.cors_origins.clone());
        let running = lt_http::server::serve_http(&settings.http, None, routes, move |cfg| {
            // One pooled keep-alive client per worker (awc is not Send).
            let client = awc::Client::builder()
                .connector(
                    awc::Connector::new()
                        .timeout(connect_timeout)
                        // Below the services' idle timeout (lt_http::server::KEEP_ALIVE).
                        .conn_keep_alive(Duration::from_secs(30))
                        .limit(512),
                )
                .disable_redirects()
                .no_default_headers()
                .finish();
            cfg.app_data(state.clone()).app_data(client);
            cfg.service(
                web::scope("")
                    .wrap(cors(&origins))
                    .route(
                        "/health/upstreams",
                        web::get().to(crate::upstreams::upstreams),
                    )
                    .configure(crate::docs::configure)
                    .default_service(web::to(crate::proxy::forward)),
            );
        })?;
        Ok(running)
    }
}
