//! `/api/v1/contest/contests/{contest_id}/rubric`: the criteria judges score, with weights
//! (whole percent, adding up to 100), maximum scores and level descriptors. Replaced as a
//! whole while unlocked; locked when the first score sheet is submitted.

use actix_web::{HttpResponse, web};
use lt_http::Endpoints;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::trimmed;
use lt_http::{ApiError, FieldError, Json, Validate};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::{Runner, require_organiser};
use crate::domain::phase::Phase;
use crate::domain::rubric::{self, CriterionRule};
use crate::problems::{RUBRIC_LOCKED, WRONG_PHASE};
use crate::store::contests::{self, CriterionFields, CriterionRow};
use crate::store::{from_json_text, to_json_text};

/// A level descriptor: what a score means (e.g. 9 — 思路新颖、成效显著).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    #[schema(minimum = 0, maximum = 1000)]
    pub score: i64,
    #[schema(min_length = 1, max_length = 500, pattern = "\\S")]
    pub description: String,
}

/// A criterion as sent.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCriterion {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: String,
    /// Whole percent; a rubric's weights add up to 100.
    #[schema(minimum = 1, maximum = 100)]
    pub weight: i64,
    /// The highest score, a whole number.
    #[schema(minimum = 1, maximum = 1000)]
    pub max_score: i64,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub levels: Vec<Level>,
}

/// A rubric as sent.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRubric {
    #[schema(min_items = 1, max_items = 20)]
    pub criteria: Vec<NewCriterion>,
}

impl NewRubric {
    fn rules(&self) -> Vec<CriterionRule> {
        self.criteria
            .iter()
            .map(|c| CriterionRule {
                name: trimmed(&c.name).to_owned(),
                weight: c.weight,
                max_score: c.max_score,
                level_scores: c.levels.iter().map(|l| l.score).collect(),
            })
            .collect()
    }
}

impl Validate for NewRubric {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = rubric::check(&self.rules());
        for (i, c) in self.criteria.iter().enumerate() {
            if c.levels.len() > 10 {
                errors.push(FieldError::new(
                    format!("criteria[{i}].levels"),
                    "out_of_range",
                    "at most 10 levels",
                ));
            }
            for (j, level) in c.levels.iter().enumerate() {
                lt_http::validation::check_text(
                    &format!("criteria[{i}].levels[{j}].description"),
                    &level.description,
                    500,
                    &mut errors,
                );
            }
        }
        lt_http::validation::field_errors(errors)
    }
}

/// A criterion with its id (scores name it).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CriterionView {
    pub id: String,
    pub name: String,
    pub weight: i32,
    pub max_score: i32,
    pub levels: Vec<Level>,
}

impl TryFrom<CriterionRow> for CriterionView {
    type Error = ApiError;
    fn try_from(row: CriterionRow) -> Result<Self, ApiError> {
        Ok(Self {
            levels: from_json_text(&row.levels)?,
            id: row.id,
            name: row.name,
            weight: row.weight,
            max_score: row.max_score,
        })
    }
}

/// A contest's rubric.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct RubricView {
    pub contest_id: String,
    pub locked: bool,
    pub criteria: Vec<CriterionView>,
}

pub fn rubric_view(
    contest_id: String,
    locked: bool,
    rows: Vec<CriterionRow>,
) -> Result<RubricView, ApiError> {
    Ok(RubricView {
        contest_id,
        locked,
        criteria: rows
            .into_iter()
            .map(CriterionView::try_from)
            .collect::<Result<_, _>>()?,
    })
}

/// Set (replace) the rubric. Refused once locked (409 `rubric_locked`) and once results are
/// published.
#[utoipa::path(put, path = "/api/v1/contest/contests/{contest_id}/rubric", tag = "contests", security(("bearer" = [])),
    request_body = NewRubric, responses((status = 200, body = RubricView), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (runs the contest)"]))))]
pub async fn put(
    store: web::Data<Store>,
    caller: Caller,
    contest_id: web::Path<String>,
    body: Json<NewRubric>,
) -> Result<HttpResponse, ApiError> {
    require_organiser(&caller)?;
    let runner = Runner::of(&caller);
    let request = body.into_inner();
    let id = contest_id.into_inner();
    let view = store
        .write(move |tx| {
            let contest = contests::lock(tx, &id)?;
            runner.require(tx.conn(), &contest)?;
            if contest.rubric_locked {
                return Err(ApiError::new(&RUBRIC_LOCKED));
            }
            if Phase::parse(&contest.phase).is_some_and(Phase::published) {
                return Err(ApiError::new(&WRONG_PHASE).with_detail("results are published"));
            }
            let fields = request
                .criteria
                .iter()
                .map(|c| -> Result<CriterionFields, ApiError> {
                    Ok(CriterionFields {
                        name: trimmed(&c.name).to_owned(),
                        weight: i32::try_from(c.weight).unwrap_or(0),
                        max_score: i32::try_from(c.max_score).unwrap_or(0),
                        levels: to_json_text(&c.levels)?,
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let rows = contests::replace_rubric(tx, &id, &fields)?;
            let view = rubric_view(id, false, rows)?;
            record_event(tx, "contest.rubric.set", &view)?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Read the rubric (everyone signed in: entrants should know how they are scored).
#[utoipa::path(get, path = "/api/v1/contest/contests/{contest_id}/rubric", tag = "contests", security(("bearer" = [])),
    responses((status = 200, body = RubricView), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    contest_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.person_id()?;
    let id = contest_id.into_inner();
    let view = store
        .read(move |conn| -> Result<_, ApiError> {
            let contest = contests::find(conn, &id)?;
            rubric_view(
                id.clone(),
                contest.rubric_locked,
                contests::rubric_of(conn, &id)?,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![put, read]
}
