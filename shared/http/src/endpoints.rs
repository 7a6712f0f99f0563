//! One declaration per endpoint. A handler and its `#[utoipa::path]` annotation are the only
//! place an endpoint is written: [`endpoints!`](crate::endpoints!) turns a module's handler
//! names into [`Endpoints`], from which the service's routes *and* the path list of its
//! OpenAPI document are made. Nothing else names a path or a method.
//!
//! Why the kit's own registration and not `utoipa-actix-web`: that crate reads the path
//! from actix's `#[get("…")]` macros, so every one of the platform's annotated handlers
//! would have to be rewritten, and route order would still be registration order. Here the
//! annotation already holds path and method; [`Endpoints::configure`] registers paths with
//! literal segments before parameters (`…/courses/changes` before `…/courses/{course_id}`),
//! so no ordering rule is written in any comment.
//!
//! [`unrouted`] is the check each service runs in `cargo test`: every documented method and
//! path reaches a handler, and the path parameters the router captures are the documented
//! ones (a shadowed route fails it).

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::sync::Arc;

use actix_web::http::Method;
use actix_web::{FromRequest, Handler, Responder, Route, web};
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{OpenApi, RefOr};

#[doc(hidden)]
pub use paste;

/// The path type utoipa generates beside each annotated handler (`__path_<handler>`).
pub trait Documented:
    utoipa::Path + utoipa::__dev::SchemaReferences + for<'t> utoipa::__dev::Tags<'t>
{
}

impl<T> Documented for T where
    T: utoipa::Path + utoipa::__dev::SchemaReferences + for<'t> utoipa::__dev::Tags<'t>
{
}

type MakeRoute = Arc<dyn Fn(Method) -> Route + Send + Sync>;

/// An operation and the schemas it names.
type Documentation = (Operation, Vec<(String, RefOr<Schema>)>);

/// One annotated handler: its path and methods (what routing needs), how to document it, and
/// how to route it.
pub struct Endpoint {
    path: String,
    methods: Vec<HttpMethod>,
    /// Its operation (tags included) and the schemas it names, built only when documenting:
    /// every worker registers routes, only the document needs the operations.
    documented: fn() -> Documentation,
    route: MakeRoute,
}

/// The operation of `P` with its tags, and the schemas it names.
fn documented<P: Documented>() -> Documentation {
    let mut operation = P::operation();
    let tags = <P as utoipa::__dev::Tags>::tags();
    if !tags.is_empty() {
        operation
            .tags
            .get_or_insert_with(Vec::new)
            .extend(tags.iter().map(ToString::to_string));
    }
    let mut schemas = Vec::new();
    <P as utoipa::__dev::SchemaReferences>::schemas(&mut schemas);
    (operation, schemas)
}

impl Endpoint {
    /// The endpoint of `handler`, documented by `P` (use [`endpoints!`](crate::endpoints!)).
    pub fn new<P, F, Args>(handler: F) -> Self
    where
        P: Documented,
        F: Handler<Args> + Send + Sync,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        Self {
            path: P::path(),
            methods: P::methods(),
            documented: documented::<P>,
            route: Arc::new(move |method| web::method(method).to(handler.clone())),
        }
    }
}

/// A service's endpoints, in declaration order (the order of its OpenAPI document).
#[derive(Default)]
pub struct Endpoints(Vec<Endpoint>);

impl From<Vec<Endpoint>> for Endpoints {
    fn from(endpoints: Vec<Endpoint>) -> Self {
        Self(endpoints)
    }
}

impl Endpoints {
    /// These endpoints followed by `more`'s.
    pub fn and(mut self, more: Endpoints) -> Self {
        self.0.extend(more.0);
        self
    }

    /// Every method and path, `GET /api/v1/…`.
    pub fn operations(&self) -> BTreeSet<String> {
        self.0
            .iter()
            .flat_map(|e| e.methods.iter().map(|m| operation_name(m, &e.path)))
            .collect()
    }

    /// Registers every endpoint: paths with a literal segment where another has a parameter
    /// first, so the more specific route wins whatever the declaration order.
    pub fn configure(&self, cfg: &mut web::ServiceConfig) {
        let mut order: Vec<&Endpoint> = self.0.iter().collect();
        order.sort_by(|a, b| specificity(&a.path, &b.path));
        for endpoint in order {
            for method in &endpoint.methods {
                cfg.route(&endpoint.path, (endpoint.route)(actix_method(method)));
            }
        }
    }

    /// Adds every endpoint's operation and the schemas they name to `doc`.
    pub fn document(&self, doc: &mut OpenApi) {
        let components = doc
            .components
            .get_or_insert_with(utoipa::openapi::Components::new);
        for endpoint in &self.0 {
            let (operation, schemas) = (endpoint.documented)();
            for (name, schema) in schemas {
                components.schemas.entry(name).or_insert(schema);
            }
            doc.paths
                .add_path_operation(&endpoint.path, endpoint.methods.clone(), operation);
        }
    }
}

/// The modifier that puts a service's endpoints into its `#[derive(OpenApi)]` document; it
/// comes first in `modifiers(…)` so the others see every path:
/// `modifiers(&EndpointPaths(routes::endpoints), &BearerAuth, …)`.
pub struct EndpointPaths(pub fn() -> Endpoints);

impl utoipa::Modify for EndpointPaths {
    fn modify(&self, doc: &mut OpenApi) {
        (self.0)().document(doc);
    }
}

/// `GET /api/v1/training/courses`.
pub fn operation_name(method: &HttpMethod, path: &str) -> String {
    format!("{} {path}", actix_method(method))
}

fn actix_method(method: &HttpMethod) -> Method {
    match method {
        HttpMethod::Get => Method::GET,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Post => Method::POST,
        HttpMethod::Delete => Method::DELETE,
        HttpMethod::Options => Method::OPTIONS,
        HttpMethod::Head => Method::HEAD,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Trace => Method::TRACE,
    }
}

fn is_parameter(segment: &str) -> bool {
    segment.starts_with('{')
}

/// Orders two path templates so that, at the first segment where one has a literal and the
/// other a parameter, the literal comes first (a total order: segment by segment, literals
/// before parameters, then by text).
fn specificity(a: &str, b: &str) -> Ordering {
    let key = |path: &str| -> Vec<(bool, String)> {
        path.split('/')
            .map(|s| {
                if is_parameter(s) {
                    (true, String::new())
                } else {
                    (false, s.to_owned())
                }
            })
            .collect()
    };
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

/// Declares a module's endpoints from its annotated handlers' names:
/// `lt_http::endpoints![create, list, read]`.
#[macro_export]
macro_rules! endpoints {
    ($($handler:ident),* $(,)?) => {
        $crate::endpoints::Endpoints::from(vec![$(
            $crate::endpoints::paste::paste! {
                $crate::endpoints::Endpoint::new::<[<__path_ $handler>], _, _>($handler)
            }
        ),*])
    };
}

/// The documented operations of `doc` that do not reach a handler of `configure` as
/// documented: answered by the default service (no route), or routed to a path whose
/// parameters are not the documented ones (shadowed by another route). Empty when every
/// documented operation is routed.
pub async fn unrouted<F>(doc: &OpenApi, configure: F) -> Vec<String>
where
    F: FnOnce(&mut web::ServiceConfig),
{
    use actix_web::{App, HttpResponse, test};
    const UNROUTED: &str = "x-unrouted";
    const SAMPLE: &str = "sample-value";
    let app = test::init_service(App::new().configure(configure).default_service(web::to(
        || async {
            HttpResponse::NotFound()
                .insert_header((UNROUTED, "1"))
                .finish()
        },
    )))
    .await;
    let mut missing = Vec::new();
    for (path, item) in &doc.paths.paths {
        let parameters: BTreeSet<String> = path
            .split('/')
            .filter(|s| is_parameter(s))
            .map(|s| s.trim_matches(['{', '}']).to_owned())
            .collect();
        let uri: String = path
            .split('/')
            .map(|s| if is_parameter(s) { SAMPLE } else { s })
            .collect::<Vec<_>>()
            .join("/");
        let methods = [
            (HttpMethod::Get, &item.get),
            (HttpMethod::Put, &item.put),
            (HttpMethod::Post, &item.post),
            (HttpMethod::Delete, &item.delete),
            (HttpMethod::Patch, &item.patch),
        ];
        for (method, _) in methods.iter().filter(|(_, op)| op.is_some()) {
            let request = test::TestRequest::default()
                .method(actix_method(method))
                .uri(&uri)
                .to_request();
            let response = test::call_service(&app, request).await;
            let captured = response.request().match_info();
            let as_documented = captured.iter().all(|(_, value)| value == SAMPLE)
                && captured
                    .iter()
                    .map(|(name, _)| name.to_owned())
                    .collect::<BTreeSet<_>>()
                    == parameters;
            if response.headers().contains_key(UNROUTED) || !as_documented {
                missing.push(operation_name(method, path));
            }
        }
    }
    missing
}

/// Fails (a test's assertion) unless every operation `doc` documents is routed by
/// `configure` as documented; each service's `cargo test` calls it.
pub async fn assert_routed<F>(doc: &OpenApi, configure: F)
where
    F: FnOnce(&mut web::ServiceConfig),
{
    assert!(!doc.paths.paths.is_empty(), "the document lists no path");
    let unrouted = unrouted(doc, configure).await;
    assert!(
        unrouted.is_empty(),
        "documented but not routed: {unrouted:?}"
    );
}

/// The routing test every service runs (`cargo test`), written once: in `routes/mod.rs`,
/// `lt_http::every_documented_operation_is_routed!();` checks with [`assert_routed`] that
/// `crate::ApiDoc`'s operations are all routed by `crate::configure` as documented.
#[macro_export]
// `crate::` is meant: the calling service's `ApiDoc` and `configure`.
#[allow(clippy::crate_in_macro_def)]
macro_rules! every_documented_operation_is_routed {
    () => {
        #[cfg(test)]
        mod routing {
            /// A documented operation with no route, or one shadowed by another, fails here.
            #[actix_web::test]
            async fn every_documented_operation_is_routed() {
                let doc = <crate::ApiDoc as utoipa::OpenApi>::openapi();
                $crate::endpoints::assert_routed(&doc, crate::configure).await;
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_are_registered_before_parameters() {
        let mut paths = vec![
            "/api/v1/t/courses/{course_id}",
            "/api/v1/t/courses/changes",
            "/api/v1/t/courses",
            "/api/v1/t/{kind}/x",
            "/api/v1/t/courses/{course_id}/sessions",
        ];
        paths.sort_by(|a, b| specificity(a, b));
        assert_eq!(
            paths,
            vec![
                "/api/v1/t/courses",
                "/api/v1/t/courses/changes",
                "/api/v1/t/courses/{course_id}",
                "/api/v1/t/courses/{course_id}/sessions",
                "/api/v1/t/{kind}/x",
            ]
        );
    }
}
