//! Compliance with the required hours by rank category.

use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, web};
use lt_directory::Directory;
use lt_directory::local::{self, Person};
use lt_http::ApiError;
use lt_http::csv::{self, CsvRow};
use lt_http::openapi::ReadErrors;
use lt_service::Caller;
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{check_format, report_units};
use crate::domain::kinds::RankCategory;
use crate::domain::requirements::Standing;
use crate::routes::requirements::{YearQuery, progress_of};

/// Compliance of one rank category.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ComplianceRow {
    /// Absent: ranks the policy gives no category (`not_subject`).
    pub category: Option<RankCategory>,
    pub people: i64,
    pub met: i64,
    pub on_track: i64,
    pub behind: i64,
    pub not_subject: i64,
}

impl CsvRow for ComplianceRow {
    const COLUMNS: &'static [&'static str] =
        &["类别", "人数", "已达标", "进度正常", "落后", "无要求"];
    fn cells(&self) -> Vec<String> {
        vec![
            csv::optional(self.category.map(|c| c.as_str())),
            self.people.to_string(),
            self.met.to_string(),
            self.on_track.to_string(),
            self.behind.to_string(),
            self.not_subject.to_string(),
        ]
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ComplianceReport {
    pub year: i32,
    pub rows: Vec<ComplianceRow>,
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComplianceQuery {
    /// Only this org unit and its subtree (a coordinator: within their own).
    pub org_unit_id: Option<String>,
    /// `csv` for CSV (or send `Accept: text/csv`).
    #[param(pattern = "^(csv|json)$")]
    pub format: Option<String>,
}

/// Compliance with the required hours by rank category, for the active cadres of the
/// caller's scope (reporting accounts and admins: everyone).
#[utoipa::path(get, path = "/api/v1/training/reports/compliance", tag = "reports", security(("bearer" = [])),
    params(YearQuery, ComplianceQuery),
    responses((status = 200, content((ComplianceReport = "application/json"), (String = "text/csv"))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their subtree)", "scope:reports:read"]))))]
pub async fn report(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    req: HttpRequest,
    year: web::Query<YearQuery>,
    query: web::Query<ComplianceQuery>,
) -> Result<HttpResponse, ApiError> {
    let year = year.resolve()?;
    check_format(query.format.as_deref())?;
    let units = report_units(&store, &directory, &caller, query.org_unit_id.clone()).await?;
    let rows = store
        .read(move |conn| -> Result<_, ApiError> {
            let mut people: Vec<Person> = local::active_people(conn, None)?;
            if let Some(units) = units {
                people.retain(|p| p.org_unit_id.as_ref().is_some_and(|u| units.contains(u)));
            }
            let views = progress_of(conn, &people, year)?;
            let mut by_category: BTreeMap<Option<RankCategory>, ComplianceRow> = BTreeMap::new();
            for view in views {
                let row = by_category
                    .entry(view.progress.category)
                    .or_insert(ComplianceRow {
                        category: view.progress.category,
                        people: 0,
                        met: 0,
                        on_track: 0,
                        behind: 0,
                        not_subject: 0,
                    });
                row.people += 1;
                match view.progress.standing {
                    Standing::Met => row.met += 1,
                    Standing::OnTrack => row.on_track += 1,
                    Standing::Behind => row.behind += 1,
                    Standing::NotSubject => row.not_subject += 1,
                }
            }
            Ok(by_category.into_values().collect::<Vec<_>>())
        })
        .await?;
    let report = ComplianceReport { year, rows };
    let file_name = format!("学时达标-{year}.csv");
    Ok(csv::answer(&req, &report, &file_name, &report.rows))
}

pub fn endpoints() -> lt_http::Endpoints {
    lt_http::endpoints![report]
}
