//! `/api/v1/contest/contests/{contest_id}/results`: a round's results with every step
//! (sheet totals, trimmed or normalised values, the mean, tie-breaks; see
//! `crate::operations::results`). Organisers read them live while judging; everyone signed in reads them
//! as published once 公示 starts (judges shown by number only); `…/public-results` needs no
//! token and answers only after final publication. Both answer CSV (UTF-8 with BOM) with
//! `?format=csv` or `Accept: text/csv`.

use actix_web::{HttpRequest, HttpResponse, web};
use lt_http::Endpoints;
use lt_http::csv::{self, CsvRow, wants_csv};
use lt_http::openapi::ReadErrors;
use lt_http::{ApiError, PageQuery};
use lt_service::Caller;
use lt_service::reports::check_format;
use lt_store::Store;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::access::Runner;
use crate::domain::phase::Phase;
use crate::operations::results::{ResultLine, Results, ResultsView, cached, compute_at};
use crate::store::publications::{self, stage};
use crate::store::{contests, from_json_text};

impl CsvRow for ResultLine {
    const COLUMNS: &'static [&'static str] = &[
        "名次",
        "作品编号",
        "作品",
        "组别",
        "参赛者",
        "得分",
        "奖项",
        "评分表数",
        "平均分",
        "并列处理",
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            csv::optional(self.rank),
            self.entry_id.clone(),
            self.title.clone(),
            csv::optional(self.track.as_ref()),
            csv::optional(self.entrant.as_ref()),
            csv::optional(self.score.as_ref()),
            csv::optional(self.award.as_ref()),
            self.counted.to_string(),
            csv::optional(self.mean.as_ref()),
            csv::optional(self.tie_break.as_ref()),
        ]
    }
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResultsQuery {
    /// Organisers: `true` for results computed now even once published (e.g. after a
    /// correction during 公示).
    pub live: Option<bool>,
    /// `csv` for CSV (or send `Accept: text/csv`).
    #[param(pattern = "^(csv|json)$")]
    pub format: Option<String>,
}

/// JSON: one page of the results; CSV: all of them.
fn respond(
    req: &HttpRequest,
    results: &Results,
    page: &PageQuery,
    judges_shown: bool,
) -> Result<HttpResponse, ApiError> {
    if !wants_csv(req) {
        let page = page.resolve()?;
        let page = results.page(page.after, page.limit);
        return Ok(HttpResponse::Ok().json(if judges_shown {
            page
        } else {
            page.without_judges()
        }));
    }
    let file_name = format!("比赛结果-{}-{}.csv", results.contest_id(), results.stage());
    Ok(csv::table(&file_name, &results.lines()))
}

/// Results of the round: live for organisers (with judge ids), as published for everyone
/// else once 公示 starts (403 before).
#[utoipa::path(get, path = "/api/v1/contest/contests/{contest_id}/results", tag = "results", security(("bearer" = [])),
    params(ResultsQuery, PageQuery),
    responses((status = 200, content((ResultsView = "application/json"), (String = "text/csv"))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "organiser (runs the contest)", "any signed-in person once published", "scope:reports:read once published"]))))]
pub async fn results(
    store: web::Data<Store>,
    caller: Caller,
    req: HttpRequest,
    contest_id: web::Path<String>,
    query: web::Query<ResultsQuery>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    check_format(query.format.as_deref())?;
    if caller.user.is_service() {
        caller.require_extractor()?;
    }
    let runner = Runner::of(&caller);
    let live = query.live.unwrap_or(false);
    let id = contest_id.into_inner();
    let (view, organiser) = store
        .snapshot(move |conn| -> Result<_, ApiError> {
            let contest = contests::find(conn, &id)?;
            let organiser = runner.runs(conn, &contest)?;
            let version = contests::scoring_version(conn, &id)?;
            let published = Phase::parse(&contest.phase).is_some_and(Phase::published);
            if organiser && (live || !published) {
                let live = cached(&id, "live", version, || {
                    Ok(Results::Live(compute_at(conn, &contest, Some(version))?))
                })?;
                return Ok((live, true));
            }
            if !published {
                return Err(
                    ApiError::forbidden().with_detail("results are published when 公示 starts")
                );
            }
            let published = cached(&id, "published", version, || {
                let row = publications::latest(conn, &id)?.ok_or_else(|| {
                    anyhow::anyhow!("contest {id} is published without a publication")
                })?;
                Ok(Results::Published(from_json_text(&row.results)?))
            })?;
            Ok((published, organiser))
        })
        .await?;
    respond(&req, &view, &page, organiser)
}

/// Final results for everyone, without a token (404 until final publication).
#[utoipa::path(get, path = "/api/v1/contest/contests/{contest_id}/public-results", tag = "results",
    params(ResultsQuery, PageQuery),
    responses((status = 200, content((ResultsView = "application/json"), (String = "text/csv"))), ReadErrors),
    extensions(("x-roles" = json!(["anyone"]))))]
pub async fn public(
    store: web::Data<Store>,
    req: HttpRequest,
    contest_id: web::Path<String>,
    query: web::Query<ResultsQuery>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    check_format(query.format.as_deref())?;
    let id = contest_id.into_inner();
    let view = store
        .read(move |conn| -> Result<_, ApiError> {
            let version = contests::scoring_version(conn, &id)?;
            cached(&id, "final", version, || {
                let row = publications::of_stage(conn, &id, stage::FINAL)?
                    .ok_or_else(ApiError::not_found)?;
                Ok(Results::Published(from_json_text(&row.results)?))
            })
        })
        .await?;
    respond(&req, &view, &page, false)
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![results, public]
}
