//! The cadre's contest record, in the learning-record shape every service shares
//! (`lt_programme::LearningRecord`): each entry they belong to (author or team member) that
//! was submitted, dated by its submission day, with its award once results are final.

use lt_http::Endpoints;
use std::collections::HashMap;

use lt_http::ApiError;
use lt_programme::{LearningRecord, LearningRecordItem, Period, RecordFigure};
use lt_store::{DbConnection, read_stored};

use crate::operations::awards::final_awards;
use crate::store::entries::{self, status};
use crate::store::{contests, from_json_text};

pub use lt_service::reports::PeriodQuery;

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
            mechanism: read_stored("mechanism", &contest.mechanism)?,
            key_project: contest
                .key_project
                .as_deref()
                .map(|k| read_stored("key_project", k))
                .transpose()?,
            hours: None,
            status: if award.is_some() {
                "awarded".into()
            } else {
                entry.status.clone()
            },
            path: format!("/api/v1/contest/entries/{}", entry.id),
        });
    }
    let awarded = items.iter().filter(|i| i.status == "awarded").count();
    let figures = vec![
        RecordFigure::new("entries", "参评项数", items.len()),
        RecordFigure::new("awards", "获奖项数", awarded),
    ];
    Ok(LearningRecord::new(person_id.to_owned(), period, items).with_figures(figures))
}

lt_service::record_endpoints!("contest", record);

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![mine, of_person]
}
