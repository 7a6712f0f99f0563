//! `/api/v1/vision/nodes/{node_id}/indicators`: measures of how a vision node is doing in
//! the world (GDP 47.8 亿元, general budget revenue 7.1 亿元, …): unit, baseline, target,
//! period, direction, and actuals over time with their source. Indicators are shown (and
//! published on the board) beside the node; the node's progress comes from its key results.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_text, field_errors, trimmed};
use lt_http::{ApiError, FieldError, Json, Validate};
use lt_service::Caller;
use lt_store::{DbConnection, Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::nodes::{check_measure, decimal_text, visible_node};
use super::utc;
use crate::access::Viewer;
use crate::domain::model::{self, DirectionText};
use crate::domain::rollup;
use crate::operations::graph::percent_text;
use crate::store::indicators::{self, ActualRow, IndicatorFields, IndicatorRow};

/// An actual value of an indicator.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ActualView {
    pub value: String,
    pub source: String,
    pub observed_on: NaiveDate,
    pub created_at: DateTime<Utc>,
}

impl From<ActualRow> for ActualView {
    fn from(r: ActualRow) -> Self {
        Self {
            value: decimal_text(r.value),
            created_at: utc(r.created_at),
            source: r.source,
            observed_on: r.observed_on,
        }
    }
}

/// An indicator with its actuals, oldest first, and its progress from the latest.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct IndicatorView {
    pub id: String,
    pub node_id: String,
    pub name: String,
    pub unit: String,
    pub baseline: String,
    pub target: String,
    pub direction: String,
    pub period: String,
    /// Percent (two places) from the latest actual, by the key-result rule.
    pub progress: Option<String>,
    pub actuals: Vec<ActualView>,
}

pub fn indicator_views(
    conn: &mut DbConnection,
    node_id: &str,
) -> Result<Vec<IndicatorView>, ApiError> {
    let mut out = Vec::new();
    for row in indicators::of_node(conn, node_id)? {
        let actuals = indicators::actuals_of(conn, &row.id)?;
        out.push(indicator_view(row, actuals));
    }
    Ok(out)
}

fn indicator_view(row: IndicatorRow, actuals: Vec<ActualRow>) -> IndicatorView {
    let measure = rollup::Node {
        id: row.id.clone(),
        measure: Some(rollup::Measure {
            baseline: i128::from(row.baseline),
            target: i128::from(row.target),
            direction: if row.direction == "decrease" {
                rollup::Direction::Decrease
            } else {
                rollup::Direction::Increase
            },
            current: actuals.last().map(|a| i128::from(a.value)),
        }),
    };
    let progress = actuals
        .last()
        .and_then(|_| rollup::roll_up(&[measure], &[]).remove(&row.id))
        .and_then(|p| percent_text(Some(&p)));
    IndicatorView {
        progress,
        actuals: actuals.into_iter().map(ActualView::from).collect(),
        baseline: decimal_text(row.baseline),
        target: decimal_text(row.target),
        id: row.id,
        node_id: row.node_id,
        name: row.name,
        unit: row.unit,
        direction: row.direction,
        period: row.period,
    }
}

/// A new indicator.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewIndicator {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: String,
    /// E.g. 亿元, %.
    #[schema(min_length = 1, max_length = 20, pattern = "\\S")]
    pub unit: String,
    #[schema(pattern = r"^-?\d{1,13}(\.\d{1,6})?$", example = "38")]
    pub baseline: String,
    #[schema(pattern = r"^-?\d{1,13}(\.\d{1,6})?$", example = "95")]
    pub target: String,
    pub direction: DirectionText,
    #[schema(
        pattern = r"^\d{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?$",
        example = "2026"
    )]
    pub period: String,
}

impl Validate for NewIndicator {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("name", &self.name, 100, &mut errors);
        check_text("unit", &self.unit, 20, &mut errors);
        check_measure(
            Some(&self.baseline),
            Some(&self.target),
            Some(self.direction),
            &mut errors,
        );
        if lt_service::reports::period_of(Some(&self.period)).is_err() {
            errors.push(FieldError::new(
                "period",
                "invalid",
                "2026, 2026-H1, 2026-Q4 or 2026-12",
            ));
        }
        field_errors(errors)
    }
}

/// Add an indicator to a node (whoever keeps the node).
#[utoipa::path(post, path = "/api/v1/vision/nodes/{node_id}/indicators", tag = "indicators", security(("bearer" = [])),
    request_body = NewIndicator, responses((status = 201, body = IndicatorView), WriteErrors),
    extensions(("x-roles" = json!(["whoever keeps the node: admin for the district vision and targets"]))))]
pub async fn create(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    node_id: web::Path<String>,
    body: Json<NewIndicator>,
) -> Result<HttpResponse, ApiError> {
    let viewer = Viewer::of(&directory, &caller).await?;
    let node = visible_node(&store, &directory, &viewer, &node_id).await?;
    if !viewer.keeps(&directory, &node).await? {
        return Err(ApiError::forbidden());
    }
    let request = body.into_inner();
    let mut errors = Vec::new();
    let (baseline, target) = check_measure(
        Some(&request.baseline),
        Some(&request.target),
        Some(request.direction),
        &mut errors,
    )
    .ok_or_else(|| ApiError::validation(errors))?;
    let fields = IndicatorFields {
        name: trimmed(&request.name).to_owned(),
        unit: trimmed(&request.unit).to_owned(),
        baseline,
        target,
        direction: request.direction.as_str().to_owned(),
        period: request.period.clone(),
    };
    let actor = caller.user.subject().into_owned();
    let view = store
        .write(move |tx| {
            let row = indicators::insert(tx, &node.id, &fields, &actor)?;
            let view = indicator_view(row, Vec::new());
            record_event(tx, "vision.indicator.added", &view)?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/vision/indicators/{}", view.id)))
        .json(view))
}

/// A node's indicators (whoever sees the node).
#[utoipa::path(get, path = "/api/v1/vision/nodes/{node_id}/indicators", tag = "indicators", security(("bearer" = [])),
    responses((status = 200, body = Vec<IndicatorView>), ReadErrors),
    extensions(("x-roles" = json!(["whoever sees the node"]))))]
pub async fn list(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    node_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let viewer = Viewer::of(&directory, &caller).await?;
    let node = visible_node(&store, &directory, &viewer, &node_id).await?;
    let views = store
        .read(move |conn| indicator_views(conn, &node.id))
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// An actual value, with where it comes from.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewActual {
    #[schema(pattern = r"^-?\d{1,13}(\.\d{1,6})?$", example = "47.8")]
    pub value: String,
    /// E.g. 区统计局.
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub source: String,
    pub observed_on: NaiveDate,
}

impl Validate for NewActual {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        model::value("value", &self.value, &mut errors);
        check_text("source", &self.source, 100, &mut errors);
        if self.observed_on > lt_programme::today() {
            errors.push(FieldError::new(
                "observed_on",
                "out_of_range",
                "not ahead of today",
            ));
        }
        field_errors(errors)
    }
}

/// Record an actual value of an indicator (whoever keeps its node).
#[utoipa::path(post, path = "/api/v1/vision/indicators/{indicator_id}/actuals", tag = "indicators", security(("bearer" = [])),
    request_body = NewActual, responses((status = 201, body = IndicatorView), WriteErrors),
    extensions(("x-roles" = json!(["whoever keeps the indicator's node"]))))]
pub async fn record(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    indicator_id: web::Path<String>,
    body: Json<NewActual>,
) -> Result<HttpResponse, ApiError> {
    let id = indicator_id.into_inner();
    let indicator = store
        .read({
            let id = id.clone();
            move |conn| -> Result<_, ApiError> { Ok(indicators::find(conn, &id)?) }
        })
        .await?;
    let viewer = Viewer::of(&directory, &caller).await?;
    let node = visible_node(&store, &directory, &viewer, &indicator.node_id).await?;
    if !viewer.keeps(&directory, &node).await? {
        return Err(ApiError::forbidden());
    }
    let request = body.into_inner();
    let mut errors = Vec::new();
    let value = model::value("value", &request.value, &mut errors)
        .ok_or_else(|| ApiError::validation(errors))?;
    let actor = caller.user.subject().into_owned();
    let view = store
        .write(move |tx| {
            indicators::record(tx, &id, value, trimmed(&request.source), request.observed_on, &actor)?;
            let view = indicator_view(indicators::find(tx.conn(), &id)?, indicators::actuals_of(tx.conn(), &id)?);
            record_event(tx, "vision.indicator.actual_recorded", &serde_json::json!({"indicator_id": view.id, "node_id": view.node_id, "value": request.value, "source": request.source, "observed_on": request.observed_on}))?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, list, record]
}
