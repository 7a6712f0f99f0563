//! The cadre's vision record, in the learning-record shape every service shares
//! (`lt_programme::LearningRecord`): their personal visions made in the period and each
//! check-in they recorded, under the deepening mechanism (学习深化机制: the yearly goals a
//! cadre sets themself).

use lt_http::ApiError;
use lt_http::Endpoints;
use lt_programme::{LearningRecord, LearningRecordItem, Mechanism, Period};
use lt_store::DbConnection;

use super::nodes::decimal_text;
use crate::domain::model::Kind;
use crate::store::{check_ins, nodes};

pub use lt_service::reports::PeriodQuery;

pub fn record(
    conn: &mut DbConnection,
    person_id: &str,
    period: Period,
) -> Result<LearningRecord, ApiError> {
    let mut items = Vec::new();
    for vision in nodes::list(conn, Some(Kind::Personal), Some(person_id), None, 0, 1000)? {
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
                status: vision.visibility.as_str().to_owned(),
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

lt_service::record_endpoints!("vision", record);

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![mine, of_person]
}
