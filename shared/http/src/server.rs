//! Starts a service's HTTP server with the conventions every service shares, so each
//! service's `startup.rs` only says what is its own.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::{App, HttpServer, web};
use lt_store::Store;

use crate::conventions::Conventions;
use crate::metrics::Metrics;
use crate::routing::{RouteTable, configure_conventions};
use crate::settings::ServiceSettings;

/// Binds `settings.addr` and builds the server: conventions middleware, health and metrics,
/// the 404/405 default from `routes`, and the service's own `configure`.
/// Returns the server (not yet polled) and the port it listens on.
pub fn serve<F>(
    settings: &ServiceSettings,
    store: Store,
    routes: RouteTable,
    configure: F,
) -> std::io::Result<(Server, u16)>
where
    F: Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
{
    let listener = TcpListener::bind(&settings.addr)?;
    let port = listener.local_addr()?.port();
    let metrics = Metrics::new(settings.name);
    let store = web::Data::new(store);
    let routes = crate::health::operational_routes(routes);
    let body_limit = settings.body_limit;
    let server = HttpServer::new(move || {
        let metrics = metrics.clone();
        App::new()
            .wrap(Conventions::new(metrics.clone()))
            .app_data(store.clone())
            .app_data(web::Data::new(metrics))
            .configure(|cfg| configure_conventions(cfg, routes.clone(), body_limit))
            .configure(crate::health::configure)
            .configure(configure.clone())
    })
    .workers(settings.workers)
    .listen(listener)?
    .run();
    tracing::info!(service = settings.name, port, database = %settings.store.url, "listening");
    Ok((server, port))
}
