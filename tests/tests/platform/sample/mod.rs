//! A sample service built exactly like the real ones (lt-store + lt-http), used to test the
//! platform's conventions end to end on both backends.

pub mod routes;
pub mod store;

use lt_http::RouteTable;
use lt_http::settings::ServiceSettings;
use lt_store::Store;
use lt_test_support::{TestClient, TestDb};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(
    routes::create,
    routes::read,
    routes::update,
    routes::delete,
    routes::list,
    routes::changes,
    routes::take_a_seat
))]
pub struct SampleApi;

pub struct SampleApp {
    pub client: TestClient,
    pub store: Store,
}

/// Starts the sample service on port 0 with a migrated database.
pub async fn spawn(db: &TestDb) -> SampleApp {
    spawn_with(db, |_| {}).await
}

pub async fn spawn_with(db: &TestDb, adjust: impl FnOnce(&mut ServiceSettings)) -> SampleApp {
    let mut settings = ServiceSettings::for_tests("sample", db.url.clone(), db.dir.clone());
    adjust(&mut settings);
    let store = open_store(&settings);
    let routes = RouteTable::from_openapi(&SampleApi::openapi());
    let running =
        lt_http::server::serve(&settings, store.clone(), routes, routes::configure).expect("bind");
    let port = running.port();
    actix_web::rt::spawn(running.run_until_stopped());
    SampleApp {
        client: TestClient::new(port),
        store,
    }
}

/// A migrated store for `settings`.
pub fn open_store(settings: &ServiceSettings) -> Store {
    let store = Store::open(&settings.store).expect("open store");
    store.migrate(&[&store::MIGRATIONS]).expect("migrate");
    store
}

/// A migrated store on `db` with test defaults.
pub fn store_on(db: &TestDb) -> Store {
    open_store(&ServiceSettings::for_tests(
        "sample",
        db.url.clone(),
        db.dir.clone(),
    ))
}
