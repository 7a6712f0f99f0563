//! The learning record: what each service contributes to a cadre's learning archive (学习档案),
//! in one shape, so the archive can compose every service's record later.
//! `GET /api/v1/<service>/me/record` and `/people/{person_id}/record` answer it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::model::{KeyProject, Mechanism};
use crate::period::Period;
use crate::quantity::Hours;

/// One dated item of a cadre's learning record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LearningRecordItem {
    /// The day of the activity (Asia/Shanghai): a session's first day, a certificate's date.
    pub date: NaiveDate,
    /// The service that keeps it: `training`, `reading`, `contest`, `vision`.
    pub service: String,
    /// What it is within the service, e.g. `course.weekend_class`, `self_study`, `degree_study`.
    pub kind: String,
    pub title: String,
    /// The learning mechanism (学习机制) it belongs to.
    pub mechanism: Mechanism,
    pub key_project: Option<KeyProject>,
    /// Hours credited for it, when it earns hours (学时).
    pub hours: Option<Hours>,
    /// Its state in the owning service, e.g. `enrolled`, `completed`, `withdrawn`, `approved`.
    pub status: String,
    /// The record's own API path, to read it in full.
    pub path: String,
}

/// A figure of a record beside its items (required and credited hours, minutes read, awards):
/// `key` is stable, `label_zh` for the page, `value` a decimal text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RecordFigure {
    pub key: String,
    pub label_zh: String,
    pub value: String,
}

impl RecordFigure {
    pub fn new(key: &str, label_zh: &str, value: impl ToString) -> Self {
        Self {
            key: key.to_owned(),
            label_zh: label_zh.to_owned(),
            value: value.to_string(),
        }
    }
}

/// A cadre's learning record in one service for one period, oldest item first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LearningRecord {
    pub person_id: String,
    pub period: Period,
    pub items: Vec<LearningRecordItem>,
    /// Hours credited in the period (the sum of the items' hours).
    pub total_hours: Hours,
    /// The service's figures of the period (training: required, credited, online, behind by,
    /// catch-up due; reading: minutes, pages, books finished; contest: entries, awards).
    #[serde(default)]
    pub figures: Vec<RecordFigure>,
}

impl LearningRecord {
    /// A record of `items`, sorted by date (then title) and totalled.
    pub fn new(person_id: String, period: Period, mut items: Vec<LearningRecordItem>) -> Self {
        items.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.title.cmp(&b.title)));
        let total_hours = items.iter().filter_map(|i| i.hours).sum();
        Self {
            person_id,
            period,
            items,
            total_hours,
            figures: Vec::new(),
        }
    }

    /// The record with its figures.
    pub fn with_figures(mut self, figures: Vec<RecordFigure>) -> Self {
        self.figures = figures;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_dated_and_totalled() {
        let item = |day: u32, title: &str, hours: Option<i64>| LearningRecordItem {
            date: NaiveDate::from_ymd_opt(2026, 3, day).expect("date"),
            service: "training".into(),
            kind: "course.weekend_class".into(),
            title: title.into(),
            mechanism: Mechanism::TeamLearning,
            key_project: None,
            hours: hours.map(Hours),
            status: "completed".into(),
            path: "/api/v1/training/enrolments/x".into(),
        };
        let record = LearningRecord::new(
            "p".into(),
            Period::Year(2026),
            vec![
                item(9, "b", Some(600)),
                item(2, "a", None),
                item(9, "a", Some(150)),
            ],
        );
        let titles: Vec<_> = record
            .items
            .iter()
            .map(|i| (i.date.to_string(), i.title.as_str()))
            .collect();
        assert_eq!(titles[0], ("2026-03-02".to_owned(), "a"));
        assert_eq!(titles[2], ("2026-03-09".to_owned(), "b"));
        assert_eq!(record.total_hours, Hours(750));
        let json = serde_json::to_value(&record).expect("json");
        assert_eq!(json["total_hours"], "7.50");
        assert_eq!(json["period"], "2026");
    }
}
