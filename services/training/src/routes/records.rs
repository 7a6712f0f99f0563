//! The cadre's training record, in the learning-record shape every service shares
//! (`lt_programme::LearningRecord`): sessions enrolled in or completed, self-study
//! certificates, degree study, each dated, with its mechanism, hours and path. Item statuses:
//! an enrolment's (`enrolled`, `waitlisted`, `withdrawn`, `completed`, or `session_cancelled`
//! when its session was called off), `credited` for a self-study certificate, an
//! application's (`submitted`, `coordinator_approved`, `approved`, `rejected`).

use lt_http::ApiError;
use lt_http::Endpoints;
use lt_programme::{Hours, LearningRecord, LearningRecordItem, Mechanism, Period, RecordFigure};
use lt_store::{DbConnection, read_stored};

use super::utc;
use crate::store::enrolments::status;
use crate::store::{records, sessions};

/// `person_id`'s training record for `period`.
pub fn record(
    conn: &mut DbConnection,
    person_id: &str,
    period: Period,
) -> Result<LearningRecord, ApiError> {
    let (from, to) = period.utc_range();
    let mut items = Vec::new();
    for (enrolment, (starts_at, session_status), course) in
        records::enrolments_in(conn, person_id, from, to)?
    {
        // A cancelled session's enrolments keep their status; the record says it was off.
        let status = if session_status == sessions::CANCELLED
            && matches!(
                enrolment.status.as_str(),
                status::ENROLLED | status::WAITLISTED
            ) {
            "session_cancelled".to_owned()
        } else {
            enrolment.status
        };
        items.push(LearningRecordItem {
            date: lt_programme::day_of(utc(starts_at)),
            service: "training".into(),
            kind: format!("course.{}", course.kind),
            title: course.title,
            mechanism: read_stored("mechanism", &course.mechanism)?,
            key_project: course
                .key_project
                .as_deref()
                .map(|k| read_stored("key_project", k))
                .transpose()?,
            hours: enrolment.hours_credited.map(Hours),
            status,
            path: format!("/api/v1/training/enrolments/{}", enrolment.id),
        });
    }
    for certificate in
        records::certificates_in(conn, person_id, period.first_day(), period.end_day())?
    {
        items.push(LearningRecordItem {
            date: certificate.awarded_on,
            service: "training".into(),
            kind: "self_study".into(),
            title: certificate.title,
            mechanism: Mechanism::Incentives,
            key_project: None,
            hours: Some(Hours(certificate.hours_credited)),
            status: "credited".into(),
            path: format!(
                "/api/v1/training/self-study-certificates/{}",
                certificate.id
            ),
        });
    }
    for application in
        records::applications_in(conn, person_id, period.first_day(), period.end_day())?
    {
        items.push(LearningRecordItem {
            date: application.starts_on,
            service: "training".into(),
            kind: format!("degree_study.{}", application.level),
            title: format!("{}（{}）", application.programme, application.institution),
            mechanism: Mechanism::Incentives,
            key_project: None,
            hours: None,
            status: application.status,
            path: format!("/api/v1/training/degree-applications/{}", application.id),
        });
    }
    let figures = match lt_directory::local::person(conn, person_id)? {
        Some(person) => requirement_figures(conn, &person, period)?,
        None => Vec::new(),
    };
    Ok(LearningRecord::new(person_id.to_owned(), period, items).with_figures(figures))
}

/// The hours of the period's year against the requirement (`GET …/requirements`): required,
/// credited, online, behind by (the pro-rata share not yet earned) and catch-up still owed.
fn requirement_figures(
    conn: &mut DbConnection,
    person: &lt_directory::local::Person,
    period: Period,
) -> Result<Vec<RecordFigure>, ApiError> {
    use chrono::Datelike;
    let view = super::requirements::person_progress(conn, person, period.first_day().year())?;
    let p = &view.progress;
    let behind = Hours((p.expected_by_now.0 - p.earned.0).max(0));
    // Catch-ups still open or overdue (a met one owes nothing).
    let open: Vec<_> = p
        .catch_ups
        .iter()
        .filter(|c| c.status != crate::domain::requirements::CatchUpStatus::Met)
        .collect();
    let owed: Hours = open
        .iter()
        .map(|c| Hours((c.owed.0 - c.earned_since.0).max(0)))
        .sum();
    let mut figures = vec![
        RecordFigure::new("required", "要求学时", p.required),
        RecordFigure::new("credited", "已获学时", p.earned),
        RecordFigure::new("online", "网络学时", p.online_earned),
        RecordFigure::new("behind_by", "落后学时", behind),
        RecordFigure::new("catch_up_owed", "待补学时", owed),
    ];
    if let Some(due) = open.iter().map(|c| c.due_by).min() {
        figures.push(RecordFigure::new("catch_up_due_by", "补学截止", due));
    }
    Ok(figures)
}

lt_service::record_endpoints!("training", record);

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![mine, of_person]
}
