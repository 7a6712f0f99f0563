//! Identity as the example of a service's shape: builds on port 0, migrates, serves health,
//! readiness and metrics, and answers unknown routes with problem+json.

use identity::{Application, Settings};
use lt_http::settings::ServiceSettings;
use lt_test_support::{TestClient, on_both_backends};

on_both_backends! {
    async fn identity_starts_on_port_zero_with_health_readiness_and_metrics(db: TestDb) {
        let settings = Settings {
            service: ServiceSettings::for_tests(identity::SERVICE, db.url.clone(), db.dir.clone()),
        };
        let app = Application::build(settings).await.expect("build");
        assert_ne!(app.port(), 0);
        let client = TestClient::new(app.port());
        actix_web::rt::spawn(app.run_until_stopped());

        assert_eq!(client.get("/health/live").await.json()["status"], "live");
        let ready = client.get("/health/ready").await;
        assert_eq!(ready.status, 200);
        assert_eq!(ready.json()["service"], "identity");
        let unknown = client.get("/api/v1/identity/unknown").await;
        assert_eq!(unknown.status, 404);
        assert_eq!(unknown.problem_code(), "route_not_found");
        let metrics = client.get("/metrics").await;
        assert!(metrics.text.contains("http_requests_total{service=\"identity\",method=\"GET\",route=\"/health/ready\",status=\"200\"} 1"), "{}", metrics.text);
        assert!(metrics.text.contains("db_pool_connections{service=\"identity\"}"));
    }
}
