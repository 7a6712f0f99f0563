//! HTTP conventions every Learning Tree service keeps, in one place:
//!
//! - errors: [`ApiError`] → RFC 9457 problem+json with a stable `code`, titles in Chinese
//!   or English by `Accept-Language`, field errors for bad input;
//! - [`Conventions`] middleware: request id, access log, metrics, problem rendering;
//! - [`configure_conventions`]: body limit, query/path errors, 404 vs 405;
//! - input: [`Json`] with [`Validate`]; output: [`Page`], [`ChangesPage`] (tombstones), CSV;
//! - [`IfMatch`]/[`etag`] for updates, [`create_once`] for `Idempotency-Key`;
//! - [`health::configure`] for `/health/live`, `/health/ready`, `/metrics`;
//! - [`validation`]: one definition of blank text, length and range checks, unknown references;
//! - [`spec::ServiceSpec`]: what the platform knows of each service (name, port, paths).

pub mod changes;
pub mod client_address;
pub mod conventions;
pub mod csv;
pub mod endpoints;
mod error;
pub mod etag;
pub mod extract;
pub mod health;
pub mod idempotency;
pub mod lang;
pub mod metrics;
pub mod openapi;
pub mod outbox;
pub mod pagination;
pub mod probe;
pub mod problem;
pub mod routing;
pub mod server;
pub mod settings;
pub mod spec;
pub mod telemetry;
pub mod validation;
mod whole_numbers;

pub use conventions::{Conventions, REQUEST_ID, RequestId, RouteLabel};
pub use endpoints::Endpoints;
pub use error::{ApiError, ProblemDetails};
pub use etag::{IfMatch, Precondition, etag};
pub use extract::{Json, JsonOrEmpty, Validate};
pub use idempotency::{Created, create_once};
pub use lang::Lang;
pub use metrics::Metrics;
pub use pagination::{
    ChangesPage, ChangesQuery, ChangesRequest, Page, PageQuery, PageRequest, TombstoneView,
};
pub use problem::{FieldError, PROBLEM_JSON, Problem, ProblemKind, kinds};
pub use routing::{DEFAULT_BODY_LIMIT, RouteTable, configure_conventions};
