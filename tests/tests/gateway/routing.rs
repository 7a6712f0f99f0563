//! The gateway in front of identity and a stub service: routing, edge token checks,
//! propagation, limits, CORS, and clear answers when a service is down or slow.

use std::time::{Duration, Instant};

use actix_web::{HttpRequest, HttpResponse, web};
use gateway::settings::Upstream;
use lt_http::RouteTable;
use lt_http::server::{HttpSettings, serve_http};
use lt_test_support::{TestClient, TestDb, on_both_backends};
use reqwest::Method;
use serde_json::json;

use learning_tree_tests::identity::{
    ADMIN_PASSWORD, IdentityApp, spawn_identity, spawn_identity_with,
};

/// A stand-in "training" service: echoes the headers it received, or answers slowly.
pub(crate) fn spawn_stub() -> String {
    async fn echo(req: HttpRequest) -> HttpResponse {
        let headers: serde_json::Map<String, serde_json::Value> = req
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), json!(v.to_str().unwrap_or_default())))
            .collect();
        HttpResponse::Ok().json(json!({"path": req.uri().to_string(), "headers": headers}))
    }
    async fn slow() -> HttpResponse {
        actix_web::rt::time::sleep(Duration::from_secs(4)).await;
        HttpResponse::Ok().finish()
    }
    let settings = HttpSettings {
        name: "stub",
        addr: "127.0.0.1:0".into(),
        workers: 1,
        body_limit: 1 << 20,
    };
    let running = serve_http(&settings, None, RouteTable::default(), |cfg| {
        cfg.route("/api/v1/training/echo", web::get().to(echo))
            .route("/api/v1/training/slow", web::get().to(slow));
    })
    .expect("stub binds");
    let port = running.port();
    actix_web::rt::spawn(running.run_until_stopped());
    format!("http://127.0.0.1:{port}")
}

pub(crate) async fn spawn_gateway(
    identity: &IdentityApp,
    adjust: impl FnOnce(&mut gateway::Settings),
) -> TestClient {
    let mut settings = gateway::Settings::for_tests(&[(&identity::SPEC, &identity.client.base)]);
    settings.upstreams.push(Upstream {
        name: "training",
        base_url: spawn_stub(),
        prefixes: vec!["/api/v1/training/"],
    });
    adjust(&mut settings);
    let app = gateway::Application::build(settings)
        .await
        .expect("gateway starts");
    let client = TestClient::new(app.port());
    actix_web::rt::spawn(app.run_until_stopped());
    client
}

pub(crate) async fn login(gateway: &TestClient) -> String {
    let response = gateway
        .post_json(
            "/api/v1/auth/login",
            &json!({"username": "admin", "password": ADMIN_PASSWORD}),
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.text);
    response.json()["access_token"]
        .as_str()
        .expect("token")
        .to_owned()
}

pub(crate) async fn get(
    gateway: &TestClient,
    path: &str,
    token: Option<&str>,
) -> lt_test_support::TestResponse {
    let mut request = gateway.request(Method::GET, path);
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    gateway.send(request).await
}

on_both_backends! {
    async fn routes_to_identity_and_refuses_invalid_tokens_at_the_edge(db: TestDb) {
        let identity = spawn_identity(&db).await;
        let gateway = spawn_gateway(&identity, |_| {}).await;
        let token = login(&gateway).await;
        let me = get(&gateway, "/api/v1/auth/me", Some(&token)).await;
        assert_eq!(me.status, 200, "{}", me.text);
        assert_eq!(me.json()["username"], "admin");
        assert_eq!(gateway.get("/.well-known/jwks.json").await.json()["keys"].as_array().map(Vec::len), Some(1));

        let forged = get(&gateway, "/api/v1/training/echo", Some("forged.token.value")).await;
        assert_eq!((forged.status.as_u16(), forged.problem_code().as_str()), (401, "invalid_token"));
        assert!(forged.header("www-authenticate").unwrap_or_default().contains("invalid_token"));
        let expired_at_identity = identity.client.get("/metrics").await.text;
        assert!(!expired_at_identity.contains("route=\"/api/v1/auth/me\",status=\"401\""), "identity never saw a bad token");
        let bad_at_me = get(&gateway, "/api/v1/auth/me", Some(&format!("{token}x"))).await;
        assert_eq!(bad_at_me.problem_code(), "invalid_token");
        let metrics = identity.client.get("/metrics").await.text;
        assert!(!metrics.contains("route=\"/api/v1/auth/me\",status=\"401\""), "refused at the edge: {metrics}");

        let anonymous = get(&gateway, "/api/v1/training/echo", None).await;
        assert_eq!(anonymous.status, 200, "no token passes on; the service decides");
        let unknown = gateway.get("/api/v1/nowhere/at-all").await;
        assert_eq!((unknown.status.as_u16(), unknown.problem_code().as_str()), (404, "route_not_found"));
        assert_eq!(gateway.get("/health/ready").await.status, 200);
        let gateway_metrics = gateway.get("/metrics").await.text;
        assert!(gateway_metrics.contains("route=\"/api/v1/auth/me\",status=\"200\""), "{gateway_metrics}");
    }
}

#[actix_web::test]
async fn request_ids_trace_context_and_forwarded_reach_the_service() {
    let db = TestDb::sqlite();
    let identity = spawn_identity(&db).await;
    let gateway = spawn_gateway(&identity, |_| {}).await;
    let trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    let echoed = gateway
        .send(
            gateway
                .request(Method::GET, "/api/v1/training/echo?x=1")
                .header("X-Request-Id", "oa-42")
                .header("traceparent", trace),
        )
        .await;
    assert_eq!(echoed.status, 200);
    let seen = echoed.json();
    assert_eq!(
        seen["path"], "/api/v1/training/echo?x=1",
        "path and query forwarded unchanged"
    );
    assert_eq!(seen["headers"]["x-request-id"], "oa-42");
    assert_eq!(echoed.header("x-request-id"), Some("oa-42"));
    assert_eq!(seen["headers"]["traceparent"], trace);
    assert!(
        seen["headers"]["forwarded"]
            .as_str()
            .unwrap_or_default()
            .starts_with("for=127.0.0.1;proto=http"),
        "{seen}"
    );
    assert_eq!(
        seen["headers"]["x-forwarded-for"], "127.0.0.1",
        "an untrusted peer's X-Forwarded-For is not passed on"
    );
    assert!(
        !seen["headers"]["forwarded"]
            .as_str()
            .unwrap_or_default()
            .contains("203.0.113"),
        "nothing smuggled: {seen}"
    );
    let fresh = gateway.get("/api/v1/training/echo").await.json();
    let made = fresh["headers"]["traceparent"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        made.len() == 55 && made.starts_with("00-"),
        "a new trace when none came: {made}"
    );
}

#[actix_web::test]
async fn a_stopped_service_answers_503_quickly_others_keep_answering_and_it_recovers() {
    let db = TestDb::sqlite();
    let identity = spawn_identity(&db).await;
    let port = identity
        .client
        .base
        .rsplit(':')
        .next()
        .and_then(|p| p.parse::<u16>().ok())
        .expect("port");
    let gateway = spawn_gateway(&identity, |_| {}).await;
    let admin = login(&gateway).await;
    // Verified once while identity is up (its keys are then cached), the operator's token
    // still reads the health of the upstreams when identity is down.
    let health = gateway
        .request(Method::GET, "/health/upstreams")
        .header("Authorization", format!("Bearer {admin}"));
    assert_eq!(gateway.send(health).await.status, 200);

    identity.handle.stop(true).await;
    let started = Instant::now();
    let down = gateway
        .post_json(
            "/api/v1/auth/login",
            &json!({"username": "admin", "password": ADMIN_PASSWORD}),
        )
        .await;
    assert_eq!(
        (down.status.as_u16(), down.problem_code().as_str()),
        (503, "service_unavailable"),
        "{}",
        down.text
    );
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "within a second: {:?}",
        started.elapsed()
    );
    assert!(down.header("retry-after").is_some());
    assert_eq!(
        gateway.get("/api/v1/training/echo").await.status,
        200,
        "the other service still answers"
    );
    assert_eq!(
        gateway.get("/health/ready").await.status,
        200,
        "the gateway itself stays ready"
    );
    // The health answer is at most a second old (`gateway::upstreams::FRESH_FOR`).
    let mut identity_state = json!(null);
    for _ in 0..30 {
        let request = gateway
            .request(Method::GET, "/health/upstreams")
            .header("Authorization", format!("Bearer {admin}"));
        let upstreams = gateway.send(request).await.json();
        identity_state = upstreams
            .as_array()
            .expect("list")
            .iter()
            .find(|u| u["service"] == "identity")
            .cloned()
            .expect("identity");
        if identity_state["status"] == "down" {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(identity_state["status"], "down");

    let restarted =
        spawn_identity_with(&db, |s| s.service.addr = format!("127.0.0.1:{port}")).await;
    assert!(restarted.client.base.ends_with(&port.to_string()));
    assert!(
        !login(&gateway).await.is_empty(),
        "recovered without restarting the gateway"
    );
}
