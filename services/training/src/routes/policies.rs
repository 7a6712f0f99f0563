//! `/api/v1/training/policies/{kind}`: the versioned policies (required hours, hour
//! conversion, reimbursement, attendance). Anyone signed in reads them; the programme office
//! publishes a new version, in force from its `effective_from` day. A new version never
//! rewrites what earlier versions produced. Publishing is audited.

use actix_web::{HttpRequest, HttpResponse, web};
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::{ApiError, Json};
use lt_service::Caller;
use lt_store::{Store, WriteTx};
use serde::Serialize;

use crate::domain::policy::{
    AttendancePolicy, HourConversionPolicy, PolicyKind, ReimbursementPolicy, RequirementsPolicy,
};
use crate::store::audit;

use lt_service::policy::{self as shared, PolicyRoute};
pub use lt_service::policy::{NewPolicyVersion, PolicyVersionView};

/// A training policy kind as served: stored and named by its `PolicyKind`.
const fn route(kind: PolicyKind, path: &'static str) -> PolicyRoute {
    PolicyRoute {
        stored_as: kind.as_str(),
        name: kind.as_str(),
        path,
        event: "training.policy.published",
    }
}

/// A publication is audited in the same transaction.
fn audited<T: Serialize>(
    tx: &mut WriteTx<'_>,
    actor: &str,
    view: &PolicyVersionView<T>,
) -> Result<(), ApiError> {
    let target = format!("policy:{}:{}", view.kind, view.version);
    Ok(audit::record(tx, actor, "policy.published", &target, view)?)
}

/// The required-hours policy's routes.
pub mod requirements {
    use super::*;

    const ROUTE: PolicyRoute = route(
        PolicyKind::Requirements,
        "/api/v1/training/policies/requirements",
    );

    /// Every version of the required-hours policy, newest first.
    #[utoipa::path(get, path = "/api/v1/training/policies/requirements", tag = "policies", security(("bearer" = [])),
        responses((status = 200, body = [PolicyVersionView<RequirementsPolicy>]), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn list(store: web::Data<Store>, caller: Caller) -> Result<HttpResponse, ApiError> {
        shared::list::<RequirementsPolicy>(&store, &caller, ROUTE).await
    }

    /// One version of the required-hours policy.
    #[utoipa::path(get, path = "/api/v1/training/policies/requirements/{version}", tag = "policies", security(("bearer" = [])),
        params(("version" = i32, Path, minimum = 1, description = "Version number")),
        responses((status = 200, body = PolicyVersionView<RequirementsPolicy>), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn read(
        store: web::Data<Store>,
        caller: Caller,
        number: web::Path<i32>,
    ) -> Result<HttpResponse, ApiError> {
        shared::read::<RequirementsPolicy>(&store, &caller, ROUTE, number.into_inner()).await
    }

    /// Publish a new version of the required-hours policy (the programme office).
    #[utoipa::path(post, path = "/api/v1/training/policies/requirements", tag = "policies", security(("bearer" = [])),
        request_body = NewPolicyVersion<RequirementsPolicy>, params(IdempotencyKeyHeader),
        responses((status = 201, body = PolicyVersionView<RequirementsPolicy>, headers(("Location" = String))), WriteErrors),
        extensions(("x-roles" = json!(["admin"]))))]
    pub async fn publish(
        store: web::Data<Store>,
        req: HttpRequest,
        caller: Caller,
        body: Json<NewPolicyVersion<RequirementsPolicy>>,
    ) -> Result<HttpResponse, ApiError> {
        shared::publish(&store, &req, &caller, ROUTE, body.into_inner(), audited).await
    }

    pub fn endpoints() -> Endpoints {
        lt_http::endpoints![list, read, publish]
    }
}

/// The hour-conversion policy's routes.
pub mod hour_conversion {
    use super::*;

    const ROUTE: PolicyRoute = route(
        PolicyKind::HourConversion,
        "/api/v1/training/policies/hour-conversion",
    );

    /// Every version of the hour-conversion policy, newest first.
    #[utoipa::path(get, path = "/api/v1/training/policies/hour-conversion", tag = "policies", security(("bearer" = [])),
        responses((status = 200, body = [PolicyVersionView<HourConversionPolicy>]), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn list(store: web::Data<Store>, caller: Caller) -> Result<HttpResponse, ApiError> {
        shared::list::<HourConversionPolicy>(&store, &caller, ROUTE).await
    }

    /// One version of the hour-conversion policy.
    #[utoipa::path(get, path = "/api/v1/training/policies/hour-conversion/{version}", tag = "policies", security(("bearer" = [])),
        params(("version" = i32, Path, minimum = 1, description = "Version number")),
        responses((status = 200, body = PolicyVersionView<HourConversionPolicy>), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn read(
        store: web::Data<Store>,
        caller: Caller,
        number: web::Path<i32>,
    ) -> Result<HttpResponse, ApiError> {
        shared::read::<HourConversionPolicy>(&store, &caller, ROUTE, number.into_inner()).await
    }

    /// Publish a new version of the hour-conversion policy (the programme office).
    #[utoipa::path(post, path = "/api/v1/training/policies/hour-conversion", tag = "policies", security(("bearer" = [])),
        request_body = NewPolicyVersion<HourConversionPolicy>, params(IdempotencyKeyHeader),
        responses((status = 201, body = PolicyVersionView<HourConversionPolicy>, headers(("Location" = String))), WriteErrors),
        extensions(("x-roles" = json!(["admin"]))))]
    pub async fn publish(
        store: web::Data<Store>,
        req: HttpRequest,
        caller: Caller,
        body: Json<NewPolicyVersion<HourConversionPolicy>>,
    ) -> Result<HttpResponse, ApiError> {
        shared::publish(&store, &req, &caller, ROUTE, body.into_inner(), audited).await
    }

    pub fn endpoints() -> Endpoints {
        lt_http::endpoints![list, read, publish]
    }
}

/// The tuition-reimbursement policy's routes.
pub mod reimbursement {
    use super::*;

    const ROUTE: PolicyRoute = route(
        PolicyKind::Reimbursement,
        "/api/v1/training/policies/reimbursement",
    );

    /// Every version of the tuition-reimbursement policy, newest first.
    #[utoipa::path(get, path = "/api/v1/training/policies/reimbursement", tag = "policies", security(("bearer" = [])),
        responses((status = 200, body = [PolicyVersionView<ReimbursementPolicy>]), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn list(store: web::Data<Store>, caller: Caller) -> Result<HttpResponse, ApiError> {
        shared::list::<ReimbursementPolicy>(&store, &caller, ROUTE).await
    }

    /// One version of the tuition-reimbursement policy.
    #[utoipa::path(get, path = "/api/v1/training/policies/reimbursement/{version}", tag = "policies", security(("bearer" = [])),
        params(("version" = i32, Path, minimum = 1, description = "Version number")),
        responses((status = 200, body = PolicyVersionView<ReimbursementPolicy>), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn read(
        store: web::Data<Store>,
        caller: Caller,
        number: web::Path<i32>,
    ) -> Result<HttpResponse, ApiError> {
        shared::read::<ReimbursementPolicy>(&store, &caller, ROUTE, number.into_inner()).await
    }

    /// Publish a new version of the tuition-reimbursement policy (the programme office).
    #[utoipa::path(post, path = "/api/v1/training/policies/reimbursement", tag = "policies", security(("bearer" = [])),
        request_body = NewPolicyVersion<ReimbursementPolicy>, params(IdempotencyKeyHeader),
        responses((status = 201, body = PolicyVersionView<ReimbursementPolicy>, headers(("Location" = String))), WriteErrors),
        extensions(("x-roles" = json!(["admin"]))))]
    pub async fn publish(
        store: web::Data<Store>,
        req: HttpRequest,
        caller: Caller,
        body: Json<NewPolicyVersion<ReimbursementPolicy>>,
    ) -> Result<HttpResponse, ApiError> {
        shared::publish(&store, &req, &caller, ROUTE, body.into_inner(), audited).await
    }

    pub fn endpoints() -> Endpoints {
        lt_http::endpoints![list, read, publish]
    }
}

/// The attendance policy's routes.
pub mod attendance {
    use super::*;

    const ROUTE: PolicyRoute = route(
        PolicyKind::Attendance,
        "/api/v1/training/policies/attendance",
    );

    /// Every version of the attendance policy, newest first.
    #[utoipa::path(get, path = "/api/v1/training/policies/attendance", tag = "policies", security(("bearer" = [])),
        responses((status = 200, body = [PolicyVersionView<AttendancePolicy>]), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn list(store: web::Data<Store>, caller: Caller) -> Result<HttpResponse, ApiError> {
        shared::list::<AttendancePolicy>(&store, &caller, ROUTE).await
    }

    /// One version of the attendance policy.
    #[utoipa::path(get, path = "/api/v1/training/policies/attendance/{version}", tag = "policies", security(("bearer" = [])),
        params(("version" = i32, Path, minimum = 1, description = "Version number")),
        responses((status = 200, body = PolicyVersionView<AttendancePolicy>), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn read(
        store: web::Data<Store>,
        caller: Caller,
        number: web::Path<i32>,
    ) -> Result<HttpResponse, ApiError> {
        shared::read::<AttendancePolicy>(&store, &caller, ROUTE, number.into_inner()).await
    }

    /// Publish a new version of the attendance policy (the programme office).
    #[utoipa::path(post, path = "/api/v1/training/policies/attendance", tag = "policies", security(("bearer" = [])),
        request_body = NewPolicyVersion<AttendancePolicy>, params(IdempotencyKeyHeader),
        responses((status = 201, body = PolicyVersionView<AttendancePolicy>, headers(("Location" = String))), WriteErrors),
        extensions(("x-roles" = json!(["admin"]))))]
    pub async fn publish(
        store: web::Data<Store>,
        req: HttpRequest,
        caller: Caller,
        body: Json<NewPolicyVersion<AttendancePolicy>>,
    ) -> Result<HttpResponse, ApiError> {
        shared::publish(&store, &req, &caller, ROUTE, body.into_inner(), audited).await
    }

    pub fn endpoints() -> Endpoints {
        lt_http::endpoints![list, read, publish]
    }
}

pub fn endpoints() -> Endpoints {
    requirements::endpoints()
        .and(hour_conversion::endpoints())
        .and(reimbursement::endpoints())
        .and(attendance::endpoints())
}
