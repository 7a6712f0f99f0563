//! `/api/v1/training/policies/{kind}`: the versioned policies (required hours, hour
//! conversion, reimbursement, attendance). Anyone signed in reads them; the programme office
//! publishes a new version, in force from its `effective_from` day. A new version never
//! rewrites what earlier versions produced. Publishing is audited.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use lt_auth::roles;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::{ApiError, Created, FieldError, Json, Validate, create_once};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::utc;
use crate::domain::policy::{
    AttendancePolicy, HourConversionPolicy, PolicyDocument, PolicyKind, ReimbursementPolicy,
    RequirementsPolicy,
};
use crate::store::audit;
use crate::store::policies::{self, Versioned};

/// A new version of a policy.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPolicyVersion<T> {
    /// The first day (Asia/Shanghai) the version is in force.
    pub effective_from: NaiveDate,
    pub policy: T,
}

impl<T: Validate> Validate for NewPolicyVersion<T> {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if !(2000..=2100).contains(&self.effective_from.year()) {
            errors.push(FieldError::new(
                "effective_from",
                "out_of_range",
                "a day between 2000 and 2100",
            ));
        }
        if let Err(inner) = self.policy.validate() {
            errors.extend(
                inner
                    .into_iter()
                    .map(|e| FieldError::new(format!("policy.{}", e.field), e.code, e.message)),
            );
        }
        lt_http::validation::field_errors(errors)
    }
}

/// One version of a policy.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct PolicyVersionView<T> {
    pub kind: PolicyKind,
    pub version: i32,
    pub effective_from: NaiveDate,
    pub policy: T,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl<T: PolicyDocument> From<Versioned<T>> for PolicyVersionView<T> {
    fn from(v: Versioned<T>) -> Self {
        Self {
            kind: T::KIND,
            version: v.version,
            effective_from: v.effective_from,
            policy: v.document,
            created_by: v.created_by,
            created_at: utc(v.created_at),
        }
    }
}

fn path_of(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Requirements => "requirements",
        PolicyKind::HourConversion => "hour-conversion",
        PolicyKind::Reimbursement => "reimbursement",
        PolicyKind::Attendance => "attendance",
    }
}

async fn versions_for<T: PolicyDocument + Send + 'static>(
    store: &Store,
    caller: &Caller,
) -> Result<HttpResponse, ApiError> {
    // Policies are for people (cadres read what is required of them); integrations have
    // reports and extracts.
    caller.person_id()?;
    let versions = store
        .read(|conn| -> Result<_, ApiError> { Ok(policies::versions::<T>(conn)?) })
        .await?;
    Ok(HttpResponse::Ok().json(
        versions
            .into_iter()
            .map(PolicyVersionView::from)
            .collect::<Vec<_>>(),
    ))
}

async fn version<T: PolicyDocument + Send + 'static>(
    store: &Store,
    caller: &Caller,
    number: i32,
) -> Result<HttpResponse, ApiError> {
    caller.person_id()?;
    let found = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(policies::versions::<T>(conn)?
                .into_iter()
                .find(|v| v.version == number))
        })
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(HttpResponse::Ok().json(PolicyVersionView::from(found)))
}

async fn publish<T: PolicyDocument + Send + Sync + std::fmt::Debug + 'static>(
    store: &Store,
    req: &HttpRequest,
    caller: &Caller,
    request: NewPolicyVersion<T>,
) -> Result<HttpResponse, ApiError> {
    caller.user.require_role(roles::ADMIN)?;
    let actor = caller.user.subject().into_owned();
    create_once(store, req, &actor.clone(), &request.clone(), move |tx| {
        let published = policies::publish(tx, &request.policy, request.effective_from, &actor)?;
        let view = PolicyVersionView::from(published);
        audit::record(
            tx,
            &actor,
            "policy.published",
            &format!("policy:{}:{}", T::KIND.as_str(), view.version),
            &view,
        )?;
        record_event(
            tx,
            "training.policy.published",
            &serde_json::json!({
                "kind": T::KIND, "version": view.version, "effective_from": view.effective_from,
            }),
        )?;
        Ok(Created {
            location: format!(
                "/api/v1/training/policies/{}/{}",
                path_of(T::KIND),
                view.version
            ),
            version: None,
            body: view,
        })
    })
    .await
}

/// The required-hours policy's routes.
pub mod requirements {
    use super::*;

    /// Every version of the required-hours policy, newest first.
    #[utoipa::path(get, path = "/api/v1/training/policies/requirements", tag = "policies", security(("bearer" = [])),
        responses((status = 200, body = [PolicyVersionView<RequirementsPolicy>]), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn list(store: web::Data<Store>, caller: Caller) -> Result<HttpResponse, ApiError> {
        versions_for::<RequirementsPolicy>(&store, &caller).await
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
        version::<RequirementsPolicy>(&store, &caller, number.into_inner()).await
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
        super::publish(&store, &req, &caller, body.into_inner()).await
    }

    pub fn configure(cfg: &mut web::ServiceConfig) {
        cfg.route(
            "/api/v1/training/policies/requirements",
            web::get().to(list),
        )
        .route(
            "/api/v1/training/policies/requirements",
            web::post().to(publish),
        )
        .route(
            "/api/v1/training/policies/requirements/{version}",
            web::get().to(read),
        );
    }
}

/// The hour-conversion policy's routes.
pub mod hour_conversion {
    use super::*;

    /// Every version of the hour-conversion policy, newest first.
    #[utoipa::path(get, path = "/api/v1/training/policies/hour-conversion", tag = "policies", security(("bearer" = [])),
        responses((status = 200, body = [PolicyVersionView<HourConversionPolicy>]), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn list(store: web::Data<Store>, caller: Caller) -> Result<HttpResponse, ApiError> {
        versions_for::<HourConversionPolicy>(&store, &caller).await
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
        version::<HourConversionPolicy>(&store, &caller, number.into_inner()).await
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
        super::publish(&store, &req, &caller, body.into_inner()).await
    }

    pub fn configure(cfg: &mut web::ServiceConfig) {
        cfg.route(
            "/api/v1/training/policies/hour-conversion",
            web::get().to(list),
        )
        .route(
            "/api/v1/training/policies/hour-conversion",
            web::post().to(publish),
        )
        .route(
            "/api/v1/training/policies/hour-conversion/{version}",
            web::get().to(read),
        );
    }
}

/// The tuition-reimbursement policy's routes.
pub mod reimbursement {
    use super::*;

    /// Every version of the tuition-reimbursement policy, newest first.
    #[utoipa::path(get, path = "/api/v1/training/policies/reimbursement", tag = "policies", security(("bearer" = [])),
        responses((status = 200, body = [PolicyVersionView<ReimbursementPolicy>]), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn list(store: web::Data<Store>, caller: Caller) -> Result<HttpResponse, ApiError> {
        versions_for::<ReimbursementPolicy>(&store, &caller).await
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
        version::<ReimbursementPolicy>(&store, &caller, number.into_inner()).await
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
        super::publish(&store, &req, &caller, body.into_inner()).await
    }

    pub fn configure(cfg: &mut web::ServiceConfig) {
        cfg.route(
            "/api/v1/training/policies/reimbursement",
            web::get().to(list),
        )
        .route(
            "/api/v1/training/policies/reimbursement",
            web::post().to(publish),
        )
        .route(
            "/api/v1/training/policies/reimbursement/{version}",
            web::get().to(read),
        );
    }
}

/// The attendance policy's routes.
pub mod attendance {
    use super::*;

    /// Every version of the attendance policy, newest first.
    #[utoipa::path(get, path = "/api/v1/training/policies/attendance", tag = "policies", security(("bearer" = [])),
        responses((status = 200, body = [PolicyVersionView<AttendancePolicy>]), ReadErrors),
        extensions(("x-roles" = json!(["any signed-in person"]))))]
    pub async fn list(store: web::Data<Store>, caller: Caller) -> Result<HttpResponse, ApiError> {
        versions_for::<AttendancePolicy>(&store, &caller).await
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
        version::<AttendancePolicy>(&store, &caller, number.into_inner()).await
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
        super::publish(&store, &req, &caller, body.into_inner()).await
    }

    pub fn configure(cfg: &mut web::ServiceConfig) {
        cfg.route("/api/v1/training/policies/attendance", web::get().to(list))
            .route(
                "/api/v1/training/policies/attendance",
                web::post().to(publish),
            )
            .route(
                "/api/v1/training/policies/attendance/{version}",
                web::get().to(read),
            );
    }
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    requirements::configure(cfg);
    hour_conversion::configure(cfg);
    reimbursement::configure(cfg);
    attendance::configure(cfg);
}
