//! Public verification of a completion certificate: anyone holding the code (printed on the
//! certificate, or a QR code) can confirm who completed what, when, for how many hours.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use lt_directory::Directory;
use lt_http::ApiError;
use lt_http::Endpoints;
use lt_http::openapi::ReadErrors;
use lt_programme::Hours;
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::utc;
use crate::domain::kinds::{CourseKind, Provider};
use crate::store::{courses, enrolments, sessions};

/// What a certificate confirms.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CertificateView {
    pub code: String,
    /// The cadre's name as the directory knows it.
    pub person_name: String,
    pub course_title: String,
    pub course_kind: CourseKind,
    pub provider: Provider,
    pub session_starts_at: DateTime<Utc>,
    pub session_ends_at: DateTime<Utc>,
    /// The day the completion was recorded (Asia/Shanghai).
    pub completed_on: NaiveDate,
    pub hours: Hours,
}

/// Verify a completion certificate. No token needed; an unknown code is 404.
#[utoipa::path(get, path = "/api/v1/training/certificates/{code}", tag = "certificates",
    responses((status = 200, body = CertificateView), ReadErrors),
    extensions(("x-roles" = json!(["anyone (no token)"]))))]
pub async fn verify(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let code = code.into_inner().trim().to_ascii_uppercase();
    let wanted = code.clone();
    let (enrolment, session, course) = store
        .read(move |conn| -> Result<_, ApiError> {
            let enrolment =
                enrolments::by_certificate(conn, &wanted)?.ok_or_else(ApiError::not_found)?;
            let session = sessions::find(conn, &enrolment.session_id)?;
            let course = courses::find(conn, &enrolment.course_id)?;
            Ok((enrolment, session, course))
        })
        .await?;
    let person_name = directory
        .person(&enrolment.person_id)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let completed_at = enrolment.completed_at.ok_or_else(ApiError::not_found)?;
    Ok(HttpResponse::Ok().json(CertificateView {
        code,
        person_name,
        course_title: course.title,
        course_kind: CourseKind::parse(&course.kind)
            .ok_or_else(|| anyhow::anyhow!("invalid course kind"))?,
        provider: Provider::parse(&course.provider)
            .ok_or_else(|| anyhow::anyhow!("invalid provider"))?,
        session_starts_at: utc(session.starts_at),
        session_ends_at: utc(session.ends_at),
        completed_on: lt_programme::day_of(utc(completed_at)),
        hours: Hours(enrolment.hours_credited.unwrap_or_default()),
    }))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![verify]
}
