//! The directory client in a second service: initial copy, incremental refresh with an
//! update, a deactivation and a deletion, and local reads while identity is stopped.

use actix_web::{HttpResponse, web};
use lt_directory::{DirectoryClient, DirectoryError, DirectorySettings, RefreshReport, local};
use lt_http::settings::ServiceSettings;
use lt_http::{ApiError, RouteTable};
use lt_store::Store;
use lt_test_support::{TestClient, on_both_backends};
use reqwest::Method;
use serde_json::json;

use std::time::Duration;

use learning_tree_tests::identity::{spawn_identity, spawn_identity_with};
use lt_service::KitSettings;

/// The second service: answers from its local copy only.
async fn person_from_copy(
    store: web::Data<Store>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let person = store
        .read(move |conn| -> Result<_, ApiError> { Ok(local::person(conn, &id)?) })
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(HttpResponse::Ok().json(person))
}

fn second_service(db: &lt_test_support::TestDb) -> (Store, TestClient) {
    let settings = ServiceSettings::for_tests("sample", db.url.clone(), db.dir.clone());
    let store = Store::open(&settings.store).expect("open");
    store
        .migrate(&[&lt_directory::MIGRATIONS])
        .expect("migrate");
    let routes = RouteTable::default().with("/api/v1/sample/people/{id}", vec!["GET".into()]);
    let running = lt_http::server::serve(&settings, store.clone(), routes, |cfg| {
        cfg.route(
            "/api/v1/sample/people/{id}",
            web::get().to(person_from_copy),
        );
    })
    .expect("bind");
    let port = running.port();
    actix_web::rt::spawn(running.run_until_stopped());
    (store, TestClient::new(port))
}

on_both_backends! {
    async fn a_service_keeps_a_local_copy_and_serves_it_while_identity_is_down(db: TestDb) {
        let identity = spawn_identity(&db).await;
        let admin = identity.admin_token().await;
        let unit = identity.create_unit(&admin, "区教育局", "unit", None).await;
        let spare = identity.create_unit(&admin, "临时小组", "team", Some(&unit)).await;
        let alice = identity.call(Method::POST, "/api/v1/identity/people", &admin, Some(&json!({
            "employee_no": "ZL-5001", "name": "吴九", "org_unit_id": unit, "rank": "一级主任科员",
            "rank_effective_from": "2020-01-01", "provider": "cadre_college"}))).await;
        assert_eq!(alice.status, 201, "{}", alice.text);
        let alice = alice.json()["id"].as_str().expect("id").to_owned();
        let bob = identity.create_person(&admin, &unit, "ZL-5002", "郑十").await;
        let secret = identity.service_account(&admin, "sample", &["directory:read"]).await;

        let copy_db = db.sibling();
        let (store, service) = second_service(&copy_db);
        let client = DirectoryClient::new(DirectorySettings {
            identity_url: identity.client.base.clone(),
            client_id: "sample".into(),
            client_secret: secret,
        })
        .expect("client");

        let first = client.refresh(&store).await.expect("initial copy");
        assert_eq!(first, RefreshReport { org_units_changed: 2, org_units_removed: 0, people_changed: 3, people_removed: 0 },
            "both units; both people and the bootstrap admin");
        let copied = service.get(&format!("/api/v1/sample/people/{alice}")).await;
        assert_eq!(copied.status, 200);
        assert_eq!(copied.json()["name"], "吴九");
        assert_eq!(copied.json()["provider"], "cadre_college");
        let nothing = client.refresh(&store).await.expect("no changes");
        assert_eq!(nothing, RefreshReport::default(), "incremental: nothing new, nothing fetched twice");

        let patch = |id: String, body: serde_json::Value| {
            let request = identity.client.request(Method::PATCH, &format!("/api/v1/identity/people/{id}"))
                .header("Authorization", format!("Bearer {admin}")).header("If-Match", "\"1\"").json(&body);
            identity.client.send(request)
        };
        assert_eq!(patch(alice.clone(), json!({"name": "吴九（调任）", "rank": "二级主任科员", "rank_effective_from": "2026-07-01"})).await.status, 200);
        assert_eq!(patch(bob.clone(), json!({"active": false})).await.status, 200);
        let deleted = identity.call(Method::DELETE, &format!("/api/v1/identity/org-units/{spare}"), &admin, None).await;
        assert_eq!(deleted.status, 204);

        let second = client.refresh(&store).await.expect("incremental refresh");
        assert_eq!(second, RefreshReport { org_units_changed: 0, org_units_removed: 1, people_changed: 2, people_removed: 0 });
        let alice_now = service.get(&format!("/api/v1/sample/people/{alice}")).await.json();
        assert_eq!(alice_now["name"], "吴九（调任）");
        assert_eq!(alice_now["rank"], "二级主任科员");
        let history = store.read({ let alice = alice.clone(); move |conn| -> Result<_, lt_store::StoreError> { Ok(local::rank_history(conn, &alice)?) } }).await.expect("read");
        assert_eq!(history.len(), 2, "the promotion is in the copy's rank history: {history:?}");
        assert_eq!(history[1].rank, "二级主任科员");
        assert_eq!(history[1].effective_from.to_string(), "2026-07-01");
        assert_eq!(service.get(&format!("/api/v1/sample/people/{bob}")).await.json()["active"], false);
        let spare_gone = store.read({ let spare = spare.clone(); move |conn| -> Result<_, lt_store::StoreError> { Ok(local::org_unit(conn, &spare)?) } }).await.expect("read");
        assert_eq!(spare_gone, None, "the tombstone removed the unit locally");

        identity.handle.stop(true).await;
        let down = client.refresh(&store).await;
        assert!(matches!(down, Err(DirectoryError::Unreachable(_))), "{down:?}");
        let served = service.get(&format!("/api/v1/sample/people/{alice}")).await;
        assert_eq!(served.status, 200, "served locally while identity is stopped");
        assert_eq!(served.json()["name"], "吴九（调任）");
        let active = store.read(|conn| -> Result<_, lt_store::StoreError> { Ok(local::active_people(conn, None)?) }).await.expect("read");
        assert_eq!(active.len(), 2, "the admin and 吴九; 郑十 is inactive");
    }
}

/// The figure `name` in a Prometheus text page.
fn gauge(metrics: &str, name: &str) -> f64 {
    metrics
        .lines()
        .find(|line| line.starts_with(&format!("{name}{{")))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {metrics}"))
}

on_both_backends! {
    async fn the_live_copy_refreshes_on_a_miss_coalesced_and_bounded_and_reports_its_state(db: TestDb) {
        let secret = "a-development-secret-of-at-least-32-characters";
        let identity = spawn_identity_with(&db, |settings| {
            settings.directory_clients = vec![identity::bootstrap::DirectoryClient {
                client_id: "sample".into(),
                secret: secret.into(),
                reads_events: false,
            }];
        })
        .await;
        let admin = identity.admin_token().await;
        let copy_db = db.sibling();
        let mut settings = KitSettings::for_tests(&sample_service::SPEC, copy_db.url.clone(), copy_db.dir.clone(), &identity.client.base, Some(secret));
        settings.refresh.every = Duration::from_secs(3600); // only the start-up refresh runs by itself
        let running = sample_service::SERVICE.build(settings).await.expect("sample starts");
        let sample = TestClient::new(running.port());
        actix_web::rt::spawn(running.run_until_stopped());
        let mut ready = sample.get("/health/ready").await;
        for _ in 0..100 {
            if ready.status == 200 { break; }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
            ready = sample.get("/health/ready").await;
        }
        assert_eq!(ready.status, 200, "ready once the first copy is made: {}", ready.text);
        assert_eq!(ready.json()["checks"]["directory"]["state"], "fresh");
        let refreshes = |text: String| gauge(&text, "directory_refreshes");
        let before = refreshes(sample.get("/metrics").await.text);

        // Twenty requests at once name a person the copy has never seen.
        let unit = identity.create_unit(&admin, "区科技局", "unit", None).await;
        let person = identity.create_person(&admin, &unit, "ZL-8001", "卫十三").await;
        let lookups = (0..20).map(|_| sample.send(sample.request(Method::GET, &format!("/api/v1/sample/people/{person}")).header("Authorization", format!("Bearer {admin}"))));
        for answer in futures_util::future::join_all(lookups).await {
            assert_eq!(answer.status, 200, "{}", answer.text);
            assert_eq!(answer.json()["name"], "卫十三");
        }
        let after = refreshes(sample.get("/metrics").await.text);
        assert!(after - before >= 1.0, "the miss refreshed the copy");
        assert!(after - before <= 5.0, "twenty misses share refreshes ({} ran)", after - before);

        // Identity down: a miss cannot be checked, so it answers 503 (never "absent"); it
        // asked identity once, and misses within the cool-down do not ask again.
        identity.handle.stop(true).await;
        let failures = |text: &str| gauge(text, "directory_refresh_failures");
        let unknown = || sample.send(sample.request(Method::GET, "/api/v1/sample/people/nobody").header("Authorization", format!("Bearer {admin}")));
        let first = unknown().await;
        assert_eq!(first.status, 503, "{}", first.text);
        assert_eq!(first.problem_code(), "service_unavailable");
        assert!(first.header("retry-after").is_some());
        let metrics = sample.get("/metrics").await.text;
        assert_eq!(failures(&metrics), 1.0, "{metrics}");
        assert_eq!(unknown().await.status, 503);
        assert_eq!(failures(&sample.get("/metrics").await.text), 1.0, "no second call to identity within the cool-down");
        let known = sample.send(sample.request(Method::GET, &format!("/api/v1/sample/people/{person}")).header("Authorization", format!("Bearer {admin}"))).await;
        assert_eq!(known.status, 200, "served from the copy while identity is down");
        let ready = sample.get("/health/ready").await;
        assert_eq!(ready.status, 200);
        assert_eq!(ready.json()["checks"]["directory"]["state"], "stale");
        assert_eq!(ready.json()["checks"]["directory"]["last_error"], "identity unreachable");
        assert!(gauge(&sample.get("/metrics").await.text, "directory_copy_lag_seconds") >= 0.0);
    }
}

on_both_backends! {
    async fn a_hanging_identity_costs_a_miss_one_bounded_wait_and_refreshes_never_overlap(db: TestDb) {
        // Identity for tokens; the directory feeds point at a server that accepts
        // connections and never answers.
        let identity = spawn_identity(&db).await;
        let admin = identity.admin_token().await;
        let hanging = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let hanging_url = format!("http://{}", hanging.local_addr().expect("addr"));
        let copy_db = db.sibling();
        let mut settings = KitSettings::for_tests(&sample_service::SPEC, copy_db.url.clone(), copy_db.dir.clone(), &identity.client.base, Some("unused-secret-of-at-least-32-characters"));
        if let Some(directory) = settings.directory.as_mut() {
            directory.identity_url = hanging_url;
        }
        settings.refresh.miss_wait = Duration::from_millis(300);
        let running = sample_service::SERVICE.build(settings).await.expect("sample starts");
        let sample = TestClient::new(running.port());
        actix_web::rt::spawn(running.run_until_stopped());
        let ready = sample.get("/health/ready").await;
        assert_eq!(ready.status, 503, "no complete copy yet: {}", ready.text);
        assert!(ready.text.contains("directory (never_synced)"), "{}", ready.text);
        for _ in 0..3 {
            let answer = sample.send(sample.request(Method::GET, "/api/v1/sample/people/someone").header("Authorization", format!("Bearer {admin}"))).await;
            assert_eq!(answer.status, 503, "{}", answer.text);
        }
        let metrics = sample.get("/metrics").await.text;
        assert_eq!(gauge(&metrics, "directory_refreshes"), 0.0, "the one refresh under way was never cut short nor doubled: {metrics}");
        drop(hanging);
    }
}
