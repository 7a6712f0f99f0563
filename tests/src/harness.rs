//! A domain service behind the gateway, with identity, as `cargo run` starts them; people
//! made in identity and signed in with tokens signed by identity's own key. Each service's
//! test support wraps a [`Harness`] and adds its own helpers.

use std::time::Duration;

use chrono::{DateTime, Utc};
use lt_auth::{SigningKey, TokenSigner};
use lt_test_support::{TestDb, TestResponse};
use reqwest::Method;
use serde_json::{Value, json};

use crate::system::{TestPlatform, identity_service, start_platform};

/// Identity and some services, with the gateway in front, and the admin's token.
pub struct Harness {
    pub platform: TestPlatform,
    pub admin: String,
    signer: TokenSigner,
}

/// A person the tests act as.
#[derive(Clone, Debug)]
pub struct Someone {
    pub id: String,
    pub token: String,
}

/// Identity and the registered service `name`.
pub fn with_identity(name: &str) -> [learning_tree::registry::Service; 2] {
    let service = learning_tree::registry::SERVICES
        .iter()
        .find(|s| s.spec.name == name)
        .copied()
        .unwrap_or_else(|| panic!("{name} is not registered"));
    [identity_service(), service]
}

impl Harness {
    /// Takes `table` of `service`'s database away (renamed, on either backend), so that the
    /// next query of it fails as an outage would: for tests that a store failure keeps its own
    /// answer and is never mistaken for the client's unknown reference. [`Self::mend_table`]
    /// puts it back.
    pub async fn break_table(&self, service: &str, table: &str) {
        self.rename_table(service, table, &format!("{table}_gone"))
            .await;
    }

    pub async fn mend_table(&self, service: &str, table: &str) {
        self.rename_table(service, &format!("{table}_gone"), table)
            .await;
    }

    async fn rename_table(&self, service: &str, from: &str, to: &str) {
        use diesel::RunQueryDsl;
        let sql = format!("ALTER TABLE {from} RENAME TO {to}");
        self.platform
            .store_of(service)
            .write(move |tx| -> Result<(), lt_store::StoreError> {
                diesel::sql_query(sql).execute(tx.conn())?;
                Ok(())
            })
            .await
            .expect("the table renamed");
    }

    /// Starts identity and `name` (directory copies refresh every second, so tests that move
    /// people wait briefly) and waits until the gateway sees both up.
    pub async fn start(name: &str, db: TestDb) -> Self {
        Self::start_services(&with_identity(name), db, name).await
    }

    /// Starts `services` (identity first), as [`Self::start`] does for one.
    pub async fn start_services(
        services: &[learning_tree::registry::Service],
        db: TestDb,
        name: &str,
    ) -> Self {
        Self::start_services_with(services, db, name, &[]).await
    }

    /// [`Self::start_services`] with settings `extra` on top of the test defaults.
    pub async fn start_services_with(
        services: &[learning_tree::registry::Service],
        db: TestDb,
        name: &str,
        extra: &[(&str, &str)],
    ) -> Self {
        // `RUST_LOG=error cargo test …` shows the services' logs of a failing test.
        if std::env::var("RUST_LOG").is_ok() {
            lt_http::telemetry::init_tracing();
        }
        let keys = db.dir.join("keys").join("identity");
        let mut settings = vec![("DIRECTORY_REFRESH_SECONDS", "1")];
        settings.extend_from_slice(extra);
        let platform = start_platform(services, db, &settings).await;
        let admin = platform.admin_token().await;
        // Identity's signing key, as `identity keys rotate` made it (development: on first start).
        let index: Value = serde_json::from_str(
            &std::fs::read_to_string(keys.join("keyring.json")).expect("keyring.json"),
        )
        .expect("index");
        let kid = index["active"].as_str().expect("active kid");
        let pem = std::fs::read_to_string(keys.join(format!("{kid}.pem"))).expect("pem");
        let signer = TokenSigner::new(
            SigningKey::from_pkcs8_pem(&pem).expect("key"),
            "learning-tree-identity",
            "learning-tree",
        );
        let harness = Self {
            platform,
            admin,
            signer,
        };
        harness.wait_until_ready(name).await;
        harness
    }

    async fn wait_until_ready(&self, name: &str) {
        for _ in 0..200 {
            let request = self
                .platform
                .gateway
                .request(Method::GET, "/health/upstreams")
                .header("Authorization", format!("Bearer {}", self.admin));
            let upstreams = self.platform.gateway.send(request).await.json();
            if upstreams
                .as_array()
                .is_some_and(|all| all.iter().all(|u| u["status"] == "up"))
            {
                return;
            }
            actix_web::rt::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("{name} never became ready");
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> TestResponse {
        self.platform.call(method, path, token, body).await
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> TestResponse {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn get(&self, path: &str, token: &str) -> TestResponse {
        self.call(Method::GET, path, token, None).await
    }

    /// A request with `If-Match` set to the record's current ETag.
    pub async fn update(
        &self,
        method: Method,
        path: &str,
        read_path: &str,
        token: &str,
        body: &Value,
    ) -> TestResponse {
        let current = self.get(read_path, token).await;
        let tag = current.header("etag").unwrap_or("\"0\"").to_owned();
        let request = self
            .platform
            .gateway
            .request(method, path)
            .header("Authorization", format!("Bearer {token}"))
            .header("If-Match", tag)
            .json(body);
        self.platform.gateway.send(request).await
    }

    pub async fn unit(&self, name: &str, parent: Option<&str>) -> String {
        let made = self
            .post(
                "/api/v1/identity/org-units",
                &self.admin,
                &json!({"name": name, "kind": "department", "parent_id": parent}),
            )
            .await;
        assert_eq!(made.status, 201, "{}", made.text);
        made.json()["id"].as_str().expect("id").to_owned()
    }

    /// A person in `unit` with `rank` (held since `rank_from`) and the given roles and
    /// provider, signed in with a token identity's key signed.
    #[allow(clippy::too_many_arguments)]
    pub async fn person_with(
        &self,
        unit: &str,
        name: &str,
        rank: &str,
        rank_from: &str,
        roles: &[&str],
        provider: Option<&str>,
        birth_year: i32,
    ) -> Someone {
        self.scoped_person(unit, name, rank, rank_from, roles, provider, birth_year, "")
            .await
    }

    /// As [`Harness::person_with`], with a token that also carries `scope` (space-separated).
    #[allow(clippy::too_many_arguments)]
    pub async fn scoped_person(
        &self,
        unit: &str,
        name: &str,
        rank: &str,
        rank_from: &str,
        roles: &[&str],
        provider: Option<&str>,
        birth_year: i32,
        scope: &str,
    ) -> Someone {
        let number = format!("E{}", uuid::Uuid::new_v4().simple());
        let made = self
            .post("/api/v1/identity/people", &self.admin, &json!({
                "employee_no": &number[..20], "name": name, "org_unit_id": unit, "rank": rank,
                "rank_effective_from": rank_from, "birth_year": birth_year, "provider": provider,
            }))
            .await;
        assert_eq!(made.status, 201, "{}", made.text);
        let id = made.json()["id"].as_str().expect("id").to_owned();
        let claims = self.signer.claims_for(
            id.clone(),
            Some(name.to_owned()),
            Some(unit.to_owned()),
            roles.iter().map(|r| (*r).to_owned()).collect(),
            scope,
            "mobile",
            Duration::from_secs(900),
        );
        Someone {
            id,
            token: self.signer.sign(&claims).expect("token"),
        }
    }

    pub async fn cadre(&self, unit: &str, name: &str) -> Someone {
        self.person_with(
            unit,
            name,
            "一级主任科员",
            "2020-01-01",
            &["cadre"],
            None,
            1985,
        )
        .await
    }

    pub async fn organiser(&self, unit: &str, name: &str, provider: &str) -> Someone {
        self.person_with(
            unit,
            name,
            "二级主任科员",
            "2020-01-01",
            &["organiser", "cadre"],
            Some(provider),
            1980,
        )
        .await
    }

    pub async fn coordinator(&self, unit: &str, name: &str) -> Someone {
        self.person_with(
            unit,
            name,
            "副处级",
            "2020-01-01",
            &["coordinator", "cadre"],
            None,
            1975,
        )
        .await
    }

    /// A service account with `scopes`; its token.
    pub async fn service(&self, client_id: &str, scopes: &[&str]) -> String {
        let made = self
            .post(
                "/api/v1/identity/service-accounts",
                &self.admin,
                &json!({"client_id": client_id, "name": client_id, "scopes": scopes}),
            )
            .await;
        assert_eq!(made.status, 201, "{}", made.text);
        let secret = made.json()["client_secret"]
            .as_str()
            .expect("secret")
            .to_owned();
        let request = self
            .platform
            .gateway
            .request(Method::POST, "/api/v1/auth/token")
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", client_id),
                ("client_secret", secret.as_str()),
            ]);
        let token = self.platform.gateway.send(request).await;
        assert_eq!(token.status, 200, "{}", token.text);
        token.json()["access_token"]
            .as_str()
            .expect("token")
            .to_owned()
    }
}

/// Now plus `minutes` (negative: in the past).
pub fn minutes(minutes: i64) -> DateTime<Utc> {
    Utc::now() + chrono::Duration::minutes(minutes)
}
