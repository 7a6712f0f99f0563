//! OpenAPI pieces every service's document shares: the bearer security scheme and the
//! standard error responses (all `application/problem+json`).

use utoipa::openapi::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::problem::Problem;

/// Name of the bearer scheme in `security(("bearer" = []))`.
pub const BEARER: &str = "bearer";

/// Adds the bearer (JWT access token) security scheme to a document.
pub struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "Access token from `POST /api/v1/auth/login` or `POST /api/v1/auth/token` (EdDSA-signed JWT, `typ: at+jwt`).",
                    ))
                    .build(),
            ),
        );
    }
}

/// Errors any read operation may answer.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum ReadErrors {
    /// Invalid query (`invalid_query`, `invalid_cursor`).
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(#[to_schema] Problem),
    /// No token, or an invalid or expired one (`unauthorized`, `invalid_token`); see `WWW-Authenticate`.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The caller may not do this (`forbidden`).
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No such record, or not one the caller may see (`not_found`).
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// Too many requests (`rate_limited`); see `Retry-After`.
    #[response(status = 429, content_type = "application/problem+json")]
    RateLimited(Problem),
    /// Temporarily unavailable (`service_unavailable`); see `Retry-After`.
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(Problem),
}

/// Errors any writing operation may answer.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum WriteErrors {
    /// Malformed JSON or a bad header (`malformed_json`, `invalid_idempotency_key`).
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(#[to_schema] Problem),
    /// No token, or an invalid or expired one (`unauthorized`, `invalid_token`).
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The caller may not do this (`forbidden`).
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No such record (`not_found`).
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// Conflicts with existing data (`conflict`, `idempotency_key_in_use`, …).
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// `If-Match` names an old version (`precondition_failed`).
    #[response(status = 412, content_type = "application/problem+json")]
    PreconditionFailed(Problem),
    /// Body too large (`payload_too_large`).
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    /// Body not JSON (`unsupported_media_type`).
    #[response(status = 415, content_type = "application/problem+json")]
    UnsupportedMediaType(Problem),
    /// Invalid input with field errors (`validation_failed`, `invalid_body`, `unknown_field`, `idempotency_key_reused`).
    #[response(status = 422, content_type = "application/problem+json")]
    Unprocessable(Problem),
    /// `If-Match` missing on an update (`precondition_required`).
    #[response(status = 428, content_type = "application/problem+json")]
    PreconditionRequired(Problem),
    /// Too many requests (`rate_limited`).
    #[response(status = 429, content_type = "application/problem+json")]
    RateLimited(Problem),
    /// Temporarily unavailable (`service_unavailable`).
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(Problem),
}
