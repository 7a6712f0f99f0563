//! Starting services together as the launcher does, for a test: each registered service
//! with its own database (an SQLite file each, or a PostgreSQL database each), port 0
//! everywhere, a bootstrap admin, and the gateway in front.

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::dev::ServerHandle;
use learning_tree::Platform;
use learning_tree::registry::Service;
use lt_store::DatabaseUrl;
use lt_test_support::{TestClient, TestDb, TestResponse};
use reqwest::Method;
use serde_json::{Value, json};
use utoipa::OpenApi;

use crate::identity::ADMIN_PASSWORD;

/// The sample service (`tests/sample`), registered exactly as a real service is.
pub const SAMPLE: Service = Service {
    spec: &sample_service::SPEC,
    openapi: sample_service::ApiDoc::openapi,
    start: |lookup| Box::pin(sample_service::SERVICE.start(lookup)),
    migrate: |lookup| sample_service::SERVICE.migrate(lookup),
};

/// The identity entry of the real registry.
pub fn identity_service() -> Service {
    learning_tree::registry::SERVICES[0]
}

/// A running platform: its gateway, each service's port, and the databases behind them.
pub struct TestPlatform {
    /// The gateway, as clients reach the platform.
    pub gateway: TestClient,
    pub ports: Vec<(&'static str, u16)>,
    /// Each service's database, by name.
    pub databases: Vec<(&'static str, DatabaseUrl)>,
    handles: Vec<ServerHandle>,
    /// Kept alive for the test (removed when dropped).
    _databases: Vec<TestDb>,
}

fn url_text(url: &DatabaseUrl) -> String {
    match url {
        DatabaseUrl::Postgres(url) => url.clone(),
        DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
    }
}

/// Starts `services` (identity first) and the gateway, as `cargo run` does, with settings
/// `extra` on top of the test defaults.
pub async fn start_platform(
    services: &[Service],
    db: TestDb,
    extra: &[(&str, &str)],
) -> TestPlatform {
    let mut settings: HashMap<String, String> = HashMap::from([
        ("DATA_DIR".into(), db.dir.display().to_string()),
        ("GATEWAY_ADDR".into(), "127.0.0.1:0".into()),
        ("HTTP_WORKERS".into(), "1".into()),
        ("DB_MAX_CONNECTIONS".into(), "6".into()),
        ("BOOTSTRAP_ADMIN_PASSWORD".into(), ADMIN_PASSWORD.into()),
        ("IDENTITY_PASSWORD_HASH".into(), "fast".into()),
        ("GATEWAY_RATE_LIMIT_PER_MINUTE".into(), "1000000".into()),
    ]);
    let mut databases = vec![db];
    let mut urls = Vec::new();
    for (i, service) in services.iter().enumerate() {
        if i > 0 {
            let sibling = databases[0].sibling();
            databases.push(sibling);
        }
        let url = url_text(&databases[i].url);
        let url = match &databases[i].url {
            // One file each, named after the service, in the test's scratch directory.
            DatabaseUrl::Sqlite(_) => format!(
                "sqlite://{}/{}.db",
                databases[0].dir.display(),
                service.spec.name
            ),
            DatabaseUrl::Postgres(_) => url,
        };
        urls.push((
            service.spec.name,
            DatabaseUrl::parse(&url).expect("a database URL"),
        ));
        settings.insert(service.spec.database_variable(), url);
        settings.insert(service.spec.addr_variable(), "127.0.0.1:0".into());
    }
    for (key, value) in extra {
        settings.insert((*key).to_owned(), (*value).to_owned());
    }
    let lookup: lt_http::spec::Lookup = Arc::new(move |key| settings.get(key).cloned());
    let platform = Platform::start_with(services, lookup)
        .await
        .expect("the platform starts");
    let gateway = TestClient::new(platform.gateway_port());
    let (ports, handles) = (platform.ports.clone(), platform.handles());
    actix_web::rt::spawn(platform.run_until_stopped());
    TestPlatform {
        gateway,
        ports,
        databases: urls,
        handles,
        _databases: databases,
    }
}

impl TestPlatform {
    pub fn port_of(&self, name: &str) -> u16 {
        self.ports
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, p)| *p)
            .unwrap_or_else(|| panic!("{name} is not running"))
    }

    /// A client talking to service `name` directly, bypassing the gateway.
    pub fn direct(&self, name: &str) -> TestClient {
        TestClient::new(self.port_of(name))
    }

    /// A store on service `name`'s database (to look at what tests cannot see over HTTP,
    /// such as the outbox).
    pub fn store_of(&self, name: &str) -> lt_store::Store {
        let url = self
            .databases
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, url)| url.clone())
            .unwrap_or_else(|| panic!("{name} has no database"));
        lt_store::Store::open(&lt_store::StoreSettings::new(url)).expect("store")
    }

    /// The kinds of the events in service `name`'s outbox, oldest first.
    pub async fn events(&self, name: &str) -> Vec<(String, Value)> {
        let store = self.store_of(name);
        store
            .read(|conn| -> Result<_, lt_store::StoreError> {
                Ok(lt_store::pending_events(conn, 100_000)?)
            })
            .await
            .expect("outbox")
            .into_iter()
            .map(|e| {
                (
                    e.kind,
                    serde_json::from_str(&e.payload).unwrap_or(Value::Null),
                )
            })
            .collect()
    }

    /// Stops service `name` (as an outage would), leaving the others running.
    pub async fn stop_service(&self, name: &str) {
        let index = self
            .ports
            .iter()
            .position(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{name} is not running"));
        self.handles[index].stop(false).await;
    }

    /// Stops every service.
    pub async fn stop(&self) {
        for handle in &self.handles {
            handle.stop(true).await;
        }
    }

    /// Signs in through the gateway; the access token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let response = self
            .gateway
            .post_json(
                "/api/v1/auth/login",
                &json!({"username": username, "password": password}),
            )
            .await;
        assert_eq!(response.status, 200, "{}", response.text);
        response.json()["access_token"]
            .as_str()
            .expect("token")
            .to_owned()
    }

    pub async fn admin_token(&self) -> String {
        self.login("admin", ADMIN_PASSWORD).await
    }

    /// A request through the gateway with a token and an optional JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> TestResponse {
        let mut request = self
            .gateway
            .request(method, path)
            .header("Authorization", format!("Bearer {token}"));
        if let Some(body) = body {
            request = request.json(body);
        }
        self.gateway.send(request).await
    }
}
