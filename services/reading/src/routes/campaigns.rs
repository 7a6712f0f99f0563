//! `/api/v1/reading/campaigns`: reading campaigns (读书活动, e.g. 读书—构建和谐钟楼): a theme,
//! a period, a goal in books, pages or minutes. Persons, departments and families take
//! part; progress is computed from logged reading in the period, never typed.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use lt_http::Endpoints;
use lt_http::idempotency::{IdempotencyKeyHeader, IfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_optional_text, check_range, check_text, field_errors, trimmed};
use lt_http::{
    ApiError, Created, FieldError, IfMatch, Json, Page, PageQuery, Validate, create_once, etag,
};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{BASE, utc};
use crate::access::require_programme;
use crate::domain::goals::Goal;
use crate::store::campaigns::{self, CampaignFields, CampaignRow};

/// A reading campaign.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CampaignView {
    pub id: String,
    pub title: String,
    pub theme: String,
    pub description: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub goal: Goal,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<CampaignRow> for CampaignView {
    fn from(row: CampaignRow) -> Self {
        Self {
            goal: row.goal(),
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
            id: row.id,
            title: row.title,
            theme: row.theme,
            description: row.description,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            version: row.version,
        }
    }
}

fn check_goal(goal: &Goal, errors: &mut Vec<FieldError>) {
    if goal.is_empty() {
        errors.push(FieldError::new(
            "goal",
            "required",
            "books, pages or minutes",
        ));
    }
    for (field, value, max) in [
        ("goal.books", goal.books, 100_000),
        ("goal.pages", goal.pages, 100_000_000),
        ("goal.minutes", goal.minutes, 100_000_000),
    ] {
        if let Some(value) = value {
            check_range(field, value, 1..=max, errors);
        }
    }
}

fn check_period(starts_on: NaiveDate, ends_on: NaiveDate, errors: &mut Vec<FieldError>) {
    if ends_on < starts_on {
        errors.push(FieldError::new(
            "ends_on",
            "out_of_range",
            "not before starts_on",
        ));
    }
    if !(2000..=2100).contains(&starts_on.year()) || !(2000..=2100).contains(&ends_on.year()) {
        errors.push(FieldError::new(
            "starts_on",
            "out_of_range",
            "days between 2000 and 2100",
        ));
    }
}

/// A new campaign.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCampaign {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: String,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub theme: String,
    #[schema(max_length = 4000)]
    pub description: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub goal: Goal,
}

impl Validate for NewCampaign {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("title", &self.title, 200, &mut errors);
        check_text("theme", &self.theme, 200, &mut errors);
        if self
            .description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 4000)
        {
            errors.push(FieldError::new(
                "description",
                "too_long",
                "at most 4000 characters",
            ));
        }
        check_period(self.starts_on, self.ends_on, &mut errors);
        check_goal(&self.goal, &mut errors);
        field_errors(errors)
    }
}

/// Launch a campaign (the reading programme).
#[utoipa::path(post, path = "/api/v1/reading/campaigns", tag = "campaigns", security(("bearer" = [])),
    request_body = NewCampaign, params(IdempotencyKeyHeader),
    responses((status = 201, body = CampaignView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "reading_coordinator"]))))]
pub async fn create(
    store: web::Data<Store>,
    req: HttpRequest,
    caller: Caller,
    body: Json<NewCampaign>,
) -> Result<HttpResponse, ApiError> {
    require_programme(&caller)?;
    let request = body.into_inner();
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor.clone(), &request.clone(), move |tx| {
        let fields = CampaignFields {
            title: trimmed(&request.title).to_owned(),
            theme: trimmed(&request.theme).to_owned(),
            description: request.description.clone(),
            starts_on: request.starts_on,
            ends_on: request.ends_on,
            goal: request.goal,
        };
        let view = CampaignView::from(campaigns::insert(tx, &fields, &actor)?);
        record_event(tx, "reading.campaign.launched", &view)?;
        Ok(Created {
            location: format!("{BASE}/campaigns/{}", view.id),
            version: Some(view.version),
            body: view,
        })
    })
    .await
}

/// Campaigns, in the order launched.
#[utoipa::path(get, path = "/api/v1/reading/campaigns", tag = "campaigns", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<CampaignView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.person_id()?;
    let page = query.resolve()?;
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = campaigns::list(conn, page.after, page.fetch())?;
            Ok(Page::from_rows(rows, page, |r| r.seq, CampaignView::from))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Read a campaign.
#[utoipa::path(get, path = "/api/v1/reading/campaigns/{campaign_id}", tag = "campaigns", security(("bearer" = [])),
    responses((status = 200, body = CampaignView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    campaign_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.person_id()?;
    let id = campaign_id.into_inner();
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(campaigns::find(conn, &id)?) })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(row.version)))
        .json(CampaignView::from(row)))
}

/// Fields to change; absent fields stay.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignChanges {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub theme: Option<String>,
    #[schema(max_length = 4000)]
    pub description: Option<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub goal: Option<Goal>,
}

impl Validate for CampaignChanges {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_optional_text("title", self.title.as_deref(), 200, &mut errors);
        check_optional_text("theme", self.theme.as_deref(), 200, &mut errors);
        if let Some(goal) = &self.goal {
            check_goal(goal, &mut errors);
        }
        field_errors(errors)
    }
}

/// Change a campaign (the reading programme). Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/reading/campaigns/{campaign_id}", tag = "campaigns", security(("bearer" = [])),
    request_body = CampaignChanges, params(IfMatchHeader),
    responses((status = 200, body = CampaignView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "reading_coordinator"]))))]
pub async fn update(
    store: web::Data<Store>,
    caller: Caller,
    campaign_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<CampaignChanges>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.required()?.clone();
    require_programme(&caller)?;
    let id = campaign_id.into_inner();
    let changes = body.into_inner();
    let view = store
        .write(move |tx| {
            let row = campaigns::find(tx.conn(), &id)?;
            precondition.check(row.version)?;
            let fields = CampaignFields {
                title: changes
                    .title
                    .as_deref()
                    .map_or(row.title.clone(), |t| trimmed(t).to_owned()),
                theme: changes
                    .theme
                    .as_deref()
                    .map_or(row.theme.clone(), |t| trimmed(t).to_owned()),
                description: changes.description.clone().or(row.description.clone()),
                starts_on: changes.starts_on.unwrap_or(row.starts_on),
                ends_on: changes.ends_on.unwrap_or(row.ends_on),
                goal: changes.goal.unwrap_or(row.goal()),
            };
            let mut errors = Vec::new();
            check_period(fields.starts_on, fields.ends_on, &mut errors);
            if !errors.is_empty() {
                return Err(ApiError::validation(errors));
            }
            let row = campaigns::update(tx, &row.id, row.version, &fields)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            let view = CampaignView::from(row);
            record_event(tx, "reading.campaign.updated", &view)?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, list, read, update]
}
