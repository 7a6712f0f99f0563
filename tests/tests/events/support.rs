//! A platform with the events service, and a webhook receiver the test scripts.

use std::collections::VecDeque;
use std::ops::Deref;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
pub use learning_tree_tests::harness::{Harness, minutes};
use lt_test_support::TestDb;
use serde_json::{Value, json};
use sha2::Sha256;

/// Identity, training, reading and events, with the gateway in front.
pub struct Events(Harness);

impl Deref for Events {
    type Target = Harness;

    fn deref(&self) -> &Harness {
        &self.0
    }
}

fn registered(names: &[&str]) -> Vec<learning_tree::registry::Service> {
    names
        .iter()
        .map(|name| {
            *learning_tree::registry::SERVICES
                .iter()
                .find(|s| s.spec.name == *name)
                .unwrap_or_else(|| panic!("{name} is not registered"))
        })
        .collect()
}

/// Fast polls and retries; loopback allowed as a target (as a local try-out would set it).
pub const FAST: [(&str, &str); 5] = [
    ("READING_REMINDER_SECONDS", "1"),
    ("EVENTS_POLL_MILLISECONDS", "50"),
    ("EVENTS_RETRY_SCHEDULE", "300ms,300ms,300ms"),
    ("EVENTS_ALLOWED_TARGETS", "127.0.0.1"),
    ("EVENTS_SECRET_OVERLAP_SECONDS", "2"),
];

pub async fn start(db: TestDb) -> Events {
    start_with(db, &FAST).await
}

pub async fn start_with(db: TestDb, extra: &[(&str, &str)]) -> Events {
    let services = registered(&["identity", "training", "reading", "events"]);
    Events(Harness::start_services_with(&services, db, "events", extra).await)
}

impl Events {
    /// Subscribes `url` to `types` as the admin; the subscription's id and secret.
    pub async fn subscribe(&self, url: &str, types: &[&str]) -> (String, String) {
        let made = self
            .post(
                "/api/v1/events/subscriptions",
                &self.admin,
                &json!({"url": url, "event_types": types, "description": "区OA系统"}),
            )
            .await;
        assert_eq!(made.status, 201, "{}", made.text);
        let body = made.json();
        (
            body["id"].as_str().expect("id").to_owned(),
            body["secret"].as_str().expect("secret").to_owned(),
        )
    }

    /// A course made by the admin (a `training.course.created` event); its id.
    pub async fn course(&self, title: &str) -> String {
        let made = self
            .post(
                "/api/v1/training/courses",
                &self.admin,
                &json!({"title": title, "kind": "weekend_class", "mechanism": "team_learning", "credit_hours": "3.00", "full_time": false}),
            )
            .await;
        assert_eq!(made.status, 201, "{}", made.text);
        made.json()["id"].as_str().expect("id").to_owned()
    }

    /// A book added by the admin (a `reading.book.added` event).
    pub async fn book(&self, title: &str) {
        let made = self
            .post(
                "/api/v1/reading/books",
                &self.admin,
                &json!({"title": title, "author": "路遥"}),
            )
            .await;
        assert_eq!(made.status, 201, "{}", made.text);
    }

    /// The subscription's deliveries, once `until` holds of them (within 20 s).
    pub async fn deliveries_until(
        &self,
        subscription: &str,
        until: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let path = format!("/api/v1/events/subscriptions/{subscription}/deliveries?limit=500");
        for _ in 0..400 {
            let page = self.get(&path, &self.admin).await;
            assert_eq!(page.status, 200, "{}", page.text);
            let items = page.json()["items"].as_array().cloned().unwrap_or_default();
            if until(&items) {
                return items;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the deliveries never got there");
    }
}

/// One request the receiver took.
#[derive(Clone, Debug)]
pub struct Received {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: String,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

/// A scripted answer: hang for 30 s (longer than an attempt may take).
pub const HANG: u16 = 0;

/// A webhook receiver on loopback: answers the scripted statuses in turn, then 200.
pub struct Receiver {
    pub url: String,
    got: Arc<Mutex<Vec<Received>>>,
    handle: actix_web::dev::ServerHandle,
}

struct Script {
    got: Arc<Mutex<Vec<Received>>>,
    answers: Mutex<VecDeque<u16>>,
}

async fn take(req: HttpRequest, body: web::Bytes, script: web::Data<Script>) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    script.got.lock().expect("lock").push(Received {
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp"),
        signature: header("webhook-signature"),
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let status = script
        .answers
        .lock()
        .expect("lock")
        .pop_front()
        .unwrap_or(200);
    if status == HANG {
        actix_web::rt::time::sleep(std::time::Duration::from_secs(30)).await;
        return HttpResponse::Ok().body("late");
    }
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).expect("status"))
        .body("noted")
}

impl Receiver {
    pub fn start(answers: &[u16]) -> Self {
        let got = Arc::new(Mutex::new(Vec::new()));
        let script = web::Data::new(Script {
            got: Arc::clone(&got),
            answers: Mutex::new(answers.iter().copied().collect()),
        });
        let server = HttpServer::new(move || {
            App::new()
                .app_data(script.clone())
                .default_service(web::to(take))
        })
        .workers(1)
        .bind(("127.0.0.1", 0))
        .expect("bind");
        let port = server.addrs()[0].port();
        let server = server.run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Self {
            url: format!("http://127.0.0.1:{port}/hooks/learning-tree"),
            got,
            handle,
        }
    }

    pub fn got(&self) -> Vec<Received> {
        self.got.lock().expect("lock").clone()
    }

    /// What it took, once `until` holds (within 30 s).
    pub async fn until(&self, until: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        self.until_within(30, until).await
    }

    /// What it took, once `until` holds (within `seconds`).
    pub async fn until_within(
        &self,
        seconds: u64,
        until: impl Fn(&[Received]) -> bool,
    ) -> Vec<Received> {
        for _ in 0..seconds * 20 {
            let got = self.got();
            if until(&got) {
                return got;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the receiver never got what was expected: {:?}",
            self.got().len()
        );
    }

    pub async fn stop(&self) {
        self.handle.stop(false).await;
    }
}

/// Whether `signature` (a `webhook-signature` header) holds a valid `v1` signature of the
/// message under `secret`, computed here independently of the service's code.
pub fn verifies(secret: &str, id: &str, timestamp: &str, body: &str, signature: &str) -> bool {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").expect("whsec_ secret"))
        .expect("base64 secret");
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("key");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    signature.split(' ').any(|s| s == expected)
}
