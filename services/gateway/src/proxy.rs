//! Forwarding: every path a service owns goes to it unchanged over pooled keep-alive
//! connections. Request bodies stream up (bounded by the body limit), responses stream down.
//! Invalid tokens stop here (401); token-less requests pass and each service decides.

use std::net::IpAddr;

use std::cell::Cell;
use std::rc::Rc;

use actix_web::body::SizedStream;
use actix_web::error::PayloadError;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use awc::error::{ConnectError, SendRequestError};
use futures_util::StreamExt;
use lt_auth::{INVALID_TOKEN, REALM};
use lt_http::client_address::client_address;
use lt_http::conventions::valid_traceparent;
use lt_http::{ApiError, RequestId, RouteLabel, kinds};

use crate::edge::Bearer;
use crate::state::GatewayState;

/// Bodies up to this size are relayed in one piece.
const SMALL_BODY: u64 = 64 * 1024;

/// Headers that describe one connection, never forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP: [&str; 8] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

fn hop_by_hop(name: &HeaderName) -> bool {
    HOP_BY_HOP.contains(&name.as_str())
}

fn bearer_token(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

fn forwarded_node(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("\"[{v6}]\""),
    }
}

/// A W3C `traceparent` to pass on: the caller's when well-formed, else a new trace, whose
/// id then goes into this request's log lines too.
fn traceparent(req: &HttpRequest) -> String {
    let incoming = req
        .headers()
        .get("traceparent")
        .and_then(|v| v.to_str().ok());
    match incoming.filter(|t| valid_traceparent(t)) {
        Some(t) => t.to_owned(),
        None => {
            let trace = uuid::Uuid::new_v4().simple().to_string();
            let span = &uuid::Uuid::new_v4().simple().to_string()[..16];
            tracing::Span::current().record("trace_id", trace.as_str());
            format!("00-{trace}-{span}-01")
        }
    }
}

fn unavailable(service: &str, retry_after: u32) -> ApiError {
    ApiError::new(&kinds::SERVICE_UNAVAILABLE)
        .with_detail(format!("the {service} service is not reachable"))
        .with_header(header::RETRY_AFTER, retry_after.to_string())
}

fn upstream_error(service: &str, error: &SendRequestError) -> ApiError {
    tracing::warn!(service, %error, "upstream request failed");
    match error {
        SendRequestError::Connect(ConnectError::Timeout)
        | SendRequestError::Connect(ConnectError::Io(_)) => unavailable(service, 5),
        SendRequestError::Connect(_) => unavailable(service, 5),
        SendRequestError::Timeout => ApiError::new(&kinds::GATEWAY_TIMEOUT)
            .with_detail(format!("the {service} service did not answer in time")),
        _ => ApiError::new(&kinds::BAD_GATEWAY)
            .with_detail(format!("the {service} service answered badly")),
    }
}

fn copy_request_headers(from: &HeaderMap, to: &mut HeaderMap) {
    for (name, value) in from {
        if !hop_by_hop(name) && name != header::HOST {
            to.append(name.clone(), value.clone());
        }
    }
}

/// A caller let in at the edge.
pub struct Admitted {
    /// The client's address, through the trusted proxies.
    pub client: Option<IpAddr>,
    /// Who the token speaks for, when one was sent.
    pub bearer: Option<Bearer>,
}

/// Checks the caller at the edge: a token, when sent, must be valid (401 otherwise); then
/// the rate limit, per token subject or else per client address (429 with `Retry-After`).
pub async fn admit(req: &HttpRequest, state: &GatewayState) -> Result<Admitted, ApiError> {
    let client = client_address(req, &state.trusted_proxies);
    let mut client_key = client.map_or_else(|| "unknown".to_owned(), |ip| format!("addr:{ip}"));
    let mut bearer = None;
    if let Some(token) = bearer_token(req) {
        match state.tokens.bearer(token).await {
            Ok(found) => {
                client_key = format!("sub:{}", found.subject);
                bearer = Some(found);
            }
            Err(lt_auth::TokenError::KeysUnavailable) => {
                return Err(unavailable("identity", state.tokens.retry_after_seconds()));
            }
            Err(error) => {
                return Err(ApiError::new(&INVALID_TOKEN).with_header(
                    header::WWW_AUTHENTICATE,
                    format!("Bearer realm=\"{REALM}\", error=\"invalid_token\", error_description=\"{}\"", error.description()),
                ));
            }
        }
    }
    if let Err(wait) = state.limit.admit(&client_key) {
        return Err(
            ApiError::new(&kinds::RATE_LIMITED).with_header(header::RETRY_AFTER, wait.to_string())
        );
    }
    Ok(Admitted { client, bearer })
}

/// The catch-all handler: route, check, forward.
pub async fn forward(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<GatewayState>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path().to_owned();
    let upstream = state
        .upstream_for(&path)
        .ok_or_else(|| ApiError::new(&kinds::ROUTE_NOT_FOUND))?;
    let label = state
        .routes
        .template_for(&path)
        .unwrap_or_else(|| format!("{}:other", upstream.name));

    let client = admit(&req, &state).await?.client;
    let declared_length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    // An upload operation may declare a larger limit of its own (`x-body-limit`).
    let body_limit = state
        .routes
        .upload_limit(req.method().as_str(), &path)
        .unwrap_or(state.body_limit);
    if declared_length.is_some_and(|len| len > body_limit) {
        return Err(ApiError::new(&kinds::PAYLOAD_TOO_LARGE));
    }

    let url = format!(
        "{}{}",
        upstream.base_url,
        req.uri()
            .path_and_query()
            .map_or(path.as_str(), |pq| pq.as_str())
    );
    let http = req
        .app_data::<awc::Client>()
        .ok_or_else(|| ApiError::Unexpected(anyhow::anyhow!("no HTTP client on this worker")))?;
    let mut forwarded = http
        .request(req.method().clone(), url)
        .no_decompress()
        .timeout(state.upstream_timeout);
    copy_request_headers(req.headers(), forwarded.headers_mut());
    let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
    let headers = forwarded.headers_mut();
    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        headers.insert(lt_http::REQUEST_ID, id);
    }
    if let Ok(trace) = HeaderValue::from_str(&traceparent(&req)) {
        headers.insert(HeaderName::from_static("traceparent"), trace);
    }
    // One hop for the services: the client as this gateway resolved it (through its trusted
    // proxies), replacing whatever chain came in. The Host goes along only when it is plainly
    // a host name, so nothing can be smuggled into the header.
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        });
    if let Some(ip) = client {
        let mut ours = format!("for={};proto=http", forwarded_node(ip));
        if let Some(host) = host {
            ours.push_str(&format!(";host=\"{host}\""));
        }
        if let Ok(value) = HeaderValue::from_str(&ours) {
            headers.insert(header::FORWARDED, value);
        }
        if let Ok(value) = HeaderValue::from_str(&ip.to_string()) {
            headers.insert(HeaderName::from_static("x-forwarded-for"), value);
        }
    }
    if let Some(value) = host.and_then(|h| HeaderValue::from_str(h).ok()) {
        headers.insert(HeaderName::from_static("x-forwarded-host"), value);
    }

    // Bodies without a Content-Length are counted as they stream and cut at the limit.
    let exceeded = Rc::new(Cell::new(false));
    let (flag, limit) = (Rc::clone(&exceeded), body_limit);
    let mut seen = 0_usize;
    let payload = payload.map(move |chunk| {
        let bytes = chunk?;
        seen += bytes.len();
        if seen > limit {
            flag.set(true);
            return Err(PayloadError::Overflow);
        }
        Ok(bytes)
    });

    let mut response = forwarded.send_stream(payload).await.map_err(|e| {
        if exceeded.get() {
            ApiError::new(&kinds::PAYLOAD_TOO_LARGE)
        } else {
            upstream_error(upstream.name, &e)
        }
    })?;
    let mut answer = HttpResponse::build(response.status());
    for (name, value) in response.headers() {
        if !hop_by_hop(name) && name != header::CONTENT_LENGTH {
            answer.append_header((name.clone(), value.clone()));
        }
    }
    let length = response
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    // Small bodies (most JSON answers) are read whole and sent in one piece, which costs less
    // than relaying them chunk by chunk; large or unsized ones stream.
    let mut answer = match length {
        Some(length) if length <= SMALL_BODY => {
            let body = response
                .body()
                .limit(SMALL_BODY as usize)
                .await
                .map_err(|e| {
                    ApiError::new(&kinds::BAD_GATEWAY)
                        .with_detail(format!("reading the {} answer: {e}", upstream.name))
                })?;
            answer.body(body)
        }
        Some(length) => answer.body(SizedStream::new(length, response)),
        None => answer.streaming(response),
    };
    answer.extensions_mut().insert(RouteLabel(label));
    Ok(answer)
}
