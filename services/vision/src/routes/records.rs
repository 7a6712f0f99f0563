//! The cadre's vision record, in the learning-record shape every service shares
//! (`lt_programme::LearningRecord`): their personal visions made in the period and each
//! check-in they recorded, under the deepening mechanism (学习深化机制: the yearly goals a
//! cadre sets themself).

use actix_web::{HttpResponse, web};
use lt_directory::Directory;
use lt_http::ApiError;
use lt_http::Endpoints;
use lt_http::openapi::ReadErrors;
use lt_programme::{LearningRecord, LearningRecordItem, Mechanism, Period};
use lt_service::Caller;
use lt_store::{DbConnection, Store};

use super::nodes::decimal_text;
use crate::store::{check_ins, nodes};

pub use lt_service::reports::PeriodQuery;

pub fn record(
    conn: &mut DbConnection,
    person_id: &str,
    period: Period,
) -> Result<LearningRecord, ApiError> {
    let mut items = Vec::new();
    for vision in nodes::list(conn, Some("personal"), Some(person_id), None, 0, 1000)? {
        let day = lt_programme::day_of(vision.created_at.and_utc());
        if period.contains_day(day) {
            items.push(LearningRecordItem {
                date: day,
                service: "vision".into(),
                kind: "vision.personal".into(),
                title: vision.title.clone(),
                mechanism: Mechanism::Deepening,
                key_project: None,
                hours: None,
                status: vision.visibility.clone(),
                path: format!("/api/v1/vision/nodes/{}", vision.id),
            });
        }
    }
    for c in check_ins::between(conn, period.first_day(), period.end_day(), Some(person_id))? {
        let node = nodes::find(conn, &c.node_id)?;
        let unit = node.unit.as_deref().unwrap_or("");
        items.push(LearningRecordItem {
            date: c.checked_on,
            service: "vision".into(),
            kind: "vision.check_in".into(),
            title: format!("{}：{}{unit}", node.title, decimal_text(c.value)),
            mechanism: Mechanism::Deepening,
            key_project: None,
            hours: None,
            status: if c.late {
                "late".into()
            } else {
                "on_time".into()
            },
            path: format!("/api/v1/vision/check-ins/{}", c.id),
        });
    }
    Ok(LearningRecord::new(person_id.to_owned(), period, items))
}

/// The caller's vision record for a period.
#[utoipa::path(get, path = "/api/v1/vision/me/record", tag = "records", security(("bearer" = [])),
    params(PeriodQuery), responses((status = 200, body = LearningRecord), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn mine(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = query.resolve()?;
    let person = caller.person_id()?.to_owned();
    let record = store
        .read(move |conn| record(conn, &person, period))
        .await?;
    Ok(HttpResponse::Ok().json(record))
}

/// Someone's vision record: the person, coordinators over their unit, admins.
#[utoipa::path(get, path = "/api/v1/vision/people/{person_id}/record", tag = "records", security(("bearer" = [])),
    params(PeriodQuery), responses((status = 200, body = LearningRecord), ReadErrors),
    extensions(("x-roles" = json!(["the person", "coordinator (their subtree)", "admin"]))))]
pub async fn of_person(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    person_id: web::Path<String>,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = query.resolve()?;
    let person = lt_service::overseen_person(&directory, &caller, &person_id.into_inner()).await?;
    let record = store
        .read(move |conn| record(conn, &person.id, period))
        .await?;
    Ok(HttpResponse::Ok().json(record))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![mine, of_person]
}
