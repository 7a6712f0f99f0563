//! `Idempotency-Key` on creating calls: a retried request gets the stored response instead
//! of creating twice. The work and the stored response commit in one transaction.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName};
use actix_web::{HttpRequest, HttpResponse};
use lt_store::idempotency::{self as keys, Claim, StoredResponse};
use lt_store::{Store, WriteTx, now_utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::etag::etag;
use crate::problem::{FieldError, kinds};

pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// Set on a response that repeats the stored answer to an earlier request.
pub const IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// A record a creating call made: where it lives, its version and its representation.
#[derive(Debug)]
pub struct Created<T> {
    pub location: String,
    pub version: Option<i64>,
    pub body: T,
}

impl<T: Serialize> Created<T> {
    /// 201 with `Location`, `ETag` (when versioned) and the JSON body.
    pub fn respond(&self) -> HttpResponse {
        let mut response = HttpResponse::Created();
        response.insert_header((header::LOCATION, self.location.as_str()));
        if let Some(version) = self.version {
            response.insert_header((header::ETAG, etag(version)));
        }
        response.json(&self.body)
    }
}

/// The key sent with the request, if any: 1–255 visible ASCII characters, else 400.
pub fn idempotency_key(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = req.headers().get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let invalid = || {
        ApiError::new(&kinds::INVALID_IDEMPOTENCY_KEY).with_errors(vec![FieldError::new(
            "Idempotency-Key",
            "invalid",
            "use 1 to 255 visible ASCII characters, e.g. a UUID",
        )])
    };
    let text = value.to_str().map_err(|_| invalid())?.trim();
    let text = text.trim_matches('"');
    if text.is_empty() || text.len() > 255 || !text.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(invalid());
    }
    Ok(Some(text.to_owned()))
}

/// Runs a creating call once per `Idempotency-Key`.
///
/// `caller` identifies who is calling (the token subject); with the method and path it
/// scopes the key, so two callers never see each other's responses. `request` is the
/// parsed request body: its canonical JSON is what "the same request" means.
/// Without a key the work simply runs. With one:
/// - first use: the work runs, and its 201 response is stored in the same transaction;
/// - same key, same request, completed: the stored response, with `Idempotent-Replayed: true`;
/// - same key, still running: 409 `idempotency_key_in_use` with `Retry-After`;
/// - same key, different request: 422 `idempotency_key_reused`.
///
/// A failed request (any error) forgets its key, so a corrected retry may reuse it.
pub async fn create_once<T, F>(
    store: &Store,
    req: &HttpRequest,
    caller: &str,
    request: &impl Serialize,
    work: F,
) -> Result<HttpResponse, ApiError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&mut WriteTx<'_>) -> Result<Created<T>, ApiError> + Send + 'static,
{
    let Some(key) = idempotency_key(req)? else {
        let created = store.write(work).await?;
        return Ok(created.respond());
    };
    let scope = format!("{caller} {} {}", req.method(), req.path());
    let fingerprint = fingerprint(request)?;

    let claim = {
        let (scope, key) = (scope.clone(), key.clone());
        store
            .write(move |tx| -> Result<Claim, ApiError> {
                Ok(keys::claim(tx, &scope, &key, &fingerprint, now_utc())?)
            })
            .await?
    };
    let claimed_at = match claim {
        Claim::Replay(stored) => return Ok(replay(stored)),
        Claim::InFlight => {
            return Err(
                ApiError::new(&kinds::IDEMPOTENCY_KEY_IN_USE).with_header(header::RETRY_AFTER, "1")
            );
        }
        Claim::Mismatch => return Err(ApiError::new(&kinds::IDEMPOTENCY_KEY_REUSED)),
        Claim::Fresh(claimed_at) => claimed_at,
    };

    let outcome = {
        let (scope, key) = (scope.clone(), key.clone());
        store
            .write(move |tx| {
                let created = work(tx)?;
                let body = serde_json::to_string(&created.body).map_err(anyhow::Error::from)?;
                let mut headers = vec![(header::LOCATION.to_string(), created.location.clone())];
                if let Some(version) = created.version {
                    headers.push((header::ETAG.to_string(), etag(version)));
                }
                let stored = StoredResponse {
                    status: StatusCode::CREATED.as_u16(),
                    headers,
                    body,
                };
                if !keys::complete(tx, &scope, &key, claimed_at, &stored)? {
                    // A retry took the key over while this ran: roll back, do not create twice.
                    return Err(ApiError::new(&kinds::IDEMPOTENCY_KEY_IN_USE)
                        .with_header(header::RETRY_AFTER, "1"));
                }
                Ok::<_, ApiError>(created)
            })
            .await
    };
    match outcome {
        Ok(created) => Ok(created.respond()),
        Err(error) => {
            let released = store
                .read(move |conn| -> Result<(), ApiError> {
                    Ok(keys::release(conn, &scope, &key)?)
                })
                .await;
            if let Err(release_error) = released {
                tracing::warn!(error = %release_error, "could not release idempotency key");
            }
            Err(error)
        }
    }
}

/// What "the same request" means: the SHA-256 of the parsed request's canonical JSON
/// (so whitespace or field order in the sent body does not matter).
pub fn fingerprint(request: &impl Serialize) -> Result<String, ApiError> {
    let canonical = serde_json::to_vec(request).map_err(anyhow::Error::from)?;
    Ok(format!("{:x}", Sha256::digest(&canonical)))
}

fn replay(stored: StoredResponse) -> HttpResponse {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    for (name, value) in &stored.headers {
        response.insert_header((name.as_str(), value.as_str()));
    }
    response
        .insert_header((IDEMPOTENT_REPLAYED, "true"))
        .content_type("application/json")
        .body(stored.body)
}

/// The `Idempotency-Key` header as an OpenAPI parameter: `params(IdempotencyKeyHeader)`.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)]
pub struct IdempotencyKeyHeader {
    /// Makes the call retry-safe: a retry with the same key and body gets the first answer.
    #[param(
        rename = "Idempotency-Key",
        nullable = false,
        pattern = "^[!-~]{1,255}$",
        min_length = 1,
        max_length = 255
    )]
    idempotency_key: Option<String>,
}

/// The `If-Match` header of updates as an OpenAPI parameter: `params(IfMatchHeader)`.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)]
pub struct IfMatchHeader {
    /// The `ETag` of the version you read, e.g. `"3"` (428 without, 412 when stale).
    #[param(rename = "If-Match", pattern = "^(\\*|\"[0-9]{1,18}\")$")]
    if_match: String,
}

/// `If-Match` on a state transition (withdraw, decide): `params(OptionalIfMatchHeader)`.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)]
pub struct OptionalIfMatchHeader {
    /// Optional: when sent, the `ETag` you read, e.g. `"3"` (412 when stale).
    #[param(
        rename = "If-Match",
        nullable = false,
        pattern = "^(\\*|\"[0-9]{1,18}\")$"
    )]
    if_match: Option<String>,
}
