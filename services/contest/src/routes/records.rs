//! The cadre's contest record, in the learning-record shape every service shares
//! (`lt_programme::LearningRecord`): each entry they belong to (author or team member) that
//! was submitted, dated by its submission day, with its award once results are final.

use lt_http::Endpoints;
use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use lt_directory::Directory;
use lt_http::ApiError;
use lt_http::openapi::ReadErrors;
use lt_programme::{LearningRecord, LearningRecordItem, Period};
use lt_service::Caller;
use lt_store::{DbConnection, Store};

use crate::results::ResultsView;
use crate::store::entries::{self, status};
use crate::store::publications::{self, stage};
use crate::store::{contests, from_json_text};

pub use lt_service::reports::PeriodQuery;

/// The final award of each entry of a contest (empty until final publication).
pub fn final_awards(
    conn: &mut DbConnection,
    contest_id: &str,
) -> Result<HashMap<String, String>, ApiError> {
    let Some(row) = publications::of_stage(conn, contest_id, stage::FINAL)? else {
        return Ok(HashMap::new());
    };
    let results: ResultsView = from_json_text(&row.results)?;
    Ok(results
        .results
        .into_iter()
        .filter_map(|r| r.award.map(|a| (r.entry_id, a)))
        .collect())
}

/// `person_id`'s contest record for `period`.
pub fn record(
    conn: &mut DbConnection,
    person_id: &str,
    period: Period,
) -> Result<LearningRecord, ApiError> {
    let mut items = Vec::new();
    let mut awards: HashMap<String, HashMap<String, String>> = HashMap::new();
    for entry in entries::with_member(conn, person_id)? {
        let members: Vec<String> = from_json_text(&entry.members)?;
        let Some(submitted) = entry.submitted_at else {
            continue;
        };
        let day = lt_programme::day_of(submitted.and_utc());
        if !members.iter().any(|m| m == person_id)
            || !period.contains_day(day)
            || entry.status == status::WITHDRAWN
        {
            continue;
        }
        let contest = contests::find(conn, &entry.contest_id)?;
        if !awards.contains_key(&contest.id) {
            awards.insert(contest.id.clone(), final_awards(conn, &contest.id)?);
        }
        let award = awards
            .get(&contest.id)
            .and_then(|a| a.get(&entry.id))
            .cloned();
        items.push(LearningRecordItem {
            date: day,
            service: "contest".into(),
            kind: format!("contest.{}", contest.kind),
            title: match &award {
                Some(a) => format!("{}：{}（{a}）", contest.title, entry.title),
                None => format!("{}：{}", contest.title, entry.title),
            },
            mechanism: serde_json::from_value(serde_json::Value::String(contest.mechanism.clone()))
                .map_err(|e| anyhow::anyhow!("contest {}: {e}", contest.id))?,
            key_project: match &contest.key_project {
                None => None,
                Some(k) => Some(
                    serde_json::from_value(serde_json::Value::String(k.clone()))
                        .map_err(|e| anyhow::anyhow!("contest {}: {e}", contest.id))?,
                ),
            },
            hours: None,
            status: if award.is_some() {
                "awarded".into()
            } else {
                entry.status.clone()
            },
            path: format!("/api/v1/contest/entries/{}", entry.id),
        });
    }
    Ok(LearningRecord::new(person_id.to_owned(), period, items))
}

/// The caller's contest record for a period.
#[utoipa::path(get, path = "/api/v1/contest/me/record", tag = "records", security(("bearer" = [])),
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

/// Someone's contest record: the person, coordinators over their unit, admins.
#[utoipa::path(get, path = "/api/v1/contest/people/{person_id}/record", tag = "records", security(("bearer" = [])),
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
