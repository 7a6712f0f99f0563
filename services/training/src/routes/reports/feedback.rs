//! Feedback by course: how many responded and the average rating (ratings are anonymous).

use actix_web::{HttpRequest, HttpResponse, web};
use lt_directory::Directory;
use lt_http::ApiError;
use lt_http::csv::{self, CsvRow};
use lt_http::openapi::ReadErrors;
use lt_programme::{ExactDecimal, Period};
use lt_service::Caller;
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ReportQuery, report_units};
use crate::routes::feedback::mean_rating;
use crate::store::{courses, reports};

/// Feedback on one course's sessions that started in the period.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedbackRow {
    pub course_id: String,
    pub title: String,
    pub responses: i64,
    pub average_rating: Option<ExactDecimal>,
}

impl CsvRow for FeedbackRow {
    const COLUMNS: &'static [&'static str] = &["课程编号", "课程", "评价数", "平均评分"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.course_id.clone(),
            self.title.clone(),
            self.responses.to_string(),
            csv::optional(self.average_rating),
        ]
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedbackReport {
    pub period: Period,
    pub rows: Vec<FeedbackRow>,
}

/// Feedback by course for sessions starting in a period: from the cadres of the caller's
/// scope, by the unit they were in when they gave it (ratings are anonymous).
#[utoipa::path(get, path = "/api/v1/training/reports/feedback", tag = "reports", security(("bearer" = [])),
    params(ReportQuery),
    responses((status = 200, content((FeedbackReport = "application/json"), (String = "text/csv"))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their subtree)", "scope:reports:read"]))))]
pub async fn report(
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
            reports::feedback_by_course(conn, from, to, units.as_deref())?
                .into_iter()
                .map(|(course_id, responses, sum)| {
                    let title = courses::find(conn, &course_id)?.title;
                    Ok(FeedbackRow {
                        course_id,
                        title,
                        responses,
                        average_rating: mean_rating(sum.unwrap_or(0), responses),
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .await?;
    let report = FeedbackReport { period, rows };
    let file_name = format!("课程评价-{period}.csv");
    Ok(csv::answer(&req, &report, &file_name, &report.rows))
}

pub fn endpoints() -> lt_http::Endpoints {
    lt_http::endpoints![report]
}
