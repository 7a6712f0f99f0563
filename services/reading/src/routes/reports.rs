//! Reports for the programme office, coordinators (their subtree) and reporting accounts
//! (`reports:read`): reading by org unit × period (read from monthly totals kept with every
//! log, so they do not grow with history), a campaign's progress by participant (persons and
//! units, never families), and library-card coverage. Each answers JSON, or CSV (UTF-8 with
//! BOM) with `Accept: text/csv` or `?format=csv`.

use actix_web::{HttpRequest, HttpResponse, web};
use lt_directory::Directory;
use lt_http::ApiError;
use lt_http::Endpoints;
use lt_http::csv::{self, CsvRow};
use lt_http::openapi::ReadErrors;
use lt_programme::{ExactDecimal, Period};
use lt_service::Caller;
use lt_service::reports::{ReportQuery, check_format, report_units, unit_names};
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use std::collections::HashSet;

use crate::domain::goals::{PersonsTogether, progress, together};
use crate::store::campaigns::{self, kind};
use crate::store::cards;
use crate::store::logs::{self, NO_UNIT, month_key};

/// Reading of one org unit in the period (cadres' own reading, by the unit they were in).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ReadingRow {
    pub org_unit_id: String,
    pub org_unit_name: Option<String>,
    pub pages: i64,
    pub minutes: i64,
    pub books_finished: i64,
    pub logs: i64,
}

impl CsvRow for ReadingRow {
    const COLUMNS: &'static [&'static str] =
        &["组织编号", "组织", "页数", "分钟", "读完本数", "记录数"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.org_unit_id.clone(),
            csv::optional(self.org_unit_name.as_ref()),
            self.pages.to_string(),
            self.minutes.to_string(),
            self.books_finished.to_string(),
            self.logs.to_string(),
        ]
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ReadingReport {
    pub period: Period,
    pub rows: Vec<ReadingRow>,
    pub total_pages: i64,
    pub total_minutes: i64,
}

/// Reading by org unit in a period.
#[utoipa::path(get, path = "/api/v1/reading/reports/reading", tag = "reports", security(("bearer" = [])),
    params(ReportQuery),
    responses((status = 200, content((ReadingReport = "application/json"), (String = "text/csv"))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their subtree)", "scope:reports:read"]))))]
pub async fn reading(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    req: HttpRequest,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = query.period()?;
    let units = report_units(&store, &directory, &caller, query.org_unit_id.clone()).await?;
    let (first, last) = (
        month_key(period.first_day()),
        month_key(period.end_day().pred_opt().unwrap_or_default()),
    );
    let rows = store
        .read(move |conn| -> Result<_, ApiError> {
            let totals: Vec<_> = logs::totals_by_unit(conn, first, last + 1)?
                .into_iter()
                .filter(|(unit, _)| units.as_ref().is_none_or(|units| units.contains(unit)))
                .collect();
            let names = unit_names(
                conn,
                totals
                    .iter()
                    .map(|(u, _)| u.clone())
                    .filter(|u| u != NO_UNIT),
            )?;
            Ok(totals
                .into_iter()
                .map(|(unit, t)| ReadingRow {
                    org_unit_name: names.get(&unit).cloned(),
                    org_unit_id: if unit == NO_UNIT { "-".into() } else { unit },
                    pages: t.pages,
                    minutes: t.minutes,
                    books_finished: t.books_finished,
                    logs: t.logs,
                })
                .collect::<Vec<_>>())
        })
        .await?;
    let (total_pages, total_minutes) = rows
        .iter()
        .fold((0, 0), |(p, m), r| (p + r.pages, m + r.minutes));
    let report = ReadingReport {
        period,
        rows,
        total_pages,
        total_minutes,
    };
    let file_name = format!("阅读统计-{period}.csv");
    Ok(csv::answer(&req, &report, &file_name, &report.rows))
}

/// One participant's progress in a campaign.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CampaignRow {
    /// `person` or `org_unit` (in CSV also `others`: the persons folded together).
    pub kind: String,
    pub id: String,
    pub name: Option<String>,
    pub pages: i64,
    pub minutes: i64,
    pub books_finished: i64,
    pub met: bool,
}

impl CsvRow for CampaignRow {
    const COLUMNS: &'static [&'static str] =
        &["类型", "编号", "名称", "页数", "分钟", "读完本数", "达成"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.kind.clone(),
            self.id.clone(),
            csv::optional(self.name.as_ref()),
            self.pages.to_string(),
            self.minutes.to_string(),
            self.books_finished.to_string(),
            if self.met { "是" } else { "否" }.to_owned(),
        ]
    }
}

/// A campaign's progress by participant. Units by name; persons by name only to admins and
/// coordinators, and only those who show their reading (`show_on_leaderboard`); every other
/// person in scope — every person, for a `reports:read` account — is folded into `others`
/// (in CSV: one row of kind `others`, when at least five persons make its figures).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CampaignReport {
    pub campaign_id: String,
    pub title: String,
    pub rows: Vec<CampaignRow>,
    pub others: Option<PersonsTogether>,
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormatQuery {
    /// Only this org unit and its subtree (a coordinator: within their own).
    pub org_unit_id: Option<String>,
    /// `csv` for CSV (or send `Accept: text/csv`).
    #[param(pattern = "^(csv|json)$")]
    pub format: Option<String>,
}

/// A campaign's progress by participant (persons and units of the caller's scope).
#[utoipa::path(get, path = "/api/v1/reading/reports/campaigns/{campaign_id}", tag = "reports", security(("bearer" = [])),
    params(FormatQuery),
    responses((status = 200, content((CampaignReport = "application/json"), (String = "text/csv"))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their subtree)", "scope:reports:read"]))))]
pub async fn campaign(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    req: HttpRequest,
    campaign_id: web::Path<String>,
    query: web::Query<FormatQuery>,
) -> Result<HttpResponse, ApiError> {
    check_format(query.format.as_deref())?;
    let units = report_units(&store, &directory, &caller, query.org_unit_id.clone()).await?;
    let extractor = caller.user.is_service();
    let id = campaign_id.into_inner();
    let report = store
        .read(move |conn| -> Result<_, ApiError> {
            let campaign = campaigns::find(conn, &id)?;
            let goal = campaign.goal();
            let in_scope = |unit: Option<&String>| {
                units
                    .as_ref()
                    .is_none_or(|units| unit.is_some_and(|u| units.contains(u)))
            };
            let all = campaigns::participants(conn, &campaign.id)?;
            let showing = if extractor {
                HashSet::new()
            } else {
                campaigns::showing_reading(conn, &all)?
            };
            let mut rows = Vec::new();
            let mut folded = Vec::new();
            for p in all {
                let (name, done) = match p.kind.as_str() {
                    kind::PERSON => {
                        let person = lt_directory::local::person(conn, &p.participant_id)?;
                        if !in_scope(person.as_ref().and_then(|x| x.org_unit_id.as_ref())) {
                            continue;
                        }
                        let done = campaigns::done_by_person(
                            conn,
                            &p.participant_id,
                            campaign.starts_on,
                            campaign.ends_on,
                            true,
                            false,
                        )?;
                        if !showing.contains(&p.participant_id) {
                            folded.push(done);
                            continue;
                        }
                        (person.map(|x| x.name), done)
                    }
                    kind::ORG_UNIT => {
                        if !in_scope(Some(&p.participant_id)) {
                            continue;
                        }
                        let subtree = lt_directory::local::subtree(conn, &p.participant_id)?;
                        let name =
                            lt_directory::local::org_unit(conn, &p.participant_id)?.map(|u| u.name);
                        (
                            name,
                            campaigns::done_by_units(
                                conn,
                                &subtree,
                                campaign.starts_on,
                                campaign.ends_on,
                            )?,
                        )
                    }
                    _ => continue,
                };
                let met = progress(&goal, done).met;
                rows.push(CampaignRow {
                    kind: p.kind,
                    id: p.participant_id,
                    name,
                    pages: done.pages,
                    minutes: done.minutes,
                    books_finished: done.books,
                    met,
                });
            }
            Ok(CampaignReport {
                others: together(&goal, &folded),
                campaign_id: campaign.id,
                title: campaign.title,
                rows,
            })
        })
        .await?;
    let file_name = format!("活动进度-{}.csv", report.title);
    let mut lines = report.rows.clone();
    if let Some(PersonsTogether {
        persons,
        done: Some(done),
        met: Some(met),
    }) = report.others
    {
        lines.push(CampaignRow {
            kind: "others".into(),
            id: String::new(),
            name: Some(format!("其余{persons}人")),
            pages: done.pages,
            minutes: done.minutes,
            books_finished: done.books,
            met: met == persons,
        });
    }
    Ok(csv::answer(&req, &report, &file_name, &lines))
}

/// Library cards among one unit's active cadres.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CoverageRow {
    pub org_unit_id: String,
    pub org_unit_name: Option<String>,
    pub cadres: i64,
    pub with_card: i64,
    /// Percent, two places, rounded down.
    pub coverage: Option<ExactDecimal>,
}

impl CsvRow for CoverageRow {
    const COLUMNS: &'static [&'static str] =
        &["组织编号", "组织", "在职人数", "持证人数", "覆盖率"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.org_unit_id.clone(),
            csv::optional(self.org_unit_name.as_ref()),
            self.cadres.to_string(),
            self.with_card.to_string(),
            csv::optional(self.coverage),
        ]
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CoverageReport {
    pub rows: Vec<CoverageRow>,
}

/// Library-card coverage by org unit (active cadres holding a live card), now.
#[utoipa::path(get, path = "/api/v1/reading/reports/card-coverage", tag = "reports", security(("bearer" = [])),
    params(FormatQuery),
    responses((status = 200, content((CoverageReport = "application/json"), (String = "text/csv"))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their subtree)", "scope:reports:read"]))))]
pub async fn card_coverage(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    req: HttpRequest,
    query: web::Query<FormatQuery>,
) -> Result<HttpResponse, ApiError> {
    check_format(query.format.as_deref())?;
    let units = report_units(&store, &directory, &caller, query.org_unit_id.clone()).await?;
    let rows = store
        .read(move |conn| -> Result<_, ApiError> {
            let holders: std::collections::HashSet<String> =
                cards::live_holders(conn)?.into_iter().collect();
            let mut by_unit: std::collections::BTreeMap<String, (i64, i64)> = Default::default();
            for person in lt_directory::local::active_people(conn, None)? {
                let Some(unit) = person.org_unit_id else {
                    continue;
                };
                if units.as_ref().is_some_and(|units| !units.contains(&unit)) {
                    continue;
                }
                let entry = by_unit.entry(unit).or_default();
                entry.0 += 1;
                entry.1 += i64::from(holders.contains(&person.id));
            }
            let names = unit_names(conn, by_unit.keys().cloned())?;
            Ok(by_unit
                .into_iter()
                .map(|(unit, (cadres, with_card))| CoverageRow {
                    org_unit_name: names.get(&unit).cloned(),
                    coverage: (cadres > 0).then(|| ExactDecimal {
                        units: with_card * 10_000 / cadres,
                        scale: 2,
                    }),
                    org_unit_id: unit,
                    cadres,
                    with_card,
                })
                .collect::<Vec<_>>())
        })
        .await?;
    let report = CoverageReport { rows };
    Ok(csv::answer(&req, &report, "借书证覆盖.csv", &report.rows))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![reading, campaign, card_coverage]
}
