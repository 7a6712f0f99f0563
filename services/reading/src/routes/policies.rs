//! `/api/v1/reading/policies/{kind}`: circulation rules and reading-log limits, versioned.
//! Anyone signed in reads them; the programme office publishes a new version, in force from
//! its `effective_from` day (loans record the version that set their due day).

use actix_web::{HttpRequest, HttpResponse, web};
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::{ApiError, Json};
use lt_service::Caller;
use lt_service::policy::{self as shared, PolicyRoute};
pub use lt_service::policy::{NewPolicyVersion, PolicyVersionView};
use lt_store::{Store, WriteTx};

use crate::domain::policy::{CirculationPolicy, PolicyKind, ReadingLogPolicy};

const fn route(kind: PolicyKind, path: &'static str) -> PolicyRoute {
    PolicyRoute {
        stored_as: kind.as_str(),
        name: kind.as_str(),
        path,
        event: "reading.policy.published",
    }
}

/// Nothing beyond the event is recorded: the version itself says who published it.
fn no_audit<T>(_: &mut WriteTx<'_>, _: &str, _: &PolicyVersionView<T>) -> Result<(), ApiError> {
    Ok(())
}

/// The circulation policy's routes.
pub mod circulation {
    use super::*;

    const ROUTE: PolicyRoute = route(
        PolicyKind::Circulation,
        "/api/v1/reading/policies/circulation",
    );

    /// Every version of the circulation policy, newest first.
    #[utoipa::path(get, path = "/api/v1/reading/policies/circulation", tag = "policies", security(("bearer" = [])),
        responses((status = 200, body = [PolicyVersionView<CirculationPolicy>]), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn list(store: web::Data<Store>, caller: Caller) -> Result<HttpResponse, ApiError> {
        shared::list::<CirculationPolicy>(&store, &caller, ROUTE).await
    }

    /// One version of the circulation policy.
    #[utoipa::path(get, path = "/api/v1/reading/policies/circulation/{version}", tag = "policies", security(("bearer" = [])),
        params(("version" = i32, Path, minimum = 1, description = "Version number")),
        responses((status = 200, body = PolicyVersionView<CirculationPolicy>), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn read(
        store: web::Data<Store>,
        caller: Caller,
        number: web::Path<i32>,
    ) -> Result<HttpResponse, ApiError> {
        shared::read::<CirculationPolicy>(&store, &caller, ROUTE, number.into_inner()).await
    }

    /// Publish a new version of the circulation policy (the programme office).
    #[utoipa::path(post, path = "/api/v1/reading/policies/circulation", tag = "policies", security(("bearer" = [])),
        request_body = NewPolicyVersion<CirculationPolicy>, params(IdempotencyKeyHeader),
        responses((status = 201, body = PolicyVersionView<CirculationPolicy>, headers(("Location" = String))), WriteErrors),
        extensions(("x-roles" = json!(["admin"]))))]
    pub async fn publish(
        store: web::Data<Store>,
        req: HttpRequest,
        caller: Caller,
        body: Json<NewPolicyVersion<CirculationPolicy>>,
    ) -> Result<HttpResponse, ApiError> {
        shared::publish(&store, &req, &caller, ROUTE, body.into_inner(), no_audit).await
    }

    pub fn endpoints() -> Endpoints {
        lt_http::endpoints![list, read, publish]
    }
}

/// The reading-log policy's routes.
pub mod reading_log {
    use super::*;

    const ROUTE: PolicyRoute = route(
        PolicyKind::ReadingLog,
        "/api/v1/reading/policies/reading-log",
    );

    /// Every version of the reading-log policy, newest first.
    #[utoipa::path(get, path = "/api/v1/reading/policies/reading-log", tag = "policies", security(("bearer" = [])),
        responses((status = 200, body = [PolicyVersionView<ReadingLogPolicy>]), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn list(store: web::Data<Store>, caller: Caller) -> Result<HttpResponse, ApiError> {
        shared::list::<ReadingLogPolicy>(&store, &caller, ROUTE).await
    }

    /// One version of the reading-log policy.
    #[utoipa::path(get, path = "/api/v1/reading/policies/reading-log/{version}", tag = "policies", security(("bearer" = [])),
        params(("version" = i32, Path, minimum = 1, description = "Version number")),
        responses((status = 200, body = PolicyVersionView<ReadingLogPolicy>), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn read(
        store: web::Data<Store>,
        caller: Caller,
        number: web::Path<i32>,
    ) -> Result<HttpResponse, ApiError> {
        shared::read::<ReadingLogPolicy>(&store, &caller, ROUTE, number.into_inner()).await
    }

    /// Publish a new version of the reading-log policy (the programme office).
    #[utoipa::path(post, path = "/api/v1/reading/policies/reading-log", tag = "policies", security(("bearer" = [])),
        request_body = NewPolicyVersion<ReadingLogPolicy>, params(IdempotencyKeyHeader),
        responses((status = 201, body = PolicyVersionView<ReadingLogPolicy>, headers(("Location" = String))), WriteErrors),
        extensions(("x-roles" = json!(["admin"]))))]
    pub async fn publish(
        store: web::Data<Store>,
        req: HttpRequest,
        caller: Caller,
        body: Json<NewPolicyVersion<ReadingLogPolicy>>,
    ) -> Result<HttpResponse, ApiError> {
        shared::publish(&store, &req, &caller, ROUTE, body.into_inner(), no_audit).await
    }

    pub fn endpoints() -> Endpoints {
        lt_http::endpoints![list, read, publish]
    }
}

pub fn endpoints() -> Endpoints {
    circulation::endpoints().and(reading_log::endpoints())
}
