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

use crate::identity_support::spawn_identity;

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
        let alice = identity.create_person(&admin, &unit, "ZL-5001", "吴九").await;
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
        let nothing = client.refresh(&store).await.expect("no changes");
        assert_eq!(nothing, RefreshReport::default(), "incremental: nothing new, nothing fetched twice");

        let patch = |id: String, body: serde_json::Value| {
            let request = identity.client.request(Method::PATCH, &format!("/api/v1/identity/people/{id}"))
                .header("Authorization", format!("Bearer {admin}")).header("If-Match", "\"1\"").json(&body);
            identity.client.send(request)
        };
        assert_eq!(patch(alice.clone(), json!({"name": "吴九（调任）", "rank": "二级主任科员"})).await.status, 200);
        assert_eq!(patch(bob.clone(), json!({"active": false})).await.status, 200);
        let deleted = identity.call(Method::DELETE, &format!("/api/v1/identity/org-units/{spare}"), &admin, None).await;
        assert_eq!(deleted.status, 204);

        let second = client.refresh(&store).await.expect("incremental refresh");
        assert_eq!(second, RefreshReport { org_units_changed: 0, org_units_removed: 1, people_changed: 2, people_removed: 0 });
        let alice_now = service.get(&format!("/api/v1/sample/people/{alice}")).await.json();
        assert_eq!(alice_now["name"], "吴九（调任）");
        assert_eq!(alice_now["rank"], "二级主任科员");
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
