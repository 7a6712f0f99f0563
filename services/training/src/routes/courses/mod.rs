//! `/api/v1/training/courses`: the catalogue. Admins and organisers (their provider's
//! courses) create and change courses; a cadre sees the courses that target them.

mod requests;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_http::Endpoints;
use lt_http::idempotency::{IdempotencyKeyHeader, IfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{trimmed, unknown_reference};
use lt_http::{ApiError, Created, IfMatch, Json, Page, PageQuery, create_once, etag};
use lt_programme::{Hours, KeyProject, Mechanism};
use lt_service::Caller;
use lt_store::{Store, read_stored, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use requests::{CourseChanges, NewCourse};
use requests::{apply, clean_targeting, wire};

use super::{BASE, utc};
use crate::access::{self, require_manager};
use crate::domain::kinds::{CourseKind, Provider};
use crate::domain::targeting::Targeting;
use crate::store::courses::{self, CourseFields, CourseRow};
use crate::store::from_json_text;

/// A course of the catalogue.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CourseView {
    pub id: String,
    pub provider: Provider,
    pub kind: CourseKind,
    pub mechanism: Mechanism,
    pub key_project: Option<KeyProject>,
    pub title: String,
    pub topic: Option<String>,
    pub description: Option<String>,
    pub speakers: Vec<String>,
    /// Hours a completion earns before conversion (学时).
    pub credit_hours: Hours,
    /// Full-time (脱产) training: leave above the policy's share withdraws the cadre.
    pub full_time: bool,
    /// Completion also needs a passed assessment.
    pub assessment_required: bool,
    /// Who the course is for; empty: every cadre.
    pub targeting: Targeting,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CourseView {
    pub fn from_row(row: CourseRow) -> Result<Self, ApiError> {
        let bad = |what: &str| {
            ApiError::Unexpected(anyhow::anyhow!("course {} has an invalid {what}", row.id))
        };
        Ok(Self {
            provider: Provider::parse(&row.provider).ok_or_else(|| bad("provider"))?,
            kind: CourseKind::parse(&row.kind).ok_or_else(|| bad("kind"))?,
            mechanism: read_stored("mechanism", &row.mechanism)?,
            key_project: row
                .key_project
                .as_deref()
                .map(|k| read_stored("key_project", k))
                .transpose()?,
            speakers: from_json_text(&row.speakers)?,
            targeting: from_json_text(&row.targeting)?,
            credit_hours: Hours(row.credit_hours),
            id: row.id,
            title: row.title,
            topic: row.topic,
            description: row.description,
            full_time: row.full_time,
            assessment_required: row.assessment_required,
            version: row.version,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}

/// 409 `unknown_reference` when a targeted org unit is not in the directory.
async fn require_units(
    directory: &lt_directory::Directory,
    targeting: &Targeting,
) -> Result<(), ApiError> {
    for (i, unit) in targeting.org_unit_ids.iter().enumerate() {
        if directory.org_unit(unit).await?.is_none() {
            return Err(unknown_reference(
                &format!("targeting.org_unit_ids[{i}]"),
                "org unit",
            ));
        }
    }
    Ok(())
}

/// The course, or 404 when the caller may not manage it, is not targeted by it and was
/// never enrolled in it (an assigned cadre, or one whose unit or rank changed since, still
/// sees the course they are in).
pub async fn visible_course(
    store: &Store,
    caller: &Caller,
    id: String,
) -> Result<CourseView, ApiError> {
    let person = caller.person.clone();
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(courses::find(conn, &id)?) })
        .await?;
    let view = CourseView::from_row(row)?;
    if access::may_manage(caller, view.provider) {
        return Ok(view);
    }
    let Some(person) = person else {
        return Err(ApiError::not_found());
    };
    let (targeting, course_id) = (view.targeting.clone(), view.id.clone());
    let visible = store
        .read(move |conn| -> Result<_, ApiError> {
            let profile = access::profile(conn, &person, lt_programme::today())?;
            Ok(access::targets(&targeting, &profile)
                || crate::store::enrolments::person_in_course(conn, &course_id, &person.id)?)
        })
        .await?;
    if visible {
        Ok(view)
    } else {
        Err(ApiError::not_found())
    }
}

/// Whether the course targets the caller now (self-enrolment needs it).
pub async fn targets_caller(
    store: &Store,
    caller: &Caller,
    course: &CourseView,
) -> Result<bool, ApiError> {
    let Some(person) = caller.person.clone() else {
        return Ok(false);
    };
    let targeting = course.targeting.clone();
    store
        .read(move |conn| -> Result<_, ApiError> {
            let profile = access::profile(conn, &person, lt_programme::today())?;
            Ok(access::targets(&targeting, &profile))
        })
        .await
}

/// The course if the caller may manage it: 404 when they cannot even see it, 403 when they
/// see it but may not manage it.
pub async fn managed_course(
    store: &Store,
    caller: &Caller,
    id: String,
) -> Result<CourseView, ApiError> {
    let view = visible_course(store, caller, id).await?;
    require_manager(caller, view.provider)?;
    Ok(view)
}

/// Create a course.
#[utoipa::path(post, path = "/api/v1/training/courses", tag = "courses", security(("bearer" = [])),
    request_body = NewCourse, params(IdempotencyKeyHeader),
    responses((status = 201, body = CourseView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn create(
    store: web::Data<Store>,
    directory: web::Data<lt_directory::Directory>,
    req: HttpRequest,
    caller: Caller,
    body: Json<NewCourse>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    let provider = match (request.provider, access::organiser_provider(&caller)) {
        (Some(provider), _) => provider,
        (None, Some(own)) if !caller.is_admin() => own,
        (None, _) => Provider::External,
    };
    require_manager(&caller, provider)?;
    let targeting = clean_targeting(request.targeting.clone().unwrap_or_default());
    require_units(&directory, &targeting).await?;
    let actor = caller.user.subject().into_owned();
    let fields = CourseFields {
        provider: provider.as_str().to_owned(),
        kind: request.kind.as_str().to_owned(),
        mechanism: wire(&request.mechanism),
        key_project: request.key_project.as_ref().map(wire),
        title: trimmed(&request.title).to_owned(),
        topic: request.topic.as_deref().map(|t| trimmed(t).to_owned()),
        description: request.description.clone(),
        speakers: request
            .speakers
            .iter()
            .map(|s| trimmed(s).to_owned())
            .collect(),
        credit_hours: request.credit_hours.0,
        full_time: request.full_time,
        assessment_required: request.assessment_required,
        targeting,
    };
    create_once(&store, &req, &actor.clone(), &request, move |tx| {
        let row = courses::insert(tx, &fields, &actor)?;
        let view = CourseView::from_row(row)?;
        record_event(tx, "training.course.created", &view)?;
        Ok(Created {
            location: format!("{BASE}/courses/{}", view.id),
            version: Some(view.version),
            body: view,
        })
    })
    .await
}

/// Read a course (its managers, and cadres it targets).
#[utoipa::path(get, path = "/api/v1/training/courses/{course_id}", tag = "courses", security(("bearer" = [])),
    responses((status = 200, body = CourseView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)", "cadre (courses that target them)"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    course_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let view = visible_course(&store, &caller, course_id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// Change a course. Needs `If-Match`. Credits already given keep their hours.
#[utoipa::path(patch, path = "/api/v1/training/courses/{course_id}", tag = "courses", security(("bearer" = [])),
    request_body = CourseChanges, params(IfMatchHeader),
    responses((status = 200, body = CourseView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn update(
    store: web::Data<Store>,
    directory: web::Data<lt_directory::Directory>,
    caller: Caller,
    course_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<CourseChanges>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.required()?.clone();
    let current = managed_course(&store, &caller, course_id.into_inner()).await?;
    let changes = body.into_inner();
    if let Some(targeting) = &changes.targeting {
        require_units(&directory, &clean_targeting(targeting.clone())).await?;
    }
    let fields = apply(&current, &changes);
    let view = store
        .write(move |tx| {
            let row = courses::find(tx.conn(), &current.id)?;
            precondition.check(row.version)?;
            let row = courses::update(tx, &row.id, row.version, &fields)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            let view = CourseView::from_row(row)?;
            record_event(tx, "training.course.updated", &view)?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// The catalogue a manager manages: every course for admins, their provider's for organisers.
#[utoipa::path(get, path = "/api/v1/training/courses", tag = "courses", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<CourseView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let provider = if caller.is_admin() {
        None
    } else {
        Some(
            access::organiser_provider(&caller)
                .ok_or_else(|| ApiError::forbidden().with_detail("the catalogue is for the programme office and organisers; cadres see GET /api/v1/training/me/courses"))?
                .as_str(),
        )
    };
    let rows = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(courses::list(conn, page.after, page.fetch(), provider)?)
        })
        .await?;
    let page = Page::try_from_rows(rows, page, |r| r.seq, CourseView::from_row)?;
    Ok(HttpResponse::Ok().json(page))
}

/// The courses that target the caller (a course with no targeting targets everyone).
#[utoipa::path(get, path = "/api/v1/training/me/courses", tag = "courses", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<CourseView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn for_me(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let request = query.resolve()?;
    let person = caller.person()?.clone();
    let (rows, next_cursor) = store
        .read(move |conn| -> Result<_, ApiError> {
            let profile = access::profile(conn, &person, lt_programme::today())?;
            // Scan in creation order until the page is full; the cursor is where the scan stopped.
            let mut found = Vec::new();
            let mut after = request.after;
            loop {
                let batch = courses::list(conn, after, 200, None)?;
                let exhausted = batch.len() < 200;
                for row in batch {
                    after = row.seq;
                    let targeting: Targeting = from_json_text(&row.targeting)?;
                    if access::targets(&targeting, &profile) {
                        found.push(row);
                        if found.len() as i64 == request.limit {
                            return Ok((found, Some(lt_http::pagination::encode_cursor(after))));
                        }
                    }
                }
                if exhausted {
                    return Ok((found, None));
                }
            }
        })
        .await?;
    let items = rows
        .into_iter()
        .map(CourseView::from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, list, for_me, read, update]
}
