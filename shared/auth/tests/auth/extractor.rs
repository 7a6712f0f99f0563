//! `AuthUser` and `MaybeAuthUser` in a real actix app wrapped in lt-http's conventions:
//! RFC 6750 challenges, problem+json bodies, and rules answering 403.

use actix_web::body::{BoxBody, EitherBody};
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::{App, HttpResponse, test, web};
use lt_auth::{AuthUser, MaybeAuthUser, SigningKey, TokenSigner, Verifier, roles, scopes};
use lt_http::{ApiError, Conventions, Metrics};

use crate::support::*;

/// What lt-http's `Conventions` middleware answers with.
type Answered = ServiceResponse<EitherBody<BoxBody>>;

async fn me(user: AuthUser) -> HttpResponse {
    HttpResponse::Ok().body(user.subject().into_owned())
}

async fn coordinators_only(user: AuthUser) -> Result<HttpResponse, ApiError> {
    user.require_admin_or(roles::COORDINATOR)?;
    Ok(HttpResponse::Ok().finish())
}

async fn directory_sync(user: AuthUser) -> Result<HttpResponse, ApiError> {
    user.require_scope(scopes::DIRECTORY_WRITE)?;
    Ok(HttpResponse::Ok().finish())
}

async fn greeting(user: MaybeAuthUser) -> HttpResponse {
    match user.0 {
        Some(user) => HttpResponse::Ok().body(user.subject().into_owned()),
        None => HttpResponse::Ok().body("anonymous"),
    }
}

fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/me", web::get().to(me))
        .route("/coordination", web::get().to(coordinators_only))
        .route("/directory/sync", web::get().to(directory_sync))
        .route("/greeting", web::get().to(greeting));
}

async fn app(
    verifier: Option<Verifier>,
) -> impl Service<actix_http::Request, Response = Answered, Error = actix_web::Error> {
    let mut app = App::new().wrap(Conventions::new(Metrics::new("test")));
    if let Some(verifier) = verifier {
        app = app.app_data(web::Data::new(verifier));
    }
    test::init_service(app.configure(routes)).await
}

struct Answer {
    status: StatusCode,
    challenge: Option<String>,
    content_type: Option<String>,
    retry_after: Option<String>,
    body: String,
}

impl Answer {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("json body")
    }
}

async fn get(
    app: &impl Service<actix_http::Request, Response = Answered, Error = actix_web::Error>,
    path: &str,
    authorization: Option<&str>,
) -> Answer {
    let mut request = test::TestRequest::get().uri(path);
    if let Some(value) = authorization {
        request = request.insert_header((header::AUTHORIZATION, value));
    }
    let response = test::call_service(app, request.to_request()).await;
    let text = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (status, challenge) = (response.status(), text(header::WWW_AUTHENTICATE));
    let (content_type, retry_after) = (text(header::CONTENT_TYPE), text(header::RETRY_AFTER));
    let body = test::read_body(response).await;
    Answer {
        status,
        challenge,
        content_type,
        retry_after,
        body: String::from_utf8(body.to_vec()).expect("utf-8"),
    }
}

fn keyed() -> (TokenSigner, Verifier) {
    let key = SigningKey::generate().expect("key");
    (signer(&key), static_verifier(&key))
}

#[actix_web::test]
async fn no_token_is_a_bare_bearer_challenge_as_problem_json() {
    let (_, verifier) = keyed();
    let app = app(Some(verifier)).await;
    for authorization in [None, Some("Basic dXNlcjpwYXNz")] {
        let answer = get(&app, "/me", authorization).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            answer.challenge.as_deref(),
            Some(r#"Bearer realm="learning-tree""#)
        );
        assert_eq!(
            answer.content_type.as_deref(),
            Some("application/problem+json")
        );
        let problem = answer.json();
        assert_eq!(problem["code"], "unauthorized");
        assert_eq!(problem["status"], 401);
        assert_eq!(problem["instance"], "/me");
    }
}

#[actix_web::test]
async fn a_bad_token_is_invalid_token_without_echoing_it() {
    let (signer, verifier) = keyed();
    let app = app(Some(verifier)).await;
    let stranger = cadre_token(&self::signer(&SigningKey::generate().expect("key")));
    let mut expired = person_claims(&signer, &[roles::CADRE], "");
    expired.exp = chrono::Utc::now().timestamp() - 3600;
    let expired = signer.sign(&expired).expect("sign");
    let cases = [
        (
            "Bearer not-a-token",
            "the token is not a well-formed access token",
        ),
        ("Bearer", "the token is not a well-formed access token"),
        (
            &*format!("Bearer {stranger}"),
            "the token names an unknown signing key",
        ),
        (&*format!("Bearer {expired}"), "the token has expired"),
    ];
    for (authorization, description) in cases {
        let answer = get(&app, "/me", Some(authorization)).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{authorization}");
        assert_eq!(
            answer.challenge.as_deref(),
            Some(&*format!(
                r#"Bearer realm="learning-tree", error="invalid_token", error_description="{description}""#
            ))
        );
        assert_eq!(
            answer.content_type.as_deref(),
            Some("application/problem+json")
        );
        let problem = answer.json();
        assert_eq!(problem["code"], "invalid_token");
        assert_eq!(problem["detail"], description);
        let token = authorization.trim_start_matches("Bearer").trim();
        assert!(
            token.is_empty() || !answer.body.contains(token),
            "token echoed"
        );
    }
}

#[actix_web::test]
async fn a_good_token_passes_with_any_case_of_scheme() {
    let (signer, verifier) = keyed();
    let app = app(Some(verifier)).await;
    let token = cadre_token(&signer);
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let answer = get(&app, "/me", Some(&format!("{scheme} {token}"))).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        assert_eq!(answer.body, PERSON_ID);
    }
    let oa = service_token(&signer, "oa", scopes::DIRECTORY_WRITE);
    let answer = get(&app, "/me", Some(&format!("Bearer {oa}"))).await;
    assert_eq!(answer.body, "service:oa");
}

#[actix_web::test]
async fn a_missing_role_is_forbidden() {
    let (signer, verifier) = keyed();
    let app = app(Some(verifier)).await;
    let bearer = |roles: &[&str]| {
        let claims = person_claims(&signer, roles, "");
        format!("Bearer {}", signer.sign(&claims).expect("sign"))
    };
    let answer = get(&app, "/coordination", Some(&bearer(&[roles::CADRE]))).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(answer.json()["code"], "forbidden");
    assert_eq!(
        answer.content_type.as_deref(),
        Some("application/problem+json")
    );
    for allowed in [roles::COORDINATOR, roles::ADMIN] {
        let answer = get(&app, "/coordination", Some(&bearer(&[allowed]))).await;
        assert_eq!(answer.status, StatusCode::OK, "{allowed}");
    }
}

#[actix_web::test]
async fn a_missing_scope_is_forbidden_with_insufficient_scope() {
    let (signer, verifier) = keyed();
    let app = app(Some(verifier)).await;
    let reader = service_token(&signer, "reports", scopes::REPORTS_READ);
    let answer = get(&app, "/directory/sync", Some(&format!("Bearer {reader}"))).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(answer.json()["code"], "forbidden");
    assert_eq!(
        answer.challenge.as_deref(),
        Some(
            r#"Bearer realm="learning-tree", error="insufficient_scope", scope="directory:write""#
        )
    );
    let oa = service_token(&signer, "oa", "directory:read directory:write");
    let answer = get(&app, "/directory/sync", Some(&format!("Bearer {oa}"))).await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[actix_web::test]
async fn a_service_subject_must_match_its_client_id() {
    let (signer, verifier) = keyed();
    let app = app(Some(verifier)).await;
    let mut claims = signer.claims_for(
        "service:oa",
        None,
        None,
        Vec::new(),
        scopes::DIRECTORY_WRITE,
        "reports",
        std::time::Duration::from_secs(60),
    );
    let token = signer.sign(&claims).expect("sign");
    let answer = get(&app, "/me", Some(&format!("Bearer {token}"))).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    claims.client_id = "oa".into();
    let token = signer.sign(&claims).expect("sign");
    let answer = get(&app, "/me", Some(&format!("Bearer {token}"))).await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[actix_web::test]
async fn maybe_auth_user_is_none_without_a_header_and_strict_with_one() {
    let (signer, verifier) = keyed();
    let app = app(Some(verifier)).await;
    let answer = get(&app, "/greeting", None).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (StatusCode::OK, "anonymous")
    );
    let token = cadre_token(&signer);
    let answer = get(&app, "/greeting", Some(&format!("Bearer {token}"))).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (StatusCode::OK, PERSON_ID)
    );
    let answer = get(&app, "/greeting", Some("Bearer garbage")).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.json()["code"], "invalid_token");
}

#[actix_web::test]
async fn unreachable_keys_are_503_with_retry_after() {
    let settings = settings().refresh_cooldown(std::time::Duration::from_secs(7));
    let verifier = Verifier::from_jwks_url(dead_url(), settings).expect("verifier");
    let app = app(Some(verifier)).await;
    let token = cadre_token(&signer(&SigningKey::generate().expect("key")));
    let answer = get(&app, "/me", Some(&format!("Bearer {token}"))).await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer.retry_after.as_deref(), Some("7"));
    assert_eq!(answer.json()["code"], "service_unavailable");
}

#[actix_web::test]
async fn a_service_without_a_verifier_is_an_opaque_500() {
    let app = app(None).await;
    let answer = get(&app, "/me", None).await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer.json()["code"], "internal_error");
    assert!(!answer.body.contains("Verifier"));
}
