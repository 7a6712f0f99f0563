//! Starting identity for a test and driving it like a client.

use actix_web::dev::ServerHandle;
use identity::{Application, Settings};
use lt_auth::SigningKey;
use lt_test_support::{TestClient, TestDb, TestResponse};
use reqwest::Method;
use serde_json::{Value, json};

pub const ADMIN_PASSWORD: &str = "correct-horse-battery-staple";

pub struct IdentityApp {
    pub client: TestClient,
    pub settings: Settings,
    /// Stops this identity (to show services keep working while it is down).
    pub handle: ServerHandle,
}

pub async fn spawn_identity(db: &TestDb) -> IdentityApp {
    spawn_identity_with(db, |_| {}).await
}

pub async fn spawn_identity_with(db: &TestDb, adjust: impl FnOnce(&mut Settings)) -> IdentityApp {
    let mut settings = Settings::for_tests(db.url.clone(), db.dir.clone());
    settings.bootstrap_admin_password = Some(ADMIN_PASSWORD.into());
    adjust(&mut settings);
    let app = Application::build(settings.clone())
        .await
        .expect("identity starts");
    let client = TestClient::new(app.port());
    let handle = app.handle();
    actix_web::rt::spawn(app.run_until_stopped());
    IdentityApp {
        client,
        settings,
        handle,
    }
}

impl IdentityApp {
    pub async fn login(&self, username: &str, password: &str) -> TestResponse {
        self.client
            .post_json(
                "/api/v1/auth/login",
                &json!({"username": username, "password": password}),
            )
            .await
    }

    pub async fn admin_token(&self) -> String {
        let response = self.login("admin", ADMIN_PASSWORD).await;
        assert_eq!(response.status, 200, "{}", response.text);
        response.json()["access_token"]
            .as_str()
            .expect("token")
            .to_owned()
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> TestResponse {
        let mut request = self
            .client
            .request(method, path)
            .header("Authorization", format!("Bearer {token}"));
        if let Some(body) = body {
            request = request.json(body);
        }
        self.client.send(request).await
    }

    pub async fn create_unit(
        &self,
        token: &str,
        name: &str,
        kind: &str,
        parent: Option<&str>,
    ) -> String {
        let response = self
            .call(
                Method::POST,
                "/api/v1/identity/org-units",
                token,
                Some(&json!({"name": name, "kind": kind, "parent_id": parent})),
            )
            .await;
        assert_eq!(response.status, 201, "{}", response.text);
        response.json()["id"].as_str().expect("id").to_owned()
    }

    pub async fn create_person(
        &self,
        token: &str,
        unit: &str,
        employee_no: &str,
        name: &str,
    ) -> String {
        let body = json!({"employee_no": employee_no, "name": name, "org_unit_id": unit, "rank": "一级主任科员", "birth_year": 1985});
        let response = self
            .call(Method::POST, "/api/v1/identity/people", token, Some(&body))
            .await;
        assert_eq!(response.status, 201, "{}", response.text);
        response.json()["id"].as_str().expect("id").to_owned()
    }

    /// A person with an account whose password is already changed from the initial one;
    /// returns (person id, password).
    pub async fn person_with_password(
        &self,
        admin: &str,
        unit: &str,
        username: &str,
        roles: &[&str],
    ) -> (String, String) {
        let person = self
            .create_person(admin, unit, &format!("E-{username}"), username)
            .await;
        let initial = "initial-password-1";
        let account = self
            .call(
                Method::POST,
                &format!("/api/v1/identity/people/{person}/account"),
                admin,
                Some(&json!({"username": username, "password": initial, "roles": roles})),
            )
            .await;
        assert_eq!(account.status, 201, "{}", account.text);
        let password = format!("{username}-chosen-password");
        let changed = self
            .client
            .post_json(
                "/api/v1/auth/password",
                &json!({"username": username, "current_password": initial, "new_password": password}),
            )
            .await;
        assert_eq!(changed.status, 204, "{}", changed.text);
        (person, password)
    }

    pub async fn person_token(
        &self,
        admin: &str,
        unit: &str,
        username: &str,
        roles: &[&str],
    ) -> (String, String) {
        let (person, password) = self
            .person_with_password(admin, unit, username, roles)
            .await;
        let login = self.login(username, &password).await;
        assert_eq!(login.status, 200, "{}", login.text);
        (
            person,
            login.json()["access_token"]
                .as_str()
                .expect("token")
                .to_owned(),
        )
    }

    /// Creates a service account and returns its secret.
    pub async fn service_account(&self, admin: &str, client_id: &str, scopes: &[&str]) -> String {
        let response = self
            .call(
                Method::POST,
                "/api/v1/identity/service-accounts",
                admin,
                Some(&json!({"client_id": client_id, "name": client_id, "scopes": scopes})),
            )
            .await;
        assert_eq!(response.status, 201, "{}", response.text);
        response.json()["client_secret"]
            .as_str()
            .expect("secret")
            .to_owned()
    }

    pub async fn token_form(&self, form: &[(&str, &str)]) -> TestResponse {
        self.client
            .send(
                self.client
                    .request(Method::POST, "/api/v1/auth/token")
                    .form(form),
            )
            .await
    }

    pub async fn service_token(&self, client_id: &str, secret: &str) -> String {
        let response = self
            .token_form(&[
                ("grant_type", "client_credentials"),
                ("client_id", client_id),
                ("client_secret", secret),
            ])
            .await;
        assert_eq!(response.status, 200, "{}", response.text);
        response.json()["access_token"]
            .as_str()
            .expect("token")
            .to_owned()
    }

    /// Identity's active signing key, read from its key directory.
    pub fn signing_key(&self) -> SigningKey {
        let index: Value = serde_json::from_str(
            &std::fs::read_to_string(self.settings.keys_dir.join("keyring.json"))
                .expect("keyring.json"),
        )
        .expect("index");
        let kid = index["active"].as_str().expect("active kid");
        let pem = std::fs::read_to_string(self.settings.keys_dir.join(format!("{kid}.pem")))
            .expect("pem");
        SigningKey::from_pkcs8_pem(&pem).expect("key")
    }
}
