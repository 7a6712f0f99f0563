//! Reports for the programme office, coordinators (their subtree) and reporting accounts
//! (`reports:read`): hours by org unit × mechanism × period, completion rates, compliance
//! with the required hours by rank category, feedback by course. Each answers JSON, or CSV
//! (UTF-8 with BOM) with `Accept: text/csv` or `?format=csv`.

pub mod compliance;
pub mod feedback;

use lt_http::Endpoints;
use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, web};
use lt_directory::Directory;
use lt_http::ApiError;
use lt_http::csv::{self, CsvRow};
use lt_http::openapi::ReadErrors;
use lt_programme::{ExactDecimal, Hours, Mechanism, Period};
use lt_service::Caller;
use lt_store::{Store, StoreError, read_stored};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::store::credits::{NO_UNIT, month_key};
use crate::store::enrolments::status;
use crate::store::{courses, reports};

pub use lt_service::reports::ReportQuery;
use lt_service::reports::unit_names;
pub(super) use lt_service::reports::{check_format, report_units};

/// Hours of one org unit and mechanism in the period.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct HoursReportRow {
    /// The unit the cadres belonged to when credited (`-`: none).
    pub org_unit_id: String,
    pub org_unit_name: Option<String>,
    pub mechanism: Mechanism,
    pub hours: Hours,
    /// Credits counted.
    pub credits: i64,
}

impl CsvRow for HoursReportRow {
    const COLUMNS: &'static [&'static str] = &["组织编号", "组织", "学习机制", "学时", "记录数"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.org_unit_id.clone(),
            csv::optional(self.org_unit_name.as_ref()),
            self.mechanism.label_zh().to_owned(),
            self.hours.to_string(),
            self.credits.to_string(),
        ]
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct HoursReport {
    pub period: Period,
    pub rows: Vec<HoursReportRow>,
    pub total_hours: Hours,
}

/// Hours credited by org unit × mechanism in a period.
#[utoipa::path(get, path = "/api/v1/training/reports/hours", tag = "reports", security(("bearer" = [])),
    params(ReportQuery),
    responses((status = 200, content((HoursReport = "application/json"), (String = "text/csv"))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their subtree)", "scope:reports:read"]))))]
pub async fn hours(
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
    let (rows, names) = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = reports::hours(conn, first, last, units.as_deref())?;
            let names = unit_names(
                conn,
                rows.iter()
                    .map(|r| r.org_unit_id.clone())
                    .filter(|u| u != NO_UNIT)
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter(),
            )?;
            Ok((rows, names))
        })
        .await?;
    let rows = rows
        .into_iter()
        .map(|r| {
            Ok(HoursReportRow {
                mechanism: read_stored("mechanism", &r.mechanism)?,
                org_unit_name: names.get(&r.org_unit_id).cloned(),
                org_unit_id: r.org_unit_id,
                hours: Hours(r.hours),
                credits: r.credits,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let total_hours = rows.iter().map(|r| r.hours).sum();
    let report = HoursReport {
        period,
        rows,
        total_hours,
    };
    let file_name = format!("学时统计-{period}.csv");
    Ok(csv::answer(&req, &report, &file_name, &report.rows))
}

/// Completion of one course's sessions that started in the period.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CompletionRow {
    pub course_id: String,
    pub title: String,
    pub enrolled: i64,
    pub waitlisted: i64,
    pub withdrawn: i64,
    pub completed: i64,
    /// `completed / (enrolled + completed)` in percent, two places, rounded half up.
    pub completion_rate: Option<ExactDecimal>,
}

impl CsvRow for CompletionRow {
    const COLUMNS: &'static [&'static str] = &[
        "课程编号",
        "课程",
        "在读",
        "候补",
        "退出",
        "结业",
        "结业率(%)",
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            self.course_id.clone(),
            self.title.clone(),
            self.enrolled.to_string(),
            self.waitlisted.to_string(),
            self.withdrawn.to_string(),
            self.completed.to_string(),
            csv::optional(self.completion_rate),
        ]
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CompletionReport {
    pub period: Period,
    pub rows: Vec<CompletionRow>,
}

/// Completion rates by course for sessions starting in a period that have ended (sessions
/// still to come and cancelled ones are left out): enrolments of the caller's scope, by the
/// org unit they were made in.
#[utoipa::path(get, path = "/api/v1/training/reports/completion", tag = "reports", security(("bearer" = [])),
    params(ReportQuery),
    responses((status = 200, content((CompletionReport = "application/json"), (String = "text/csv"))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their subtree)", "scope:reports:read"]))))]
pub async fn completion(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    req: HttpRequest,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = query.period()?;
    let units = report_units(&store, &directory, &caller, query.org_unit_id.clone()).await?;
    let (from, to) = period.utc_range();
    let rows = store
        .read(move |conn| -> Result<_, ApiError> {
            let counts =
                reports::completion(conn, from, to, lt_store::now_utc(), units.as_deref())?;
            let mut by_course: BTreeMap<String, [i64; 4]> = BTreeMap::new();
            for (course, state, count) in counts {
                let slot = match state.as_str() {
                    status::ENROLLED => 0,
                    status::WAITLISTED => 1,
                    status::WITHDRAWN => 2,
                    _ => 3,
                };
                by_course.entry(course).or_default()[slot] += count;
            }
            by_course
                .into_iter()
                .map(
                    |(course_id, [enrolled, waitlisted, withdrawn, completed])| {
                        let title = courses::find(conn, &course_id)?.title;
                        Ok(CompletionRow {
                            course_id,
                            title,
                            enrolled,
                            waitlisted,
                            withdrawn,
                            completed,
                            completion_rate: lt_programme::percent(completed, enrolled + completed),
                        })
                    },
                )
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .await?;
    let report = CompletionReport { period, rows };
    let file_name = format!("结业率-{period}.csv");
    Ok(csv::answer(&req, &report, &file_name, &report.rows))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![hours, completion]
        .and(compliance::endpoints())
        .and(feedback::endpoints())
}
