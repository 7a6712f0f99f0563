//! Keys, signers and hand-built tokens shared by the tests.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpResponse, HttpServer, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use lt_auth::{
    AccessClaims, JwkSet, SigningKey, TokenSigner, Verifier, VerifierSettings, roles, scopes,
};

pub const ISSUER: &str = "https://identity.learning-tree.test";
pub const AUDIENCE: &str = "learning-tree";
pub const PERSON_ID: &str = "7c1e0a52-6a3e-4d8e-9a57-1f3b9f0f2c11";

pub fn settings() -> VerifierSettings {
    VerifierSettings::new(ISSUER, AUDIENCE)
}

pub fn signer(key: &SigningKey) -> TokenSigner {
    TokenSigner::new(key.clone(), ISSUER, AUDIENCE)
}

pub fn static_verifier(key: &SigningKey) -> Verifier {
    Verifier::with_keys(vec![key.public_jwk()], settings()).expect("test setup")
}

/// A cadre's claims with the given roles and scope, valid for ten minutes.
pub fn person_claims(signer: &TokenSigner, roles: &[&str], scope: &str) -> AccessClaims {
    signer.claims_for(
        PERSON_ID,
        Some("张三".to_owned()),
        Some("org-42".to_owned()),
        roles.iter().map(|r| (*r).to_owned()).collect(),
        scope,
        "mobile",
        Duration::from_secs(600),
    )
}

pub fn cadre_token(signer: &TokenSigner) -> String {
    let claims = person_claims(signer, &[roles::CADRE], scopes::DIRECTORY_READ);
    signer.sign(&claims).expect("test setup")
}

pub fn service_token(signer: &TokenSigner, client_id: &str, scope: &str) -> String {
    let claims = signer.claims_for(
        AccessClaims::service_subject(client_id),
        None,
        None,
        Vec::new(),
        scope,
        client_id,
        Duration::from_secs(600),
    );
    signer.sign(&claims).expect("test setup")
}

/// jsonwebtoken's own encoder over a header we choose, for tokens our signer would never make.
pub fn sign_with_header(
    key: &SigningKey,
    header: &Header,
    claims: &impl serde::Serialize,
) -> String {
    let encoding = EncodingKey::from_ed_pem(key.to_pkcs8_pem().as_bytes()).expect("test setup");
    jsonwebtoken::encode(header, claims, &encoding).expect("test setup")
}

pub fn eddsa_header(typ: Option<&str>, kid: Option<&str>) -> Header {
    let mut header = Header::new(Algorithm::EdDSA);
    header.typ = typ.map(str::to_owned);
    header.kid = kid.map(str::to_owned);
    header
}

pub fn b64(json: &serde_json::Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(json).expect("test setup"))
}

/// A JWKS endpoint standing in for identity: serves whatever set it is given and counts
/// fetches. Stopping it stands for identity going down.
pub struct JwksServer {
    pub url: String,
    set: Arc<Mutex<JwkSet>>,
    fetches: Arc<AtomicUsize>,
    handle: ServerHandle,
}

impl JwksServer {
    pub async fn start(keys: &[&SigningKey]) -> Self {
        let set = Arc::new(Mutex::new(lt_auth::jwk_set(keys.iter().copied())));
        let fetches = Arc::new(AtomicUsize::new(0));
        let (served, counted) = (Arc::clone(&set), Arc::clone(&fetches));
        let server = HttpServer::new(move || {
            let (served, counted) = (Arc::clone(&served), Arc::clone(&counted));
            App::new().route(
                "/.well-known/jwks.json",
                web::get().to(move || {
                    counted.fetch_add(1, Ordering::SeqCst);
                    let body = served.lock().expect("lock").clone();
                    async move { HttpResponse::Ok().json(body) }
                }),
            )
        })
        .workers(1)
        .disable_signals()
        .shutdown_timeout(1)
        .bind(("127.0.0.1", 0))
        .expect("test setup");
        let addr = server.addrs()[0];
        let server = server.run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Self {
            url: format!("http://{addr}/.well-known/jwks.json"),
            set,
            fetches,
            handle,
        }
    }

    /// Publishes a new set, as identity does when it rotates its key.
    pub fn serve(&self, keys: &[&SigningKey]) {
        *self.set.lock().expect("lock") = lt_auth::jwk_set(keys.iter().copied());
    }

    pub fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }

    pub async fn stop(&self) {
        self.handle.stop(true).await;
    }
}

/// A URL where nothing listens: identity down from the start.
pub fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("test setup");
    let addr = listener.local_addr().expect("test setup");
    drop(listener);
    format!("http://{addr}/.well-known/jwks.json")
}
