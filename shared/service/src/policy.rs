//! The HTTP side of versioned policies (`lt_store::policy`), the same in every service:
//! anyone signed in reads every version; the programme office publishes the next one, in
//! force from its `effective_from` day; a new version never rewrites what earlier versions
//! produced. Each service declares its kinds (a [`PolicyRoute`] each) and keeps the
//! `#[utoipa::path]` handlers, which call these.

use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use lt_auth::roles;
use lt_http::{ApiError, Created, FieldError, Validate, create_once};
use lt_store::policy::Versioned;
use lt_store::{Store, WriteTx, record_event};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::Caller;

/// A new version of a policy.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
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
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PolicyVersionView<T> {
    /// The policy's kind (`hour_conversion`, `circulation`, …).
    pub kind: String,
    pub version: i32,
    pub effective_from: NaiveDate,
    pub policy: T,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl<T> PolicyVersionView<T> {
    pub fn new(kind: &str, v: Versioned<T>) -> Self {
        Self {
            kind: kind.to_owned(),
            version: v.version,
            effective_from: v.effective_from,
            policy: v.document,
            created_by: v.created_by,
            created_at: v.created_at.and_utc(),
        }
    }
}

/// One kind of policy as a service serves it.
#[derive(Clone, Copy, Debug)]
pub struct PolicyRoute {
    /// The kind as stored (`lt_store::policy`), unique across services' kinds.
    pub stored_as: &'static str,
    /// The kind as the API names it (`kind` of a version).
    pub name: &'static str,
    /// The path of its versions (`/api/v1/training/policies/hour-conversion`).
    pub path: &'static str,
    /// The event a publication writes (`training.policy.published`).
    pub event: &'static str,
}

/// Every version of the kind, newest first. Policies are for people (cadres read what is
/// asked of them); integrations have reports and extracts.
pub async fn list<T>(
    store: &Store,
    caller: &Caller,
    route: PolicyRoute,
) -> Result<HttpResponse, ApiError>
where
    T: Serialize + DeserializeOwned + Send + 'static,
{
    caller.person_id()?;
    let versions = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(lt_store::policy::versions::<T>(conn, route.stored_as)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(
        versions
            .into_iter()
            .map(|v| PolicyVersionView::new(route.name, v))
            .collect::<Vec<_>>(),
    ))
}

/// Version `number` of the kind.
pub async fn read<T>(
    store: &Store,
    caller: &Caller,
    route: PolicyRoute,
    number: i32,
) -> Result<HttpResponse, ApiError>
where
    T: Serialize + DeserializeOwned + Send + 'static,
{
    caller.person_id()?;
    let found = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(lt_store::policy::version::<T>(
                conn,
                route.stored_as,
                number,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(PolicyVersionView::new(route.name, found)))
}

/// Publishes the next version (admins): retry-safe with `Idempotency-Key`, 201 with its
/// `Location`, the event `route.event`, and `audit` run in the same transaction.
pub async fn publish<T, A>(
    store: &Store,
    req: &HttpRequest,
    caller: &Caller,
    route: PolicyRoute,
    request: NewPolicyVersion<T>,
    audit: A,
) -> Result<HttpResponse, ApiError>
where
    T: Serialize + DeserializeOwned + Clone + Send + 'static,
    A: FnOnce(&mut WriteTx<'_>, &str, &PolicyVersionView<T>) -> Result<(), ApiError>
        + Send
        + 'static,
{
    caller.user.require_role(roles::ADMIN)?;
    let actor = caller.user.subject().into_owned();
    create_once(store, req, &actor.clone(), &request.clone(), move |tx| {
        let published = lt_store::policy::publish(
            tx,
            route.stored_as,
            &request.policy,
            request.effective_from,
            &actor,
        )?;
        let view = PolicyVersionView::new(route.name, published);
        audit(tx, &actor, &view)?;
        record_event(
            tx,
            route.event,
            &serde_json::json!({
                "kind": route.name, "version": view.version, "effective_from": view.effective_from,
            }),
        )?;
        Ok(Created {
            location: format!("{}/{}", route.path, view.version),
            version: None,
            body: view,
        })
    })
    .await
}

/// What [`policy_endpoints!`](crate::policy_endpoints!) expands to needs in scope.
#[doc(hidden)]
pub mod support {
    pub use actix_web::{HttpRequest, HttpResponse, web};
    pub use lt_http::idempotency::IdempotencyKeyHeader;
    pub use lt_http::openapi::{ReadErrors, WriteErrors};
    pub use lt_http::{ApiError, Endpoints, Json};
    pub use lt_store::Store;

    pub use super::{NewPolicyVersion, PolicyRoute, PolicyVersionView};
    pub use crate::Caller;
}

/// A service's versioned policies, one line each: for every kind a module with the three
/// annotated handlers (list every version, read one, publish the next), and `endpoints()`
/// for them all.
///
/// ```ignore
/// lt_service::policy_endpoints! {
///     event: "training.policy.published", audit: audited;
///     requirements: RequirementsPolicy, PolicyKind::Requirements,
///         "/api/v1/training/policies/requirements", "required-hours";
/// }
/// ```
///
/// `audit` runs in the publishing transaction (`fn(&mut WriteTx, actor, &view)`); the
/// policy types and kinds are named as the calling module sees them.
#[macro_export]
macro_rules! policy_endpoints {
    (event: $event:tt, audit: $audit:path;
     $($module:ident: $policy:ident, $kind:expr, $path:tt, $name:tt;)+) => {
        $(
            #[doc = concat!("The ", $name, " policy's routes.")]
            pub mod $module {
                use super::*;
                use $crate::policy::support::*;

                const ROUTE: PolicyRoute = PolicyRoute {
                    stored_as: $kind.as_str(),
                    name: $kind.as_str(),
                    path: $path,
                    event: $event,
                };

                #[utoipa::path(get, path = $path, tag = "policies", security(("bearer" = [])),
                    summary = concat!("Every version of the ", $name, " policy, newest first."),
                    responses((status = 200, body = [PolicyVersionView<$policy>]), ReadErrors),
                    extensions(("x-roles" = json!(["any signed-in person"]))))]
                pub async fn list(
                    store: web::Data<Store>,
                    caller: Caller,
                ) -> Result<HttpResponse, ApiError> {
                    $crate::policy::list::<$policy>(&store, &caller, ROUTE).await
                }

                #[utoipa::path(get, path = concat!($path, "/{version}"), tag = "policies", security(("bearer" = [])),
                    summary = concat!("One version of the ", $name, " policy."),
                    params(("version" = i32, Path, minimum = 1, description = "Version number")),
                    responses((status = 200, body = PolicyVersionView<$policy>), ReadErrors),
                    extensions(("x-roles" = json!(["any signed-in person"]))))]
                pub async fn read(
                    store: web::Data<Store>,
                    caller: Caller,
                    number: web::Path<i32>,
                ) -> Result<HttpResponse, ApiError> {
                    $crate::policy::read::<$policy>(&store, &caller, ROUTE, number.into_inner())
                        .await
                }

                #[utoipa::path(post, path = $path, tag = "policies", security(("bearer" = [])),
                    summary = concat!("Publish a new version of the ", $name, " policy (the programme office)."),
                    request_body = NewPolicyVersion<$policy>, params(IdempotencyKeyHeader),
                    responses((status = 201, body = PolicyVersionView<$policy>, headers(("Location" = String))), WriteErrors),
                    extensions(("x-roles" = json!(["admin"]))))]
                pub async fn publish(
                    store: web::Data<Store>,
                    req: HttpRequest,
                    caller: Caller,
                    body: Json<NewPolicyVersion<$policy>>,
                ) -> Result<HttpResponse, ApiError> {
                    $crate::policy::publish(&store, &req, &caller, ROUTE, body.into_inner(), $audit)
                        .await
                }

                pub fn endpoints() -> Endpoints {
                    lt_http::endpoints![list, read, publish]
                }
            }
        )+

        /// Every policy kind's endpoints.
        pub fn endpoints() -> $crate::policy::support::Endpoints {
            $crate::policy::support::Endpoints::default()$(.and($module::endpoints()))+
        }
    };
}
