//! A learning archive from the services' records: one chronological list, totals per year ×
//! mechanism × service, and the services that could not be read.

use std::collections::BTreeMap;

use chrono::Datelike;
use lt_programme::{Hours, LearningRecord, LearningRecordItem, Mechanism, Period, RecordFigure};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who the archive is of, as the directory says now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ArchivePerson {
    pub id: String,
    pub name: String,
    pub employee_no: String,
    pub org_unit_id: Option<String>,
    pub org_unit_name: Option<String>,
    /// 职级, e.g. 一级主任科员.
    pub rank: String,
}

/// One line of the totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ArchiveTotal {
    pub year: i32,
    pub mechanism: Mechanism,
    pub service: String,
    /// How many items.
    pub items: u32,
    /// Hours credited by them (学时).
    #[schema(value_type = String, example = "6.00")]
    pub hours: Hours,
}

/// A cadre's learning archive for a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Archive {
    pub person: ArchivePerson,
    #[schema(value_type = String, example = "2026")]
    pub period: Period,
    /// Every service's items, oldest first.
    pub items: Vec<LearningRecordItem>,
    /// Per year × mechanism × service, in that order.
    pub totals: Vec<ArchiveTotal>,
    /// Hours credited in the period, over every service read.
    #[schema(value_type = String, example = "12.50")]
    pub total_hours: Hours,
    /// Each service's figures of the period: training's hours against the requirement
    /// (required, credited, online, behind by, catch-up owed and due), reading's minutes,
    /// pages and books finished, contest's entries and awards.
    pub figures: Vec<ServiceFigures>,
    /// The services that could not be read (down, too slow, or refusing): the archive holds
    /// the others'.
    pub unavailable: Vec<String>,
}

/// One service's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ServiceFigures {
    pub service: String,
    pub figures: Vec<RecordFigure>,
}

/// The archive of `person` from the records read (`Ok`) or not (`Err`) per service.
pub fn compose(
    person: ArchivePerson,
    period: Period,
    records: Vec<(String, Option<LearningRecord>)>,
) -> Archive {
    let mut items = Vec::new();
    let mut unavailable = Vec::new();
    let mut figures = Vec::new();
    for (service, record) in records {
        match record {
            Some(record) => {
                items.extend(record.items);
                if !record.figures.is_empty() {
                    figures.push(ServiceFigures {
                        service,
                        figures: record.figures,
                    });
                }
            }
            None => unavailable.push(service),
        }
    }
    figures.sort_by(|a, b| a.service.cmp(&b.service));
    unavailable.sort();
    items.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then_with(|| a.service.cmp(&b.service))
            .then_with(|| a.title.cmp(&b.title))
    });
    let mut totals: BTreeMap<(i32, Mechanism, String), (u32, Hours)> = BTreeMap::new();
    for item in &items {
        let entry = totals
            .entry((item.date.year(), item.mechanism, item.service.clone()))
            .or_insert((0, Hours(0)));
        entry.0 += 1;
        entry.1 = entry.1 + item.hours.unwrap_or(Hours(0));
    }
    let total_hours = items.iter().filter_map(|i| i.hours).sum();
    Archive {
        person,
        period,
        items,
        totals: totals
            .into_iter()
            .map(
                |((year, mechanism, service), (count, hours))| ArchiveTotal {
                    year,
                    mechanism,
                    service,
                    items: count,
                    hours,
                },
            )
            .collect(),
        total_hours,
        figures,
        unavailable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn item(
        service: &str,
        day: u32,
        mechanism: Mechanism,
        hours: Option<i64>,
    ) -> LearningRecordItem {
        LearningRecordItem {
            date: NaiveDate::from_ymd_opt(2026, 5, day).expect("date"),
            service: service.into(),
            kind: "k".into(),
            title: format!("{service} {day}"),
            mechanism,
            key_project: None,
            hours: hours.map(Hours),
            status: "completed".into(),
            path: "/x".into(),
        }
    }

    fn record(items: Vec<LearningRecordItem>) -> Option<LearningRecord> {
        Some(LearningRecord::new("p".into(), Period::Year(2026), items))
    }

    #[test]
    fn items_of_every_service_in_one_dated_list_with_totals_and_what_was_missing() {
        let person = ArchivePerson {
            id: "p".into(),
            name: "张三".into(),
            employee_no: "A1".into(),
            org_unit_id: None,
            org_unit_name: None,
            rank: "一级主任科员".into(),
        };
        let archive = compose(
            person,
            Period::Year(2026),
            vec![
                (
                    "training".into(),
                    record(vec![
                        item("training", 9, Mechanism::TeamLearning, Some(300)),
                        item("training", 2, Mechanism::TeamLearning, Some(150)),
                    ]),
                ),
                (
                    "vision".into(),
                    record(vec![item("vision", 5, Mechanism::Deepening, None)]),
                ),
                ("reading".into(), None),
            ],
        );
        let days: Vec<u32> = archive.items.iter().map(|i| i.date.day()).collect();
        assert_eq!(days, [2, 5, 9]);
        assert_eq!(archive.unavailable, ["reading"]);
        assert_eq!(archive.total_hours, Hours(450));
        assert_eq!(archive.totals.len(), 2);
        assert_eq!(
            (
                archive.totals[0].mechanism,
                archive.totals[0].items,
                archive.totals[0].hours
            ),
            (Mechanism::TeamLearning, 2, Hours(450))
        );
        assert_eq!(
            (archive.totals[1].service.as_str(), archive.totals[1].items),
            ("vision", 1)
        );
    }
}
