//! The middleware every service wraps its app in: a request id on every response and log
//! line, one access-log line per request, request metrics, and every error rendered as
//! problem+json in the reader's language.

use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::rc::Rc;
use std::time::Instant;

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{Error, HttpMessage};
use tracing::Instrument;

use crate::error::PendingProblem;
use crate::lang::Lang;
use crate::metrics::Metrics;
use crate::problem::{PROBLEM_JSON, Problem, ProblemKind};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Names the route of a response for metrics and logs when the router cannot (the
/// gateway's catch-all proxy puts the upstream path template here).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteLabel(pub String);

/// The id of the request being served (from a valid incoming `X-Request-Id`, or new).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

/// True for a well-formed W3C `traceparent` (`00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`).
pub fn valid_traceparent(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    parts.len() == 4
        && [2, 32, 16, 2]
            .iter()
            .zip(&parts)
            .all(|(len, part)| part.len() == *len && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Accepts a caller's request id when it is short and plain, so it is safe in logs.
fn acceptable_request_id(value: &HeaderValue) -> Option<String> {
    let text = value.to_str().ok()?;
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':');
    (!text.is_empty() && text.len() <= 128 && text.bytes().all(plain)).then(|| text.to_owned())
}

/// See the module documentation. Wrap it outermost: `App::new().wrap(Conventions::new(metrics))`.
#[derive(Clone)]
pub struct Conventions {
    metrics: Metrics,
}

impl Conventions {
    pub fn new(metrics: Metrics) -> Self {
        Self { metrics }
    }
}

impl<S, B> Transform<S, ServiceRequest> for Conventions
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = ConventionsService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(ConventionsService {
            service: Rc::new(service),
            metrics: self.metrics.clone(),
        }))
    }
}

pub struct ConventionsService<S> {
    service: Rc<S>,
    metrics: Metrics,
}

type LocalBoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

impl<S, B> Service<ServiceRequest> for ConventionsService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = LocalBoxFuture<Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let started = Instant::now();
        let request_id = req
            .headers()
            .get(&REQUEST_ID)
            .and_then(acceptable_request_id)
            .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
        req.extensions_mut().insert(RequestId(request_id.clone()));
        let lang = crate::lang::from_headers(req.headers());
        let method = req.method().clone();
        let path = req.path().to_owned();
        let span = tracing::info_span!(
            "request",
            request_id = %request_id,
            method = %method,
            path = %path,
            trace_id = tracing::field::Empty
        );
        if let Some(trace) = req
            .headers()
            .get("traceparent")
            .and_then(|v| v.to_str().ok())
            .filter(|t| valid_traceparent(t))
        {
            span.record("trace_id", &trace[3..35]);
        }
        let metrics = self.metrics.clone();
        let service = Rc::clone(&self.service);

        Box::pin(
            async move {
                // An `Err` can only come from a middleware inside this one; actix renders it
                // with its `error_response`, which for `ApiError` is already problem+json.
                let mut response = service.call(req).await?.map_into_left_body();
                let status = response.status();
                let labelled = response
                    .response()
                    .extensions()
                    .get::<RouteLabel>()
                    .map(|l| l.0.clone());
                let route = labelled
                    .or_else(|| response.request().match_pattern())
                    .unwrap_or_else(|| "unmatched".to_owned());
                let elapsed = started.elapsed();
                metrics.observe(method.as_str(), &route, status.as_u16(), elapsed);
                let latency_ms = elapsed.as_secs_f64() * 1000.0;
                if status.is_server_error() {
                    tracing::warn!(status = status.as_u16(), %route, latency_ms, "request served");
                } else {
                    tracing::info!(status = status.as_u16(), %route, latency_ms, "request served");
                }
                if let Ok(value) = HeaderValue::from_str(&request_id) {
                    response.headers_mut().insert(REQUEST_ID, value);
                }
                if status.is_client_error() || status.is_server_error() {
                    response = render_problem(response, lang, &path, &request_id);
                }
                Ok(response)
            }
            .instrument(span),
        )
    }
}

/// Replaces an error response's body with the problem in the reader's language; a response
/// that no handler described (a framework error) gets the generic problem of its status.
fn render_problem<B>(
    mut response: ServiceResponse<EitherBody<B>>,
    lang: Lang,
    path: &str,
    request_id: &str,
) -> ServiceResponse<EitherBody<B>>
where
    B: MessageBody + 'static,
{
    let pending = response
        .response()
        .extensions()
        .get::<PendingProblem>()
        .cloned();
    let already_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if pending.is_none() && already_problem {
        return response; // rendered by someone who knew better (e.g. a proxied service)
    }
    let pending = pending.unwrap_or_else(|| PendingProblem {
        kind: ProblemKind::for_status(response.status().as_u16()),
        detail: None,
        errors: Vec::new(),
        oauth: None,
    });
    let problem = Problem {
        instance: Some(path.to_owned()),
        request_id: Some(request_id.to_owned()),
        ..pending.render(lang)
    };
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response.headers_mut().remove(header::CONTENT_LENGTH);
    if lang == Lang::En {
        response
            .headers_mut()
            .insert(header::CONTENT_LANGUAGE, HeaderValue::from_static("en"));
    } else {
        response
            .headers_mut()
            .insert(header::CONTENT_LANGUAGE, HeaderValue::from_static("zh-CN"));
    }
    response.map_body(|_, _| EitherBody::right(BoxBody::new(body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_context_and_request_ids_are_checked_before_use() {
        assert!(valid_traceparent(
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        ));
        assert!(!valid_traceparent(
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331"
        ));
        assert!(!valid_traceparent(
            "00-zzf7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        ));
        assert_eq!(
            acceptable_request_id(&HeaderValue::from_static("oa-7f3a:1")),
            Some("oa-7f3a:1".into())
        );
        assert_eq!(
            acceptable_request_id(&HeaderValue::from_static("a b")),
            None
        );
        assert_eq!(acceptable_request_id(&HeaderValue::from_static("")), None);
    }
}
