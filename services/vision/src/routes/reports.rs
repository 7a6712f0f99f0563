//! Vision reports (admins and `reports:read` everything, coordinators their subtree; JSON or
//! CSV with a BOM): alignment coverage by org unit (departments with an aligned team vision,
//! cadres with an aligned personal vision), progress by target and org unit, and check-in
//! activity by org unit and month. Aggregates only: no private vision is named.

use lt_http::Endpoints;
use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, web};
use lt_directory::{Directory, local};
use lt_http::ApiError;
use lt_http::csv::{self, CsvRow};
use lt_http::openapi::ReadErrors;
use lt_programme::Period;
use lt_service::Caller;
use lt_service::reports::{ReportQuery, report_units, unit_names};
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::model::Kind;
use crate::operations::graph::{self, percent_text};
use crate::store::check_ins;

/// Alignment of one org unit.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AlignmentRow {
    pub org_unit_id: String,
    pub org_unit_name: Option<String>,
    /// Team visions of the unit (each contributes to something: every node but the
    /// district's does).
    pub team_visions: i64,
    /// Active cadres directly in the unit.
    pub cadres: i64,
    /// Of them, with a personal vision.
    pub cadres_aligned: i64,
}

impl CsvRow for AlignmentRow {
    const COLUMNS: &'static [&'static str] = &[
        "组织编号",
        "组织",
        "团队愿景数",
        "干部数",
        "有个人愿景的干部数",
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            self.org_unit_id.clone(),
            csv::optional(self.org_unit_name.as_ref()),
            self.team_visions.to_string(),
            self.cadres.to_string(),
            self.cadres_aligned.to_string(),
        ]
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AlignmentReport {
    pub rows: Vec<AlignmentRow>,
    /// Units with a team vision over units listed, percent (two places).
    pub department_coverage: Option<String>,
    /// Cadres with a personal vision over cadres, percent (two places).
    pub cadre_coverage: Option<String>,
}

/// A share as the reports show it (`lt_programme::percent`: two places, rounded half up).
fn percent(part: i64, whole: i64) -> Option<String> {
    lt_programme::percent(part, whole).map(|p| p.to_string())
}

/// Alignment coverage by org unit.
#[utoipa::path(get, path = "/api/v1/vision/reports/alignment", tag = "reports", security(("bearer" = [])),
    params(ReportQuery),
    responses((status = 200, content((AlignmentReport = "application/json"), (String = "text/csv"))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their subtree)", "scope:reports:read"]))))]
pub async fn alignment(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    req: HttpRequest,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    query.period()?;
    let units = report_units(&store, &directory, &caller, query.org_unit_id.clone()).await?;
    let report = store
        .snapshot(move |conn| -> Result<_, ApiError> {
            let graph = graph::load(conn)?;
            let mut rows: BTreeMap<String, AlignmentRow> = BTreeMap::new();
            let all_units: Vec<String> = match &units {
                Some(units) => units.clone(),
                None => {
                    use diesel::prelude::*;
                    lt_directory::schema::directory_org_units::table
                        .select(lt_directory::schema::directory_org_units::id)
                        .load::<String>(conn)
                        .map_err(lt_store::StoreError::from)?
                }
            };
            let owners: std::collections::HashSet<&str> = graph
                .nodes
                .values()
                .filter(|n| n.kind == Kind::Personal)
                .filter_map(|n| n.owner_id.as_deref())
                .collect();
            for unit in all_units {
                let people = local::active_people(conn, Some(&unit))?;
                let team_visions = graph
                    .nodes
                    .values()
                    .filter(|n| {
                        n.kind == Kind::Team && n.org_unit_id.as_deref() == Some(unit.as_str())
                    })
                    .count();
                rows.insert(
                    unit.clone(),
                    AlignmentRow {
                        org_unit_name: None,
                        team_visions: i64::try_from(team_visions).unwrap_or(i64::MAX),
                        cadres: i64::try_from(people.len()).unwrap_or(i64::MAX),
                        cadres_aligned: i64::try_from(
                            people
                                .iter()
                                .filter(|p| owners.contains(p.id.as_str()))
                                .count(),
                        )
                        .unwrap_or(i64::MAX),
                        org_unit_id: unit,
                    },
                );
            }
            let names = unit_names(conn, rows.keys().cloned())?;
            let rows: Vec<AlignmentRow> = rows
                .into_values()
                .map(|mut r| {
                    r.org_unit_name = names.get(&r.org_unit_id).cloned();
                    r
                })
                .collect();
            let with_team = rows.iter().filter(|r| r.team_visions > 0).count();
            Ok(AlignmentReport {
                department_coverage: percent(
                    i64::try_from(with_team).unwrap_or(0),
                    i64::try_from(rows.len()).unwrap_or(0),
                ),
                cadre_coverage: percent(
                    rows.iter().map(|r| r.cadres_aligned).sum(),
                    rows.iter().map(|r| r.cadres).sum(),
                ),
                rows,
            })
        })
        .await?;
    Ok(csv::answer(&req, &report, "愿景对齐覆盖.csv", &report.rows))
}

/// One target's progress through one org unit's team visions.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ProgressRow {
    pub target_id: String,
    pub target_title: String,
    /// The target's own progress (percent, two places).
    pub target_progress: Option<String>,
    pub org_unit_id: String,
    pub org_unit_name: Option<String>,
    pub team_vision_id: String,
    pub team_vision_progress: Option<String>,
}

impl CsvRow for ProgressRow {
    const COLUMNS: &'static [&'static str] = &["目标", "目标进度", "组织", "团队愿景进度"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.target_title.clone(),
            csv::optional(self.target_progress.as_ref()),
            self.org_unit_name
                .clone()
                .unwrap_or_else(|| self.org_unit_id.clone()),
            csv::optional(self.team_vision_progress.as_ref()),
        ]
    }
}

/// Progress by target and org unit: each team vision that contributes to a target.
#[utoipa::path(get, path = "/api/v1/vision/reports/progress", tag = "reports", security(("bearer" = [])),
    params(ReportQuery),
    responses((status = 200, content((Vec<ProgressRow> = "application/json"), (String = "text/csv"))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their subtree)", "scope:reports:read"]))))]
pub async fn progress(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    req: HttpRequest,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    query.period()?;
    let units = report_units(&store, &directory, &caller, query.org_unit_id.clone()).await?;
    let rows = store
        .snapshot(move |conn| -> Result<_, ApiError> {
            let graph = graph::load(conn)?;
            let mut rows = Vec::new();
            for link in &graph.links {
                let (Some(team), Some(target)) = (
                    graph.nodes.get(&link.child_id),
                    graph.nodes.get(&link.parent_id),
                ) else {
                    continue;
                };
                if team.kind != Kind::Team || target.kind != Kind::Target {
                    continue;
                }
                let unit = team.org_unit_id.clone().unwrap_or_else(|| "-".into());
                if units.as_ref().is_some_and(|u| !u.contains(&unit)) {
                    continue;
                }
                rows.push(ProgressRow {
                    target_id: target.id.clone(),
                    target_title: target.title.clone(),
                    target_progress: percent_text(graph.progress.get(&target.id)),
                    org_unit_id: unit,
                    org_unit_name: None,
                    team_vision_id: team.id.clone(),
                    team_vision_progress: percent_text(graph.progress.get(&team.id)),
                });
            }
            rows.sort_by(|a, b| {
                (&a.target_title, &a.org_unit_id).cmp(&(&b.target_title, &b.org_unit_id))
            });
            let names = unit_names(
                conn,
                rows.iter()
                    .map(|r| r.org_unit_id.clone())
                    .filter(|u| u != "-"),
            )?;
            for row in &mut rows {
                row.org_unit_name = names.get(&row.org_unit_id).cloned();
            }
            Ok(rows)
        })
        .await?;
    Ok(csv::answer(&req, &rows, "愿景进度.csv", &rows))
}

/// Check-ins of one org unit (the author's when recorded) in one month.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CheckInActivityRow {
    pub org_unit_id: String,
    pub org_unit_name: Option<String>,
    /// `2026-03`.
    pub month: String,
    pub check_ins: i64,
    pub late: i64,
    /// Mean confidence, two places.
    pub mean_confidence: Option<String>,
}

impl CsvRow for CheckInActivityRow {
    const COLUMNS: &'static [&'static str] =
        &["组织编号", "组织", "月份", "打卡次数", "逾期", "平均信心"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.org_unit_id.clone(),
            csv::optional(self.org_unit_name.as_ref()),
            self.month.clone(),
            self.check_ins.to_string(),
            self.late.to_string(),
            csv::optional(self.mean_confidence.as_ref()),
        ]
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CheckInActivity {
    pub period: Period,
    pub rows: Vec<CheckInActivityRow>,
}

/// Check-in activity by org unit and month.
#[utoipa::path(get, path = "/api/v1/vision/reports/check-ins", tag = "reports", security(("bearer" = [])),
    params(ReportQuery),
    responses((status = 200, content((CheckInActivity = "application/json"), (String = "text/csv"))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their subtree)", "scope:reports:read"]))))]
pub async fn check_in_activity(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    req: HttpRequest,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = query.period()?;
    let units = report_units(&store, &directory, &caller, query.org_unit_id.clone()).await?;
    let rows = store
        .read(move |conn| -> Result<_, ApiError> {
            let mut grouped: BTreeMap<(String, String), (i64, i64, i64)> = BTreeMap::new();
            for c in check_ins::between(conn, period.first_day(), period.end_day(), None)? {
                let unit = c.org_unit_id.clone().unwrap_or_else(|| "-".into());
                if units.as_ref().is_some_and(|u| !u.contains(&unit)) {
                    continue;
                }
                let entry = grouped
                    .entry((unit, c.checked_on.format("%Y-%m").to_string()))
                    .or_default();
                entry.0 += 1;
                entry.1 += i64::from(c.late);
                entry.2 += i64::from(c.confidence);
            }
            let names = unit_names(
                conn,
                grouped.keys().map(|(u, _)| u.clone()).filter(|u| u != "-"),
            )?;
            Ok(grouped
                .into_iter()
                .map(
                    |((unit, month), (count, late, confidence))| CheckInActivityRow {
                        org_unit_name: names.get(&unit).cloned(),
                        mean_confidence: percent(confidence, count * 100),
                        org_unit_id: unit,
                        month,
                        check_ins: count,
                        late,
                    },
                )
                .collect::<Vec<_>>())
        })
        .await?;
    let report = CheckInActivity { period, rows };
    let file_name = format!("打卡统计-{period}.csv");
    Ok(csv::answer(&req, &report, &file_name, &report.rows))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![alignment, progress, check_in_activity]
}
