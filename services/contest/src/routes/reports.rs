//! `/api/v1/contest/reports/entries`: entries and awards by org unit (stamped when the
//! entry was written) and contest kind, for entries submitted in a period. Admins and
//! `reports:read` read everything, coordinators their subtree. JSON or CSV (UTF-8 BOM).

use lt_http::Endpoints;
use std::collections::{BTreeMap, HashMap};

use actix_web::{HttpRequest, HttpResponse, web};
use lt_directory::Directory;
use lt_http::ApiError;
use lt_http::csv::{self, CsvRow};
use lt_http::openapi::ReadErrors;
use lt_programme::{Period, day_start_utc};
use lt_service::Caller;
use lt_service::reports::{ReportQuery, report_units, unit_names};
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::operations::awards::final_awards;
use crate::store::contests;
use crate::store::entries::{self, status};

/// One org unit's entries of one contest kind.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct EntryReportRow {
    /// `-` for entries without a unit.
    pub org_unit_id: String,
    pub org_unit_name: Option<String>,
    pub kind: String,
    /// Entries submitted in the period (disqualified ones included).
    pub entries: i64,
    pub disqualified: i64,
    /// Awards by tier name, once results are final.
    pub awards: BTreeMap<String, i64>,
}

impl CsvRow for EntryReportRow {
    const COLUMNS: &'static [&'static str] = &[
        "组织编号",
        "组织",
        "比赛类型",
        "参赛作品数",
        "取消资格数",
        "获奖",
    ];
    fn cells(&self) -> Vec<String> {
        let awards: Vec<String> = self.awards.iter().map(|(a, n)| format!("{a}{n}")).collect();
        vec![
            self.org_unit_id.clone(),
            csv::optional(self.org_unit_name.as_ref()),
            self.kind.clone(),
            self.entries.to_string(),
            self.disqualified.to_string(),
            awards.join("；"),
        ]
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct EntryReport {
    pub period: Period,
    pub rows: Vec<EntryReportRow>,
}

/// Entries and awards by org unit and contest kind.
#[utoipa::path(get, path = "/api/v1/contest/reports/entries", tag = "reports", security(("bearer" = [])),
    params(ReportQuery),
    responses((status = 200, content((EntryReport = "application/json"), (String = "text/csv"))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their subtree)", "scope:reports:read"]))))]
pub async fn entries_report(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    req: HttpRequest,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = query.period()?;
    let units = report_units(&store, &directory, &caller, query.org_unit_id.clone()).await?;
    let rows = store
        .snapshot(move |conn| -> Result<_, ApiError> {
            let (from, until) = (
                day_start_utc(period.first_day()),
                day_start_utc(period.end_day()),
            );
            let mut kinds: HashMap<String, String> = HashMap::new();
            let mut awards: HashMap<String, HashMap<String, String>> = HashMap::new();
            let mut grouped: BTreeMap<(String, String), EntryReportRow> = BTreeMap::new();
            for entry in entries::submitted_between(conn, from, until)? {
                if entry.status != status::SUBMITTED && entry.status != status::DISQUALIFIED {
                    continue;
                }
                let unit = entry.org_unit_id.clone().unwrap_or_else(|| "-".into());
                if units.as_ref().is_some_and(|u| !u.contains(&unit)) {
                    continue;
                }
                if !kinds.contains_key(&entry.contest_id) {
                    kinds.insert(
                        entry.contest_id.clone(),
                        contests::find(conn, &entry.contest_id)?.kind,
                    );
                    awards.insert(
                        entry.contest_id.clone(),
                        final_awards(conn, &entry.contest_id)?,
                    );
                }
                let kind = kinds.get(&entry.contest_id).cloned().unwrap_or_default();
                let row = grouped
                    .entry((unit.clone(), kind.clone()))
                    .or_insert_with(|| EntryReportRow {
                        org_unit_id: unit,
                        org_unit_name: None,
                        kind,
                        entries: 0,
                        disqualified: 0,
                        awards: BTreeMap::new(),
                    });
                row.entries += 1;
                if entry.status == status::DISQUALIFIED {
                    row.disqualified += 1;
                }
                if let Some(award) = awards.get(&entry.contest_id).and_then(|a| a.get(&entry.id)) {
                    *row.awards.entry(award.clone()).or_default() += 1;
                }
            }
            let names = unit_names(
                conn,
                grouped.keys().map(|(u, _)| u.clone()).filter(|u| u != "-"),
            )?;
            Ok(grouped
                .into_values()
                .map(|mut r| {
                    r.org_unit_name = names.get(&r.org_unit_id).cloned();
                    r
                })
                .collect::<Vec<_>>())
        })
        .await?;
    let report = EntryReport { period, rows };
    let file_name = format!("参赛统计-{period}.csv");
    Ok(csv::answer(&req, &report, &file_name, &report.rows))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![entries_report]
}
