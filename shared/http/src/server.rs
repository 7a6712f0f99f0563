//! Starts a service's HTTP server with the conventions every service shares, so each
//! service's `startup.rs` only says what is its own.

use std::net::TcpListener;

use actix_web::dev::{Server, ServerHandle};
use actix_web::{App, HttpServer, web};
use lt_store::Store;

use crate::conventions::Conventions;
use crate::metrics::Metrics;
use crate::probe::Probes;
use crate::routing::{RouteTable, configure_conventions};
use crate::settings::ServiceSettings;

/// How long a connection may take to send a request's head (then 408).
pub const REQUEST_HEAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// How long a server keeps an idle keep-alive connection: longer than the gateway's pool
/// keeps one (30 s).
pub const KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(75);

/// How a process serves HTTP (a part of [`ServiceSettings`]; the gateway has only this).
#[derive(Clone, Debug)]
pub struct HttpSettings {
    /// Metrics label and log field.
    pub name: &'static str,
    /// Listen address; port 0 picks a free port.
    pub addr: String,
    pub workers: usize,
    pub body_limit: usize,
}

impl ServiceSettings {
    pub fn http(&self) -> HttpSettings {
        HttpSettings {
            name: self.name,
            addr: self.addr.clone(),
            workers: self.workers,
            body_limit: self.body_limit,
        }
    }
}

/// A bound server, not yet polled: what every service's `Application::build` returns.
pub struct Running {
    server: Server,
    port: u16,
    /// Background work that lives as long as the server (e.g. the directory refresh loop).
    companions: Vec<tokio::task::JoinHandle<()>>,
}

impl Running {
    /// The port it listens on (the chosen one when the address said port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle to stop the server from elsewhere.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Ties background work to the server: it is stopped when the server stops.
    pub fn with_companion(mut self, task: tokio::task::JoinHandle<()>) -> Self {
        self.companions.push(task);
        self
    }

    /// Serves until the server is stopped (Ctrl-C, SIGTERM or the handle), then stops its
    /// background work.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let outcome = self.server.await;
        for task in self.companions {
            task.abort();
        }
        outcome
    }
}

/// Binds `settings.addr` and builds a service's server: conventions middleware, health and
/// metrics, the 404/405 default from `routes`, and the service's own `configure`.
/// Returns the server (not yet polled) and the port it listens on.
pub fn serve<F>(
    settings: &ServiceSettings,
    store: Store,
    routes: RouteTable,
    configure: F,
) -> std::io::Result<Running>
where
    F: Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
{
    serve_with(settings, store, routes, Probes::default(), configure)
}

/// Like [`serve`], with background work reported in `/health/ready` and `/metrics`.
pub fn serve_with<F>(
    settings: &ServiceSettings,
    store: Store,
    routes: RouteTable,
    probes: Probes,
    configure: F,
) -> std::io::Result<Running>
where
    F: Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
{
    tracing::info!(service = settings.name, database = %settings.store.url, "database");
    purge_idempotency_keys_hourly(store.clone());
    serve_parts(&settings.http(), Some(store), routes, probes, configure)
}

/// Like [`serve`], for a process with or without a database (the gateway has none: its
/// readiness is its own).
pub fn serve_http<F>(
    settings: &HttpSettings,
    store: Option<Store>,
    routes: RouteTable,
    configure: F,
) -> std::io::Result<Running>
where
    F: Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
{
    serve_parts(settings, store, routes, Probes::default(), configure)
}

fn serve_parts<F>(
    settings: &HttpSettings,
    store: Option<Store>,
    routes: RouteTable,
    probes: Probes,
    configure: F,
) -> std::io::Result<Running>
where
    F: Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
{
    let probes = web::Data::new(probes);
    let listener = TcpListener::bind(&settings.addr)?;
    let port = listener.local_addr()?.port();
    let metrics = Metrics::new(settings.name);
    let store = store.map(web::Data::new);
    let routes = crate::health::operational_routes(routes);
    let body_limit = settings.body_limit;
    let server = HttpServer::new(move || {
        let metrics = metrics.clone();
        let app = App::new()
            .wrap(Conventions::new(metrics.clone()))
            .app_data(web::Data::new(metrics))
            .app_data(probes.clone());
        let app = match &store {
            Some(store) => app.app_data(store.clone()),
            None => app,
        };
        app.configure(|cfg| configure_conventions(cfg, routes.clone(), body_limit))
            .configure(crate::health::configure)
            .configure(configure.clone())
    })
    .workers(settings.workers)
    // Idle keep-alive connections stay open longer than the gateway keeps them in its pool
    // (30 s, `services/gateway`), so the gateway never sends a request on a connection the
    // service is closing at that moment (a spurious 503). As nginx's upstream keepalive
    // wants: the client's idle timeout below the server's.
    .keep_alive(KEEP_ALIVE)
    // Time to receive a request's head after the connection opens. actix's 5 s default
    // answered 408 to the gateway's own connections to a service busy with 200 simultaneous
    // enrolments on 2 cores, and is short for a phone on a weak network; nginx allows 60 s.
    .client_request_timeout(REQUEST_HEAD_TIMEOUT)
    // A response written in several pieces (a page of contest results, a CSV export) must
    // not wait for the peer's delayed ACK (Nagle's algorithm: 40 ms a response on Linux).
    .tcp_nodelay(true)
    .listen(listener)?
    .run();
    tracing::info!(service = settings.name, port, "listening");
    Ok(Running {
        server,
        port,
        companions: Vec::new(),
    })
}

/// Forgets `Idempotency-Key` records past their retention, once an hour, on this process's
/// runtime (every replica may do it; the delete is idempotent).
fn purge_idempotency_keys_hourly(store: Store) {
    actix_web::rt::spawn(async move {
        let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            let purged = store
                .read(|conn| {
                    lt_store::idempotency::purge_expired(conn, lt_store::now_utc())
                        .map_err(lt_store::StoreError::from)
                })
                .await;
            match purged {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "expired idempotency keys purged"),
                Err(error) => tracing::warn!(%error, "purging idempotency keys failed"),
            }
        }
    });
}
