//! The sample service (`tests/sample`) for the platform tests: started on port 0 with a
//! migrated database and without identity (its sessions resource needs no token).

pub use sample_service::{routes, store};

use lt_http::RouteTable;
use lt_http::settings::ServiceSettings;
use lt_store::Store;
use lt_test_support::{TestClient, TestDb};
use utoipa::OpenApi;

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
    let routes = RouteTable::from_openapi(&sample_service::ApiDoc::openapi());
    let running =
        lt_http::server::serve(&settings, store.clone(), routes, sample_service::configure)
            .expect("bind");
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
