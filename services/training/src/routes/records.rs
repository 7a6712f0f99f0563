//! The cadre's training record, in the learning-record shape every service shares
//! (`lt_programme::LearningRecord`): sessions enrolled in or completed, self-study
//! certificates, degree study, each dated, with its mechanism, hours and path. Item statuses:
//! an enrolment's (`enrolled`, `waitlisted`, `withdrawn`, `completed`, or `session_cancelled`
//! when its session was called off), `credited` for a self-study certificate, an
//! application's (`submitted`, `coordinator_approved`, `approved`, `rejected`).

use lt_http::ApiError;
use lt_http::Endpoints;
use lt_programme::{Hours, LearningRecord, LearningRecordItem, Mechanism, Period};
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
    Ok(LearningRecord::new(person_id.to_owned(), period, items))
}

lt_service::record_endpoints!("training", record);

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![mine, of_person]
}
