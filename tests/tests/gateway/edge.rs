//! The gateway's edge under strain: slow, broken and garbage-answering services, rate and
//! body limits, CORS, login throttling by client address.

use std::time::{Duration, Instant};

use gateway::settings::Upstream;
use lt_test_support::TestDb;
use reqwest::Method;
use serde_json::json;

use learning_tree_tests::identity::spawn_identity;

use super::routing::spawn_gateway;

#[actix_web::test]
async fn a_slow_service_answers_504_near_the_timeout() {
    let db = TestDb::sqlite();
    let identity = spawn_identity(&db).await;
    let gateway = spawn_gateway(&identity, |s| {
        s.upstream_timeout = Duration::from_millis(800)
    })
    .await;
    let started = Instant::now();
    let slow = gateway.get("/api/v1/training/slow").await;
    let waited = started.elapsed();
    assert_eq!(
        (slow.status.as_u16(), slow.problem_code().as_str()),
        (504, "gateway_timeout")
    );
    assert!(
        waited >= Duration::from_millis(700) && waited < Duration::from_millis(2500),
        "{waited:?}"
    );
}

#[actix_web::test]
async fn limits_rates_and_bodies_and_answers_cors_for_configured_origins() {
    let db = TestDb::sqlite();
    let identity = spawn_identity(&db).await;
    let gateway = spawn_gateway(&identity, |s| {
        s.rate_limit_per_minute = 5;
        s.http.body_limit = 1024;
        s.cors_origins = vec!["https://m.zhonglou.example".into()];
    })
    .await;
    let preflight = gateway
        .send(
            gateway
                .request(Method::OPTIONS, "/api/v1/auth/login")
                .header("Origin", "https://m.zhonglou.example")
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers",
                    "content-type, idempotency-key",
                ),
        )
        .await;
    assert!(
        preflight.status.is_success(),
        "{} {}",
        preflight.status,
        preflight.text
    );
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("https://m.zhonglou.example")
    );
    let foreign = gateway
        .send(
            gateway
                .request(Method::GET, "/api/v1/training/echo")
                .header("Origin", "https://evil.example"),
        )
        .await;
    assert!(
        foreign.header("access-control-allow-origin").is_none(),
        "no CORS grant for other origins"
    );

    let big = gateway
        .send(
            gateway
                .request(Method::POST, "/api/v1/auth/login")
                .header("content-type", "application/json")
                .body(vec![b' '; 4096]),
        )
        .await;
    assert_eq!(
        (big.status.as_u16(), big.problem_code().as_str()),
        (413, "payload_too_large")
    );

    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(gateway.get("/api/v1/training/echo").await);
    }
    let limited = statuses.iter().filter(|r| r.status == 429).count();
    assert!(limited >= 1, "the limit of 5 a minute was enforced");
    let refused = statuses.iter().find(|r| r.status == 429).expect("a 429");
    assert_eq!(refused.problem_code(), "rate_limited");
    let wait: u32 = refused
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&wait));
}

/// A "service" that answers garbage instead of HTTP.
fn spawn_broken_upstream() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut stream) = stream else { continue };
            let mut buffer = [0_u8; 4096];
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(b"THIS IS NOT HTTP\r\n\r\n");
        }
    });
    format!("http://127.0.0.1:{port}")
}

#[actix_web::test]
async fn a_service_answering_garbage_gets_502() {
    let db = TestDb::sqlite();
    let identity = spawn_identity(&db).await;
    let broken = spawn_broken_upstream();
    let gateway = spawn_gateway(&identity, |s| {
        s.upstreams.push(Upstream {
            name: "reading",
            base_url: broken,
            prefixes: vec!["/api/v1/reading/"],
        });
    })
    .await;
    let response = gateway.get("/api/v1/reading/books").await;
    assert_eq!(
        (response.status.as_u16(), response.problem_code().as_str()),
        (502, "bad_gateway"),
        "{}",
        response.text
    );
    assert_eq!(
        gateway.get("/api/v1/training/echo").await.status,
        200,
        "the others keep answering"
    );
}

#[actix_web::test]
async fn login_throttling_by_address_follows_the_client_the_load_balancer_names() {
    let db = TestDb::sqlite();
    let identity = spawn_identity(&db).await;
    // The test client plays the load balancer: the gateway trusts it and believes its header.
    let gateway = spawn_gateway(&identity, |s| {
        s.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")]
    })
    .await;
    let login_from = |client: &'static str, username: String| {
        gateway.send(
            gateway
                .request(Method::POST, "/api/v1/auth/login")
                .header("X-Forwarded-For", client)
                .json(&json!({"username": username, "password": "not-the-password"})),
        )
    };
    // 20 failures from one client address (each for another user, so no account locks).
    for i in 0..20 {
        let answer = login_from("203.0.113.5", format!("user{i}")).await;
        assert!(
            answer.status == 401 || answer.status == 429,
            "{}",
            answer.text
        );
    }
    let same_client = login_from("203.0.113.5", "someone-new".into()).await;
    assert_eq!(
        (
            same_client.status.as_u16(),
            same_client.problem_code().as_str()
        ),
        (429, "too_many_attempts")
    );
    let other_client = login_from("198.51.100.7", "someone-new".into()).await;
    assert_eq!(
        other_client.problem_code(),
        "invalid_credentials",
        "another client behind the same balancer is not locked"
    );
}

#[actix_web::test]
async fn a_chunked_body_past_the_limit_is_cut_with_413() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let db = TestDb::sqlite();
    let identity = spawn_identity(&db).await;
    let gateway = spawn_gateway(&identity, |s| s.http.body_limit = 1024).await;
    let address = gateway.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect");
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    for _ in 0..8 {
        let chunk = " ".repeat(512);
        if stream
            .write_all(format!("{:x}\r\n{chunk}\r\n", chunk.len()).as_bytes())
            .await
            .is_err()
        {
            break; // the gateway may stop reading once it has refused
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("payload_too_large"), "{answer}");
}

/// A service whose readiness endpoint counts how often it is asked.
fn spawn_counted_readiness(hits: std::sync::Arc<std::sync::atomic::AtomicUsize>) -> String {
    let server = actix_web::HttpServer::new(move || {
        let hits = hits.clone();
        actix_web::App::new().route(
            "/health/ready",
            actix_web::web::get().to(move || {
                hits.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                async { actix_web::HttpResponse::Ok().finish() }
            }),
        )
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .expect("binds");
    let port = server.addrs()[0].port();
    actix_web::rt::spawn(server.run());
    format!("http://127.0.0.1:{port}")
}

#[actix_web::test]
async fn upstream_health_is_for_operators_rate_limited_and_probes_once_for_many_callers() {
    let db = TestDb::sqlite();
    let identity = spawn_identity(&db).await;
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = spawn_counted_readiness(hits.clone());
    let gateway = spawn_gateway(&identity, |s| {
        s.upstreams.push(Upstream {
            name: "vision",
            base_url: counted,
            prefixes: vec!["/api/v1/vision/"],
        });
        s.rate_limit_per_minute = 40;
    })
    .await;
    let admin = identity.admin_token().await;
    let unit = identity.create_unit(&admin, "钟楼区", "unit", None).await;
    let (_, cadre) = identity
        .person_token(&admin, &unit, "cadre-health", &["cadre"])
        .await;
    let health = |token: Option<String>| {
        let mut request = gateway.request(Method::GET, "/health/upstreams");
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        gateway.send(request)
    };

    let anonymous = health(None).await;
    assert_eq!(
        (anonymous.status.as_u16(), anonymous.problem_code().as_str()),
        (401, "invalid_token"),
        "{}",
        anonymous.text
    );
    assert_eq!(
        health(Some(cadre)).await.status,
        403,
        "a cadre is no operator"
    );
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "refused callers make no probe"
    );

    // Twenty operators at once: one round of probes answers them all.
    let answers =
        futures_util::future::join_all((0..20).map(|_| health(Some(admin.clone())))).await;
    assert!(
        answers.iter().all(|a| a.status == 200),
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert!(
        answers[0].text.contains("\"vision\""),
        "{}",
        answers[0].text
    );
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "one probe of the service for twenty callers"
    );

    // And it counts against the caller's rate limit like any request.
    let mut limited = None;
    for _ in 0..40 {
        let answer = health(Some(admin.clone())).await;
        if answer.status == 429 {
            limited = Some(answer);
            break;
        }
    }
    let limited = limited.expect("the limit of 40 a minute is reached");
    assert!(limited.header("retry-after").is_some());
}
