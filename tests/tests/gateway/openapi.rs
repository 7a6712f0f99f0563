//! The merged OpenAPI document: committed and current, every routed path documented and
//! every documented path routed, served by the gateway with offline docs.

use gateway::settings::Settings;
use learning_tree::registry::{SERVICES, specs};
use lt_http::RouteTable;
use lt_test_support::TestDb;

use learning_tree_tests::identity::spawn_identity;

#[test]
fn the_committed_openapi_document_is_current() {
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../openapi/openapi.json"
    ))
    .expect("openapi/openapi.json");
    let generated = learning_tree::openapi::merged_json(SERVICES);
    assert!(
        committed == generated,
        "openapi/openapi.json is stale: run `cargo run -p learning-tree -- openapi > openapi/openapi.json` and commit it"
    );
    let doc: serde_json::Value = serde_json::from_str(&committed).expect("json");
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]["tokenUrl"],
        "/api/v1/auth/token"
    );
}

#[test]
fn every_documented_path_is_routed_and_every_route_is_documented() {
    let upstreams: Vec<_> = specs(SERVICES)
        .into_iter()
        .map(|spec| (spec, "http://127.0.0.1:1"))
        .collect();
    let settings = Settings::for_tests(&upstreams);
    let merged = learning_tree::openapi::merged(SERVICES);
    let documented = RouteTable::from_openapi(&merged);
    for (path, methods) in documented.routes() {
        let owner = settings.upstreams.iter().find(|u| {
            u.prefixes
                .iter()
                .any(|p| path.starts_with(p) || path == p.trim_end_matches('/'))
        });
        assert!(
            owner.is_some(),
            "{path} is documented but no service behind the gateway owns it"
        );
        assert!(!methods.is_empty(), "{path} has no operations");
        for operation in merged
            .paths
            .paths
            .get(&path)
            .into_iter()
            .flat_map(|item| serde_json::to_value(item).ok())
        {
            for (method, op) in operation.as_object().into_iter().flatten() {
                if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                    assert!(
                        op.get("x-roles").is_some(),
                        "{method} {path} does not say who may call it (x-roles)"
                    );
                    assert!(
                        op["responses"]
                            .as_object()
                            .is_some_and(|r| r.keys().any(|k| k.starts_with('4'))),
                        "{method} {path} documents no error"
                    );
                }
            }
        }
    }
    // Every registered service's own routes appear in the merged document, and none of its
    // schemas was dropped for a same-named schema of another service.
    let merged_schemas = serde_json::to_value(&merged.components).expect("json");
    for service in SERVICES {
        let own = serde_json::to_value((service.openapi)().components).expect("json");
        for (name, schema) in own["schemas"].as_object().into_iter().flatten() {
            assert_eq!(
                &merged_schemas["schemas"][name], schema,
                "{}: schema {name} collides with another service's schema of that name (rename it with #[schema(as = …)])",
                service.spec.name
            );
        }
        let table = RouteTable::from_openapi(&(service.openapi)());
        assert!(
            table.routes().next().is_some(),
            "{} documents no route",
            service.spec.name
        );
        for (path, methods) in table.routes() {
            assert!(
                service.spec.owns(&path),
                "{}: {path} lies outside its own prefixes {:?}",
                service.spec.name,
                service.spec.prefixes
            );
            let merged_methods = documented.allowed_methods(&path).unwrap_or_default();
            for method in methods {
                assert!(
                    merged_methods.contains(method),
                    "{}: {method} {path} is routed but missing from the merged document",
                    service.spec.name
                );
            }
        }
    }
}

#[actix_web::test]
async fn the_gateway_serves_the_document_and_offline_docs() {
    let db = TestDb::sqlite();
    let identity = spawn_identity(&db).await;
    let app = gateway::Application::build(Settings::for_tests(&[(
        &identity::SPEC,
        &identity.client.base,
    )]))
    .await
    .expect("gateway");
    let client = lt_test_support::TestClient::new(app.port());
    actix_web::rt::spawn(app.run_until_stopped());
    let served = client.get("/openapi.json").await;
    assert_eq!(served.status, 200);
    let committed: serde_json::Value =
        serde_json::from_str(gateway::docs::MERGED_OPENAPI).expect("json");
    assert_eq!(served.json(), committed);
    let page = client.get("/docs/").await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("swagger-ui"), "{}", page.text);
    for asset in [
        "/docs/swagger-ui.css",
        "/docs/swagger-ui-bundle.js",
        "/docs/swagger-initializer.js",
    ] {
        let response = client.get(asset).await;
        assert_eq!(
            response.status, 200,
            "{asset} is served by the gateway itself"
        );
    }
    let initializer = client.get("/docs/swagger-initializer.js").await.text;
    assert!(initializer.contains("/openapi.json"), "{initializer}");
    assert!(
        !page.text.contains("https://") && !initializer.contains("https://"),
        "no asset from a CDN"
    );
    let redirect = client
        .send(client.request(reqwest::Method::GET, "/docs"))
        .await;
    assert_eq!(redirect.status, 200, "/docs leads to the page");
}
