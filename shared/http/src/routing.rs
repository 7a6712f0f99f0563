//! App-wide conventions for input and unknown routes: body limits, query and path errors as
//! problems, and 404 vs 405 decided from the service's own OpenAPI document.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::ApiError;
use crate::problem::{FieldError, kinds};

/// Default largest request body a service reads (JSON, CSV uploads have their own limits).
pub const DEFAULT_BODY_LIMIT: usize = 256 * 1024;

/// The OpenAPI operation extension that raises the body limit of one upload operation
/// (bytes): the gateway lets such bodies through, the handler reads them with that limit.
pub const BODY_LIMIT_EXTENSION: &str = "x-body-limit";

/// The service's routes as path templates with their methods, read from its OpenAPI
/// document, so an unknown method on a known path answers 405 with `Allow`, not 404.
#[derive(Clone, Debug, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<String>, Vec<String>)>,
    /// Operations with their own body limit ([`BODY_LIMIT_EXTENSION`]): template, method, bytes.
    upload_limits: Vec<(Vec<String>, String, usize)>,
}

impl RouteTable {
    pub fn from_openapi(doc: &utoipa::openapi::OpenApi) -> Self {
        let mut table = Self::default();
        if let Ok(serde_json::Value::Object(paths)) = serde_json::to_value(&doc.paths.paths) {
            for (template, item) in paths {
                for (method, operation) in item.as_object().into_iter().flatten() {
                    if let Some(limit) = operation
                        .get(BODY_LIMIT_EXTENSION)
                        .and_then(serde_json::Value::as_u64)
                        .and_then(|l| usize::try_from(l).ok())
                    {
                        table.upload_limits.push((
                            Self::segments(&template),
                            method.to_ascii_uppercase(),
                            limit,
                        ));
                    }
                }
                let methods = item
                    .as_object()
                    .map(|ops| {
                        ops.keys()
                            .filter(|m| {
                                matches!(
                                    m.as_str(),
                                    "get"
                                        | "put"
                                        | "post"
                                        | "delete"
                                        | "patch"
                                        | "head"
                                        | "options"
                                )
                            })
                            .map(|m| m.to_ascii_uppercase())
                            .collect()
                    })
                    .unwrap_or_default();
                table = table.with(&template, methods);
            }
        }
        table
    }

    fn segments(template: &str) -> Vec<String> {
        template
            .trim_matches('/')
            .split('/')
            .map(str::to_owned)
            .collect()
    }

    /// Adds a route that is not in the OpenAPI document (health, metrics).
    pub fn with(mut self, template: &str, methods: Vec<String>) -> Self {
        self.routes.push((Self::segments(template), methods));
        self
    }

    /// The body limit of `method` on `path` when its operation declares one
    /// ([`BODY_LIMIT_EXTENSION`]); otherwise the service's general limit applies.
    pub fn upload_limit(&self, method: &str, path: &str) -> Option<usize> {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let template = self.template_for(path)?;
        let template = Self::segments(&template);
        self.upload_limits
            .iter()
            .find(|(t, m, _)| *t == template && m == method && Self::matches(t, &segments))
            .map(|(_, _, limit)| *limit)
    }

    /// The template that `path` matches (e.g. `/api/v1/identity/people/{id}`).
    pub fn template_for(&self, path: &str) -> Option<String> {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        // Prefer the template with the most literal segments (`/people/changes` over `/people/{id}`).
        self.routes
            .iter()
            .filter(|(template, _)| Self::matches(template, &segments))
            .max_by_key(|(template, _)| template.iter().filter(|t| !t.starts_with('{')).count())
            .map(|(template, _)| format!("/{}", template.join("/")))
    }

    fn matches(template: &[String], segments: &[&str]) -> bool {
        template.len() == segments.len()
            && template
                .iter()
                .zip(segments)
                .all(|(t, s)| (t.starts_with('{') && t.ends_with('}') && !s.is_empty()) || t == s)
    }

    /// Every template with its methods.
    pub fn routes(&self) -> impl Iterator<Item = (String, &[String])> {
        self.routes
            .iter()
            .map(|(template, methods)| (format!("/{}", template.join("/")), methods.as_slice()))
    }

    /// Methods allowed on `path`: those of the most specific template it matches (a literal
    /// segment beats a `{parameter}`), if any.
    pub fn allowed_methods(&self, path: &str) -> Option<Vec<String>> {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let specificity =
            |template: &[String]| template.iter().filter(|t| !t.starts_with('{')).count();
        let best = self
            .routes
            .iter()
            .filter(|(template, _)| Self::matches(template, &segments))
            .map(|(template, _)| specificity(template))
            .max()?;
        let mut allowed: Vec<String> = self
            .routes
            .iter()
            .filter(|(template, _)| {
                Self::matches(template, &segments) && specificity(template) == best
            })
            .flat_map(|(_, methods)| methods.iter().cloned())
            .collect();
        allowed.sort();
        allowed.dedup();
        Some(allowed)
    }
}

/// The default service: 405 with `Allow` when the path exists under another method, else 404.
async fn unknown_route(
    req: HttpRequest,
    routes: Option<web::Data<RouteTable>>,
) -> Result<HttpResponse, ApiError> {
    Err(match routes.and_then(|r| r.allowed_methods(req.path())) {
        Some(methods) => ApiError::new(&kinds::METHOD_NOT_ALLOWED)
            .with_header(header::ALLOW, methods.join(", "))
            .with_detail(format!(
                "{} is not supported here; allowed: {}",
                req.method(),
                methods.join(", ")
            )),
        None => ApiError::new(&kinds::ROUTE_NOT_FOUND),
    })
}

/// Registers the input conventions on an app or scope: body limits, query/path error
/// answers and the 404/405 default service. `routes` usually comes from the service's
/// `ApiDoc::openapi()`.
pub fn configure_conventions(cfg: &mut web::ServiceConfig, routes: RouteTable, body_limit: usize) {
    cfg.app_data(web::Data::new(routes))
        .app_data(web::PayloadConfig::new(body_limit))
        .app_data(
            web::JsonConfig::default()
                .limit(body_limit)
                .error_handler(|err, _| crate::extract::json_payload_error(err).into()),
        )
        .app_data(
            web::FormConfig::default()
                .limit(body_limit)
                .error_handler(|err, _| {
                    use actix_web::error::UrlencodedError;
                    match err {
                        UrlencodedError::ContentType => {
                            ApiError::new(&kinds::UNSUPPORTED_MEDIA_TYPE)
                                .with_detail("send the body as application/x-www-form-urlencoded")
                        }
                        UrlencodedError::Overflow { .. } => {
                            ApiError::new(&kinds::PAYLOAD_TOO_LARGE)
                        }
                        other => ApiError::new(&kinds::BAD_REQUEST).with_detail(other.to_string()),
                    }
                    .into()
                }),
        )
        .app_data(web::QueryConfig::default().error_handler(|err, _| {
            ApiError::new(&kinds::INVALID_QUERY)
                .with_errors(vec![FieldError::new("", "invalid", err.to_string())])
                .into()
        }))
        // A path that does not parse (e.g. a non-numeric id) names no record: 404.
        .app_data(web::PathConfig::default().error_handler(|_, _| ApiError::not_found().into()))
        .default_service(web::to(unknown_route));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_templates_segment_by_segment() {
        let table = RouteTable::default()
            .with("/api/v1/things", vec!["GET".into(), "POST".into()])
            .with("/api/v1/things/{id}", vec!["GET".into(), "PATCH".into()]);
        assert_eq!(
            table.allowed_methods("/api/v1/things/42"),
            Some(vec!["GET".into(), "PATCH".into()])
        );
        assert_eq!(
            table.allowed_methods("/api/v1/things"),
            Some(vec!["GET".into(), "POST".into()])
        );
        assert_eq!(table.allowed_methods("/api/v1/things/42/x"), None);
        assert_eq!(table.allowed_methods("/api/v1/other"), None);
        let table = table.with("/api/v1/things/changes", vec!["GET".into()]);
        assert_eq!(
            table.allowed_methods("/api/v1/things/changes"),
            Some(vec!["GET".into()]),
            "the literal beats {{id}}"
        );
        assert_eq!(
            table.template_for("/api/v1/things/changes").as_deref(),
            Some("/api/v1/things/changes")
        );
        assert_eq!(
            table.template_for("/api/v1/things/7").as_deref(),
            Some("/api/v1/things/{id}")
        );
    }
}
