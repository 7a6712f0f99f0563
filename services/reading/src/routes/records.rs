//! The cadre's reading record, in the learning-record shape every service shares
//! (`lt_programme::LearningRecord`). Reading is private: the record holds each month's
//! figures (kind `reading.month`: pages, minutes, books finished), never the titles read,
//! so a coordinator reading it learns how much, not what. Titles stay in the cadre's own
//! logs (`GET /logs`).

use actix_web::{HttpResponse, web};
use lt_directory::Directory;
use lt_http::ApiError;
use lt_http::Endpoints;
use lt_http::openapi::ReadErrors;
use lt_programme::{LearningRecord, LearningRecordItem, Mechanism, Period, RecordFigure};
use lt_service::Caller;
use lt_store::{DbConnection, Store};

use super::stats::{PeriodQuery, StatsView, stats_of};
use crate::store::logs::SELF;

/// `person_id`'s reading record for `period`: one item per month with reading.
pub fn record(
    conn: &mut DbConnection,
    person_id: &str,
    period: Period,
) -> Result<LearningRecord, ApiError> {
    let stats = stats_of(conn, person_id, SELF, period)?;
    let items = stats
        .months
        .iter()
        .filter_map(|month| {
            let day = chrono::NaiveDate::parse_from_str(&format!("{}-01", month.month), "%Y-%m-%d")
                .ok()?;
            Some(LearningRecordItem {
                date: day,
                service: "reading".into(),
                kind: "reading.month".into(),
                title: format!(
                    "{} 阅读 {} 页、{} 分钟，读完 {} 本",
                    month.month, month.pages, month.minutes, month.books_finished
                ),
                mechanism: Mechanism::NutritionSupply,
                key_project: None,
                hours: None,
                status: "logged".into(),
                path: format!(
                    "/api/v1/reading/people/{person_id}/stats?period={}",
                    month.month
                ),
            })
        })
        .collect();
    let figures = vec![
        RecordFigure::new("minutes", "阅读分钟", stats.minutes),
        RecordFigure::new("pages", "阅读页数", stats.pages),
        RecordFigure::new("books_finished", "读完本数", stats.books_finished),
    ];
    Ok(LearningRecord::new(person_id.to_owned(), period, items).with_figures(figures))
}

lt_service::record_endpoints!("reading", record);

/// Someone's reading figures in a period (how much, not what): the person, coordinators
/// over their unit, admins.
#[utoipa::path(get, path = "/api/v1/reading/people/{person_id}/stats", tag = "records", security(("bearer" = [])),
    params(PeriodQuery), responses((status = 200, body = StatsView), ReadErrors),
    extensions(("x-roles" = json!(["the person", "coordinator (their subtree)", "admin"]))))]
pub async fn stats(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    person_id: web::Path<String>,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = query.resolve()?;
    let person = lt_service::overseen_person(&directory, &caller, &person_id.into_inner()).await?;
    let view = store
        .read(move |conn| -> Result<_, ApiError> { Ok(stats_of(conn, &person.id, SELF, period)?) })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![mine, of_person, stats]
}
