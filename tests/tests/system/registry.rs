//! A new service is one crate and one registration: the sample service (`tests/sample`),
//! registered beside identity exactly as a real service is, is started by the launcher,
//! routed by the gateway, merged into the OpenAPI document, and reads a person created in
//! identity a moment earlier through its live directory copy.

use learning_tree::registry::Service;
use learning_tree_tests::system::{SAMPLE, identity_service, start_platform};
use lt_http::RouteTable;
use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::json;

fn with_sample() -> [Service; 2] {
    [identity_service(), SAMPLE]
}

#[test]
fn a_registered_service_is_merged_into_the_document() {
    let merged = learning_tree::openapi::merged(&with_sample());
    let documented = RouteTable::from_openapi(&merged);
    for path in [
        "/api/v1/sample/sessions",
        "/api/v1/sample/people/{id}",
        "/api/v1/identity/people",
    ] {
        assert!(
            documented.allowed_methods(path).is_some(),
            "{path} is missing from the merged document"
        );
    }
    let listing: serde_json::Value =
        serde_json::from_str(&learning_tree::registry::listing_json(&with_sample())).expect("json");
    assert_eq!(listing[1]["name"], "sample");
    assert_eq!(listing[1]["url_variable"], "SAMPLE_URL");
    assert_eq!(
        listing[1]["directory_secret_variable"],
        "SAMPLE_DIRECTORY_SECRET"
    );
    assert_eq!(listing[0]["directory_secret_variable"], json!(null));
}

on_both_backends! {
    async fn the_launcher_starts_a_registered_service_and_the_gateway_routes_it(db: TestDb) {
        // The background refresh waits an hour: only the on-demand refresh can bring news.
        let platform = start_platform(&with_sample(), db, &[("DIRECTORY_REFRESH_SECONDS", "3600")]).await;
        let admin = platform.admin_token().await;

        // Routed: the sample's own resource, through the gateway.
        let created = platform
            .call(Method::POST, "/api/v1/sample/sessions", &admin, Some(&json!({"title": "周末课堂", "capacity": 2})))
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        // The sample is up once its first directory copy is complete.
        let health = || platform.gateway.send(platform.gateway.request(Method::GET, "/health/upstreams").header("Authorization", format!("Bearer {admin}")));
        let mut upstreams = health().await.json();
        for _ in 0..100 {
            if upstreams.as_array().is_some_and(|all| all.iter().all(|u| u["status"] == "up")) {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
            upstreams = health().await.json();
        }
        let names: Vec<&str> = upstreams.as_array().expect("list").iter().filter_map(|u| u["service"].as_str()).collect();
        assert_eq!(names, ["identity", "sample"]);
        assert!(upstreams.as_array().expect("list").iter().all(|u| u["status"] == "up"), "{upstreams}");

        // Its directory copy, provisioned by the launcher with no manual step, is ready.
        let ready = platform.direct("sample").get("/health/ready").await;
        assert_eq!(ready.status, 200, "{}", ready.text);
        assert_eq!(ready.json()["checks"]["directory"]["state"], "fresh", "{}", ready.text);

        // A person created through identity's API is usable in the sample at once (not at the
        // next background refresh, an hour away), with identity's changes feed as the only
        // channel: the request that names them refreshes the copy first.
        let unit = platform.call(Method::POST, "/api/v1/identity/org-units", &admin, Some(&json!({"name": "区财政局", "kind": "unit"}))).await;
        assert_eq!(unit.status, 201, "{}", unit.text);
        let unit = unit.json()["id"].as_str().expect("id").to_owned();
        let person = platform.call(Method::POST, "/api/v1/identity/people", &admin, Some(&json!({
            "employee_no": "ZL-7001", "name": "褚十一", "org_unit_id": unit, "rank": "二级主任科员",
            "rank_effective_from": "2024-03-01", "provider": "party_school"
        }))).await;
        assert_eq!(person.status, 201, "{}", person.text);
        let person = person.json()["id"].as_str().expect("id").to_owned();
        let seen = platform.call(Method::GET, &format!("/api/v1/sample/people/{person}"), &admin, None).await;
        assert_eq!(seen.status, 200, "{}", seen.text);
        assert_eq!(seen.json()["name"], "褚十一");
        assert_eq!(seen.json()["org_unit_id"], unit.as_str());
        assert_eq!(seen.json()["provider"], "party_school");

        // Someone identity does not know stays unknown (after one on-demand refresh).
        let nobody = platform.call(Method::GET, "/api/v1/sample/people/no-such-person", &admin, None).await;
        assert_eq!(nobody.status, 404);
        assert_eq!(nobody.problem_code(), "not_found");
        platform.stop().await;
    }
}
