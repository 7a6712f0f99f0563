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
    BadRequest(Problem),
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
    BadRequest(Problem),
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

/// Gives every response without a description its status's reason phrase ("OK",
/// "Created", …): OpenAPI requires one, and the interesting ones are written by hand.
pub struct DefaultDescriptions;

impl utoipa::Modify for DefaultDescriptions {
    fn modify(&self, openapi: &mut OpenApi) {
        use utoipa::openapi::RefOr;
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
                &mut item.head,
                &mut item.options,
            ];
            for operation in operations.into_iter().flatten() {
                for (status, response) in operation.responses.responses.iter_mut() {
                    if let RefOr::T(response) = response
                        && response.description.is_empty()
                    {
                        let reason = status
                            .parse::<u16>()
                            .ok()
                            .and_then(|code| actix_web::http::StatusCode::from_u16(code).ok())
                            .and_then(|code| code.canonical_reason())
                            .unwrap_or("Response");
                        response.description = reason.to_owned();
                    }
                }
            }
        }
    }
}

/// Names every operation from its method and path (`get_identity_people_by_id`): unique by
/// construction, stable, and readable in generated clients (function names repeat across
/// resource modules, so they cannot serve).
pub struct OperationIds;

impl utoipa::Modify for OperationIds {
    fn modify(&self, openapi: &mut OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let words: Vec<String> = path
                .split('/')
                .filter(|s| !s.is_empty() && *s != "api" && *s != "v1")
                .map(
                    |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                        Some(param) => format!("by_{param}"),
                        None => s.trim_start_matches('.').replace(['-', '.'], "_"),
                    },
                )
                .collect();
            let operations = [
                ("get", &mut item.get),
                ("put", &mut item.put),
                ("post", &mut item.post),
                ("delete", &mut item.delete),
                ("patch", &mut item.patch),
            ];
            for (method, operation) in operations {
                if let Some(operation) = operation {
                    operation.operation_id = Some(format!("{method}_{}", words.join("_")));
                }
            }
        }
    }
}

/// Declares every `{name}` of a path as a required string path parameter on each of its
/// operations that does not declare it (ids are opaque strings throughout the platform).
pub struct PathParameters;

impl utoipa::Modify for PathParameters {
    fn modify(&self, openapi: &mut OpenApi) {
        use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
        use utoipa::openapi::{ObjectBuilder, Required, Type};
        for (path, item) in openapi.paths.paths.iter_mut() {
            let names: Vec<String> = path
                .split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .map(str::to_owned)
                .collect();
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                let parameters = operation.parameters.get_or_insert_with(Vec::new);
                for name in &names {
                    let declared = parameters.iter().any(|p| match p {
                        utoipa::openapi::RefOr::T(p) => {
                            &p.name == name && p.parameter_in == ParameterIn::Path
                        }
                        utoipa::openapi::RefOr::Ref(_) => false,
                    });
                    if !declared {
                        parameters.push(
                            ParameterBuilder::new()
                                .name(name)
                                .parameter_in(ParameterIn::Path)
                                .required(Required::True)
                                .description(Some("Record id (opaque string)"))
                                .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                                .build()
                                .into(),
                        );
                    }
                }
            }
        }
    }
}

/// Replaces every `"pattern": "\\S"` in the document with [`NOT_BLANK`](crate::validation::NOT_BLANK):
/// handlers write the short form, the published schema states exactly the characters the
/// server counts as blank (see `lt_http::validation`).
pub struct TextPatterns;

impl utoipa::Modify for TextPatterns {
    fn modify(&self, openapi: &mut OpenApi) {
        fn rewrite(value: &mut serde_json::Value) {
            match value {
                serde_json::Value::Object(map) => {
                    for (key, inner) in map.iter_mut() {
                        if key == "pattern" && inner.as_str() == Some("\\S") {
                            *inner =
                                serde_json::Value::String(crate::validation::NOT_BLANK.to_owned());
                        } else {
                            rewrite(inner);
                        }
                    }
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(rewrite),
                _ => {}
            }
        }
        let Ok(mut document) = serde_json::to_value(&*openapi) else {
            return;
        };
        rewrite(&mut document);
        if let Ok(rewritten) = serde_json::from_value(document) {
            *openapi = rewritten;
        }
    }
}
