//! Course feedback after attending: a rating (1–5) and a comment, one per cadre and session.
//! Organisers read it without names (candour over attribution).

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_range, field_errors, trimmed};
use lt_http::{ApiError, Created, FieldError, Json, Validate, create_once};
use lt_programme::ExactDecimal;
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::sessions::{managed_session, visible_session};
use super::{BASE, utc};
use crate::domain::attendance::Attendance;
use crate::problems::{FEEDBACK_GIVEN, NOT_ATTENDED, NOT_ENROLLED};
use crate::store::enrolments::{self, status};
use crate::store::feedback::{self as store_feedback, FeedbackRow};

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFeedback {
    /// 1 (poor) to 5 (excellent).
    #[serde(deserialize_with = "lt_http::extract::integer")]
    #[schema(minimum = 1, maximum = 5)]
    pub rating: i32,
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

impl Validate for NewFeedback {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_range("rating", self.rating, 1..=5, &mut errors);
        if self
            .comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > 2000)
        {
            errors.push(FieldError::new(
                "comment",
                "too_long",
                "at most 2000 characters",
            ));
        }
        field_errors(errors)
    }
}

/// One feedback, as organisers see it (without the cadre's name).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedbackView {
    pub session_id: String,
    pub rating: i32,
    pub comment: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<FeedbackRow> for FeedbackView {
    fn from(row: FeedbackRow) -> Self {
        Self {
            session_id: row.session_id,
            rating: row.rating,
            comment: row.comment,
            created_at: utc(row.created_at),
        }
    }
}

/// A session's feedback.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedbackSummary {
    pub session_id: String,
    pub responses: i64,
    /// Mean rating to two places (rounded half up); absent without responses.
    pub average_rating: Option<ExactDecimal>,
    pub items: Vec<FeedbackView>,
}

/// Mean of `sum / count` to two decimal places, rounded half up.
pub fn mean_rating(sum: i64, count: i64) -> Option<ExactDecimal> {
    (count > 0).then(|| ExactDecimal {
        units: (sum * 200 + count) / (2 * count),
        scale: 2,
    })
}

/// Give feedback on a session the caller attended (once).
#[utoipa::path(post, path = "/api/v1/training/sessions/{session_id}/feedback", tag = "feedback", security(("bearer" = [])),
    request_body = NewFeedback, params(IdempotencyKeyHeader),
    responses((status = 201, body = FeedbackView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["cadre who attended the session"]))))]
pub async fn give(
    req: HttpRequest,
    store: web::Data<Store>,
    caller: Caller,
    session_id: web::Path<String>,
    body: Json<NewFeedback>,
) -> Result<HttpResponse, ApiError> {
    let person = caller.person_id()?.to_owned();
    let unit = caller.org_unit().map(str::to_owned);
    let (session, _) = visible_session(&store, &caller, session_id.into_inner()).await?;
    let request = body.into_inner();
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor, &request.clone(), move |tx| {
        let enrolment = enrolments::of_person(tx.conn(), &session.id, &person)?
            .filter(|e| e.status == status::ENROLLED || e.status == status::COMPLETED)
            .ok_or_else(|| ApiError::new(&NOT_ENROLLED))?;
        let attended = enrolment
            .attendance
            .as_deref()
            .and_then(Attendance::parse)
            .is_some_and(Attendance::attended);
        if !attended && enrolment.status != status::COMPLETED {
            return Err(ApiError::new(&NOT_ATTENDED));
        }
        let comment = request
            .comment
            .as_deref()
            .map(trimmed)
            .filter(|c| !c.is_empty());
        if !store_feedback::insert(
            tx,
            &session.id,
            &person,
            &session.course_id,
            unit.as_deref(),
            request.rating,
            comment,
        )? {
            return Err(ApiError::new(&FEEDBACK_GIVEN));
        }
        let row = store_feedback::find(tx.conn(), &session.id, &person)?
            .ok_or_else(|| anyhow::anyhow!("feedback vanished after insert"))?;
        record_event(
            tx,
            "training.feedback.given",
            &serde_json::json!({
                "session_id": row.session_id, "course_id": row.course_id, "rating": row.rating,
            }),
        )?;
        Ok(Created {
            location: format!("{BASE}/sessions/{}/feedback/mine", row.session_id),
            version: None,
            body: FeedbackView::from(row),
        })
    })
    .await
}

/// The caller's own feedback on a session.
#[utoipa::path(get, path = "/api/v1/training/sessions/{session_id}/feedback/mine", tag = "feedback", security(("bearer" = [])),
    responses((status = 200, body = FeedbackView), ReadErrors),
    extensions(("x-roles" = json!(["the cadre who gave it"]))))]
pub async fn mine(
    store: web::Data<Store>,
    caller: Caller,
    session_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let person = caller.person_id()?.to_owned();
    let session = session_id.into_inner();
    let row = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(store_feedback::find(conn, &session, &person)?)
        })
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(HttpResponse::Ok().json(FeedbackView::from(row)))
}

/// A session's feedback, without names (its organisers and admins).
#[utoipa::path(get, path = "/api/v1/training/sessions/{session_id}/feedback", tag = "feedback", security(("bearer" = [])),
    responses((status = 200, body = FeedbackSummary), ReadErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn summary(
    store: web::Data<Store>,
    caller: Caller,
    session_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (session, _) = managed_session(&store, &caller, session_id.into_inner()).await?;
    let session_id = session.id.clone();
    let rows = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(store_feedback::for_session(conn, &session.id)?)
        })
        .await?;
    let sum: i64 = rows.iter().map(|r| i64::from(r.rating)).sum();
    let count = rows.len() as i64;
    Ok(HttpResponse::Ok().json(FeedbackSummary {
        session_id,
        responses: count,
        average_rating: mean_rating(sum, count),
        items: rows.into_iter().map(FeedbackView::from).collect(),
    }))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![give, summary, mine]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mean_rating_rounds_half_up_to_two_places() {
        assert_eq!(mean_rating(0, 0), None);
        assert_eq!(
            mean_rating(14, 3).map(|m| m.to_string()),
            Some("4.67".to_owned())
        );
        assert_eq!(
            mean_rating(9, 2).map(|m| m.to_string()),
            Some("4.50".to_owned())
        );
        assert_eq!(
            mean_rating(10, 8).map(|m| m.to_string()),
            Some("1.25".to_owned())
        );
        assert_eq!(
            mean_rating(1, 8).map(|m| m.to_string()),
            Some("0.13".to_owned()),
            "0.125 → 0.13"
        );
    }
}
