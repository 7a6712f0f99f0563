//! What every service's reports share: the query (`period`, `org_unit_id`, `format`), the
//! scope a caller reads (everything for admins and `reports:read`, a coordinator's subtree),
//! and unit names for the rows.

use std::collections::HashMap;

use lt_directory::Directory;
use lt_directory::local;
use lt_http::{ApiError, FieldError, kinds};
use lt_programme::Period;
use lt_store::Store;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::Caller;

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// `2026`, `2026-H1`, `2026-Q4` or `2026-12` (Asia/Shanghai); default: this year.
    #[param(pattern = r"^\d{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?$")]
    pub period: Option<String>,
    /// Only this org unit and its subtree (a coordinator: within their own).
    pub org_unit_id: Option<String>,
    /// `csv` for CSV (or send `Accept: text/csv`).
    #[param(pattern = "^(csv|json)$")]
    pub format: Option<String>,
}

/// 400 for a `format` other than `csv` or `json` (what to answer is read from it and
/// `Accept` by `lt_http::csv::wants_csv`).
pub fn check_format(format: Option<&str>) -> Result<(), ApiError> {
    match format {
        None | Some("csv" | "json") => Ok(()),
        Some(_) => Err(
            ApiError::new(&kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "format",
                "invalid",
                "csv or json",
            )]),
        ),
    }
}

/// A `period` query parameter: the period, this year when absent, 400 when malformed.
pub fn period_of(text: Option<&str>) -> Result<Period, ApiError> {
    match text {
        None => Ok(Period::Year(chrono::Datelike::year(&lt_programme::today()))),
        Some(text) => text.parse().map_err(|e: lt_programme::PeriodError| {
            ApiError::new(&kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "period",
                "invalid",
                e.to_string(),
            )])
        }),
    }
}

/// `?period=` of a person's figures or record.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// `2026`, `2026-H1`, `2026-Q4` or `2026-12`; default: this year.
    #[param(pattern = r"^\d{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?$")]
    pub period: Option<String>,
}

impl PeriodQuery {
    /// The period asked for (this year when absent, 400 when malformed).
    pub fn resolve(&self) -> Result<Period, ApiError> {
        period_of(self.period.as_deref())
    }
}

impl ReportQuery {
    /// The period asked for (after checking `format`).
    pub fn period(&self) -> Result<Period, ApiError> {
        check_format(self.format.as_deref())?;
        period_of(self.period.as_deref())
    }
}

/// The org units a report covers: `None` for all (admins and `reports:read` callers, service
/// account or person, without a filter); a coordinator's subtree, or the subtree of
/// `org_unit_id` within the caller's scope (404 outside it).
pub async fn report_units(
    store: &Store,
    directory: &Directory,
    caller: &Caller,
    unit: Option<String>,
) -> Result<Option<Vec<String>>, ApiError> {
    caller.require_report_reader()?;
    let root = match (
        caller.is_admin() || caller.user.has_scope(lt_auth::scopes::REPORTS_READ),
        unit,
        caller.coordinated_unit(),
    ) {
        (true, unit, _) => unit,
        (false, Some(unit), Some(_)) => {
            let ancestry = crate::ancestry(directory, Some(unit.clone())).await?;
            if !caller.oversees(&ancestry) {
                return Err(ApiError::not_found());
            }
            Some(unit)
        }
        (false, None, Some(own)) => Some(own.to_owned()),
        (false, _, None) => return Err(ApiError::forbidden()),
    };
    match root {
        None => Ok(None),
        Some(root) => Ok(Some(
            store
                .read(move |conn| -> Result<_, ApiError> { Ok(local::subtree(conn, &root)?) })
                .await?,
        )),
    }
}

/// The names of org units `ids` (those the directory copy knows).
pub fn unit_names(
    conn: &mut lt_store::DbConnection,
    ids: impl Iterator<Item = String>,
) -> Result<HashMap<String, String>, ApiError> {
    let mut names = HashMap::new();
    for id in ids {
        if let Some(unit) = local::org_unit(conn, &id)? {
            names.insert(id, unit.name);
        }
    }
    Ok(names)
}
