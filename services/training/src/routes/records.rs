//! The cadre's training record, in the learning-record shape every service shares
//! (`lt_programme::LearningRecord`): sessions enrolled in or completed, self-study
//! certificates, degree study, each dated, with its mechanism, hours and path. Item statuses:
//! an enrolment's (`enrolled`, `waitlisted`, `withdrawn`, `completed`, or `session_cancelled`
//! when its session was called off), `credited` for a self-study certificate, an
//! application's (`submitted`, `coordinator_approved`, `approved`, `rejected`).

use actix_web::{HttpResponse, web};
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::openapi::ReadErrors;
use lt_http::{ApiError, FieldError, kinds};
use lt_programme::{Hours, KeyProject, LearningRecord, LearningRecordItem, Mechanism, Period};
use lt_service::Caller;
use lt_store::{DbConnection, Store};
use serde::Deserialize;
use utoipa::IntoParams;

use super::utc;
use crate::store::enrolments::status;
use crate::store::{records, sessions};

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecordQuery {
    /// `2026`, `2026-H1`, `2026-Q4` or `2026-12`; default: this year.
    #[param(pattern = r"^\d{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?$")]
    pub period: Option<String>,
}

fn period_of(query: &RecordQuery) -> Result<Period, ApiError> {
    match &query.period {
        None => Ok(Period::Year(chrono::Datelike::year(&lt_programme::today()))),
        Some(text) => text.parse().map_err(|e: lt_programme::PeriodError| {
            ApiError::new(&kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "period",
                "invalid",
                e.to_string(),
            )])
        }),
    }
}

fn wire<T: for<'de> Deserialize<'de>>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
}

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
            mechanism: wire::<Mechanism>(&course.mechanism).unwrap_or(Mechanism::TeamLearning),
            key_project: course.key_project.as_deref().and_then(wire::<KeyProject>),
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

/// The caller's training record for a period.
#[utoipa::path(get, path = "/api/v1/training/me/record", tag = "records", security(("bearer" = [])),
    params(RecordQuery), responses((status = 200, body = LearningRecord), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn mine(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<RecordQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = period_of(&query)?;
    let person = caller.person_id()?.to_owned();
    let record = store
        .read(move |conn| record(conn, &person, period))
        .await?;
    Ok(HttpResponse::Ok().json(record))
}

/// Someone's training record: the person, coordinators over their unit, admins.
#[utoipa::path(get, path = "/api/v1/training/people/{person_id}/record", tag = "records", security(("bearer" = [])),
    params(RecordQuery), responses((status = 200, body = LearningRecord), ReadErrors),
    extensions(("x-roles" = json!(["the person", "coordinator (their subtree)", "admin"]))))]
pub async fn of_person(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    person_id: web::Path<String>,
    query: web::Query<RecordQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = period_of(&query)?;
    let person = lt_service::overseen_person(&directory, &caller, &person_id.into_inner()).await?;
    let record = store
        .read(move |conn| record(conn, &person.id, period))
        .await?;
    Ok(HttpResponse::Ok().json(record))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![mine, of_person]
}
