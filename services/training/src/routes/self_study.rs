//! Self-study certificates (自学成才): a cadre records a certificate; it is credited through
//! the hour-conversion policy (activity `self_study`), capped and carried over as the policy says.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_text, field_errors, trimmed};
use lt_http::{ApiError, Created, FieldError, Json, Page, PageQuery, Validate, create_once};
use lt_programme::{Hours, Mechanism};
use lt_service::Caller;
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{BASE, utc};
use crate::domain::hours::ActivityFacts;
use crate::operations::crediting::{self, Crediting, SELF_STUDY};
use crate::problems::CERTIFICATE_RECORDED;
use crate::store::credits::{self, sources};
use crate::store::self_study::{self as certificates, CertificateRow};

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CertificateRequest {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: String,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub issuer: String,
    /// This year or last (Asia/Shanghai), not in the future: hours of earlier years are
    /// settled.
    pub awarded_on: NaiveDate,
}

impl Validate for CertificateRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("title", &self.title, 200, &mut errors);
        check_text("issuer", &self.issuer, 200, &mut errors);
        if self.awarded_on > lt_programme::today() {
            errors.push(FieldError::new(
                "awarded_on",
                "out_of_range",
                "not in the future",
            ));
        }
        if self.awarded_on.year() < lt_programme::today().year() - 1 {
            errors.push(FieldError::new(
                "awarded_on",
                "out_of_range",
                "this year or last",
            ));
        }
        field_errors(errors)
    }
}

/// A recorded self-study certificate and what it earned.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SelfStudyView {
    pub id: String,
    pub person_id: String,
    pub title: String,
    pub issuer: String,
    pub awarded_on: NaiveDate,
    /// Hours credited (in the award's year and, when carried over, the next).
    pub hours_credited: Hours,
    /// Of which carried over to the next year.
    pub carried_over: Hours,
    pub policy_version: Option<i32>,
    pub created_at: DateTime<Utc>,
}

fn view(row: CertificateRow, credits: &[credits::CreditRow]) -> SelfStudyView {
    SelfStudyView {
        carried_over: credits
            .iter()
            .filter(|c| c.carried_over)
            .map(|c| Hours(c.hours))
            .sum(),
        policy_version: credits.first().map(|c| c.policy_version),
        hours_credited: Hours(row.hours_credited),
        created_at: utc(row.created_at),
        id: row.id,
        person_id: row.person_id,
        title: row.title,
        issuer: row.issuer,
        awarded_on: row.awarded_on,
    }
}

/// Record a self-study certificate of this year or last; it is credited at once, once (the
/// same title, issuer and day again: 409 `certificate_recorded`).
#[utoipa::path(post, path = "/api/v1/training/self-study-certificates", tag = "degree study", security(("bearer" = [])),
    request_body = CertificateRequest, params(IdempotencyKeyHeader),
    responses((status = 201, body = SelfStudyView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["any signed-in person (for themself)"]))))]
pub async fn record(
    store: web::Data<Store>,
    req: HttpRequest,
    caller: Caller,
    body: Json<CertificateRequest>,
) -> Result<HttpResponse, ApiError> {
    let person = caller.person()?.clone();
    let request = body.into_inner();
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor, &request.clone(), move |tx| {
        let id = crate::store::new_id();
        let title = trimmed(&request.title).to_owned();
        // Under the person's crediting lock, so two equal posts cannot both pass.
        credits::lock_person(tx, &person.id)?;
        if certificates::exists(
            tx.conn(),
            &person.id,
            request.awarded_on,
            trimmed(&request.issuer),
            &title,
        )? {
            return Err(ApiError::new(&CERTIFICATE_RECORDED));
        }
        let mechanism = serde_json::to_value(Mechanism::Incentives)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let credited = crediting::credit(
            tx,
            &Crediting {
                person_id: &person.id,
                org_unit_id: person.org_unit_id.as_deref(),
                day: request.awarded_on,
                facts: ActivityFacts {
                    activity: SELF_STUDY,
                    course_hours: None,
                    days: 1,
                    minutes: 0,
                },
                mechanism: &mechanism,
                source_kind: sources::SELF_STUDY,
                source_id: &id,
                title: &title,
            },
        )?;
        let row = certificates::insert(
            tx,
            &id,
            &person.id,
            person.org_unit_id.as_deref(),
            &title,
            trimmed(&request.issuer),
            request.awarded_on,
            credited.total().0,
        )?;
        let rows = credits::for_source(tx.conn(), sources::SELF_STUDY, &id)?;
        let view = view(row, &rows);
        Ok(Created {
            location: format!("{BASE}/self-study-certificates/{}", view.id),
            version: None,
            body: view,
        })
    })
    .await
}

/// The caller's self-study certificates.
#[utoipa::path(get, path = "/api/v1/training/me/self-study-certificates", tag = "degree study", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<SelfStudyView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn mine(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let person = caller.person_id()?.to_owned();
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = certificates::for_person(conn, &person, page.after, page.fetch())?;
            Page::try_from_rows(
                rows,
                page,
                |r| r.seq,
                |row| {
                    let credits = credits::for_source(conn, sources::SELF_STUDY, &row.id)?;
                    Ok(view(row, &credits))
                },
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Read one certificate (its cadre, their coordinators, admins: who may read the cadre's
/// record, where it is listed).
#[utoipa::path(get, path = "/api/v1/training/self-study-certificates/{certificate_id}", tag = "degree study", security(("bearer" = [])),
    responses((status = 200, body = SelfStudyView), ReadErrors),
    extensions(("x-roles" = json!(["the cadre", "coordinator (their subtree)", "admin"]))))]
pub async fn read(
    store: web::Data<Store>,
    directory: web::Data<lt_directory::Directory>,
    caller: Caller,
    certificate_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = certificate_id.into_inner();
    let (row, credits) = store
        .read(move |conn| -> Result<_, ApiError> {
            let row = certificates::find(conn, &id)?;
            let credits = credits::for_source(conn, sources::SELF_STUDY, &id)?;
            Ok((row, credits))
        })
        .await?;
    lt_service::overseen_person(&directory, &caller, &row.person_id).await?;
    Ok(HttpResponse::Ok().json(view(row, &credits)))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![record, mine, read]
}
