//! `/api/v1/contest/contests`: contests (work-innovation achievements, job-skill contests,
//! reading-note contests) with their rounds, tracks, windows, aggregation and award tiers.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use lt_http::Endpoints;
use lt_http::idempotency::{IdempotencyKeyHeader, IfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_optional_text, check_text, field_errors, trimmed};
use lt_http::{
    ApiError, Created, FieldError, IfMatch, Json, Page, PageQuery, Validate, create_once, etag,
};
use lt_programme::{KeyProject, Mechanism};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{BASE, utc};
use crate::access::{Runner, require_organiser};
use crate::domain::phase::Phase;
use crate::domain::setup::{Aggregation, ContestKind, Round, TiersSpec, check_settings};
use crate::store::contests::{self, ContestFields, ContestRow};
use crate::store::{from_json_text, to_json_text};

mod views;
pub use views::*;

/// Create a contest (in phase `preparing`: set the rubric and panel, then open submission).
#[utoipa::path(post, path = "/api/v1/contest/contests", tag = "contests", security(("bearer" = [])),
    request_body = NewContest, params(IdempotencyKeyHeader),
    responses((status = 201, body = ContestView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser"]))))]
pub async fn create(
    store: web::Data<Store>,
    req: HttpRequest,
    caller: Caller,
    body: Json<NewContest>,
) -> Result<HttpResponse, ApiError> {
    require_organiser(&caller)?;
    let request = body.into_inner();
    let fields = request.fields()?;
    let actor = caller.user.subject().into_owned();
    let unit = caller.org_unit().map(str::to_owned);
    let provider = Runner::of(&caller).provider().map(str::to_owned);
    create_once(&store, &req, &actor.clone(), &request, move |tx| {
        let row = contests::insert(tx, &fields, unit.as_deref(), &actor, provider.as_deref())?;
        let view = ContestView::try_from(row)?;
        record_event(tx, "contest.created", &view)?;
        Ok(Created {
            location: format!("{BASE}/contests/{}", view.id),
            version: Some(view.version),
            body: view,
        })
    })
    .await
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContestFilter {
    /// Only contests in this phase.
    #[param(pattern = "^(preparing|submission|judging|notice|final)$")]
    pub phase: Option<String>,
}

/// Contests, in the order created. Everyone signed in sees every contest (entrants need to
/// find them); entries and scores have their own rules.
#[utoipa::path(get, path = "/api/v1/contest/contests", tag = "contests", security(("bearer" = [])),
    params(PageQuery, ContestFilter), responses((status = 200, body = Page<ContestView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person", "scope:reports:read"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
    filter: web::Query<ContestFilter>,
) -> Result<HttpResponse, ApiError> {
    if caller.user.is_service() {
        caller.require_extractor()?;
    }
    let page = query.resolve()?;
    let phase = match filter.phase.as_deref() {
        None => None,
        Some(text) => Some(Phase::parse(text).ok_or_else(|| {
            ApiError::new(&lt_http::kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "phase",
                "invalid",
                "a phase of a contest",
            )])
        })?),
    };
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = contests::list(conn, page.after, page.fetch(), phase.map(Phase::as_str))?;
            Page::try_from_rows(rows, page, |r| r.seq, ContestView::try_from)
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Read a contest.
#[utoipa::path(get, path = "/api/v1/contest/contests/{contest_id}", tag = "contests", security(("bearer" = [])),
    responses((status = 200, body = ContestView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person", "scope:reports:read"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    contest_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    if caller.user.is_service() {
        caller.require_extractor()?;
    }
    let id = contest_id.into_inner();
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(contests::find(conn, &id)?) })
        .await?;
    let view = ContestView::try_from(row)?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// Fields to change; absent fields stay. Aggregation, tiers, rounds and blind mode may change
/// until judging opens; windows and texts until results are published.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContestChanges {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: Option<String>,
    #[schema(min_length = 1, max_length = 4000, pattern = "\\S")]
    pub description: Option<String>,
    pub aggregation: Option<Aggregation>,
    pub tiers: Option<TiersSpec>,
    pub blind: Option<bool>,
    #[schema(max_items = 20)]
    pub tracks: Option<Vec<String>>,
    #[schema(min_items = 1, max_items = 5)]
    pub rounds: Option<Vec<Round>>,
    pub submission_closes_on: Option<NaiveDate>,
    pub judging_closes_on: Option<NaiveDate>,
    #[schema(minimum = 5, maximum = 30)]
    pub notice_working_days: Option<i32>,
}

impl Validate for ContestChanges {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_optional_text("title", self.title.as_deref(), 200, &mut errors);
        check_optional_text(
            "description",
            self.description.as_deref(),
            4000,
            &mut errors,
        );
        // What can be checked without the stored contest; the whole again once merged.
        check_settings(
            self.tracks.as_deref().unwrap_or_default(),
            self.rounds.as_deref(),
            self.tiers.as_ref(),
            (self.submission_closes_on, self.judging_closes_on),
            self.notice_working_days,
            &mut errors,
        );
        field_errors(errors)
    }
}

/// Change a contest (organisers). Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/contest/contests/{contest_id}", tag = "contests", security(("bearer" = [])),
    request_body = ContestChanges, params(IfMatchHeader),
    responses((status = 200, body = ContestView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (runs the contest)"]))))]
pub async fn update(
    store: web::Data<Store>,
    caller: Caller,
    contest_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<ContestChanges>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.required()?.clone();
    require_organiser(&caller)?;
    let runner = Runner::of(&caller);
    let id = contest_id.into_inner();
    let changes = body.into_inner();
    let view = store
        .write(move |tx| {
            let row = contests::find(tx.conn(), &id)?;
            runner.require(tx.conn(), &row)?;
            precondition.check(row.version)?;
            let current = ContestView::try_from(row.clone())?;
            let scoring_change = changes.aggregation.is_some()
                || changes.tiers.is_some()
                || changes.rounds.is_some()
                || changes.blind.is_some()
                || changes.tracks.is_some();
            if (scoring_change && current.phase >= Phase::Judging) || current.phase.published() {
                return Err(
                    ApiError::new(&crate::problems::WRONG_PHASE).with_detail(format!(
                        "the contest is in phase {}",
                        current.phase.as_str()
                    )),
                );
            }
            let mut fields = ContestFields::of(&row);
            if let Some(title) = &changes.title {
                fields.title = trimmed(title).to_owned();
            }
            if changes.description.is_some() {
                fields.description.clone_from(&changes.description);
            }
            if let Some(a) = changes.aggregation {
                fields.aggregation = a.as_str().to_owned();
            }
            if changes.tiers.is_some() {
                fields.tiers = to_json_text(&changes.tiers)?;
            }
            if let Some(b) = changes.blind {
                fields.blind = b;
            }
            let tracks = changes.tracks.clone().unwrap_or(current.tracks);
            let rounds = changes.rounds.clone().unwrap_or(current.rounds);
            fields.tracks = to_json_text(&tracks)?;
            fields.rounds = to_json_text(&rounds)?;
            fields.submission_closes_on = changes.submission_closes_on.or(row.submission_closes_on);
            fields.judging_closes_on = changes.judging_closes_on.or(row.judging_closes_on);
            fields.notice_working_days = changes
                .notice_working_days
                .unwrap_or(row.notice_working_days);
            let tiers: Option<TiersSpec> = from_json_text(&fields.tiers)?;
            let mut errors = Vec::new();
            check_settings(
                &tracks,
                Some(&rounds),
                tiers.as_ref(),
                (fields.submission_closes_on, fields.judging_closes_on),
                Some(fields.notice_working_days),
                &mut errors,
            );
            if !errors.is_empty() {
                return Err(ApiError::validation(errors));
            }
            let row = contests::update(tx, &row.id, row.version, &fields)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            let view = ContestView::try_from(row)?;
            record_event(tx, "contest.updated", &view)?;
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
