//! Assigned batches (分批调训): an organiser enrols a list of cadres outside the
//! self-enrolment seats, so no self-enrolled or waitlisted cadre loses a place.

use actix_web::{HttpRequest, HttpResponse, web};
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::WriteErrors;
use lt_http::validation::{check_text, field_errors, trimmed, unknown_reference};
use lt_http::{ApiError, Created, FieldError, Json, Validate, create_once};
use lt_service::Caller;
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::BASE;
use super::enrolments::{EnrolmentView, view};
use super::sessions::managed_session;
use crate::operations::seats;
use crate::problems::{ALREADY_ENROLLED, SESSION_CANCELLED};
use crate::store::enrolments::source;
use crate::store::sessions::{self, CANCELLED};

/// A batch of cadres assigned to a session (分批调训).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentRequest {
    #[schema(min_items = 1, max_items = 500)]
    pub person_ids: Vec<String>,
}

impl Validate for AssignmentRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.person_ids.is_empty() || self.person_ids.len() > 500 {
            errors.push(FieldError::new(
                "person_ids",
                "out_of_range",
                "1 to 500 people",
            ));
        }
        for (i, id) in self.person_ids.iter().enumerate() {
            check_text(&format!("person_ids[{i}]"), id, 100, &mut errors);
        }
        field_errors(errors)
    }
}

/// What an assignment did.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AssignmentView {
    /// Enrolments made (or made again after a withdrawal) for the batch.
    pub assigned: Vec<EnrolmentView>,
    /// People of the batch who were already enrolled or waitlisted.
    pub already_enrolled: Vec<String>,
}

/// Assign a batch of cadres: each is enrolled outside the self-enrolment seats, so no
/// waitlisted cadre loses a place. All or nothing: an unknown person refuses the batch.
#[utoipa::path(post, path = "/api/v1/training/sessions/{session_id}/assignments", tag = "enrolments", security(("bearer" = [])),
    request_body = AssignmentRequest, params(IdempotencyKeyHeader),
    responses((status = 201, body = AssignmentView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (own provider)"]))))]
pub async fn assign(
    req: HttpRequest,
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    session_id: web::Path<String>,
    body: Json<AssignmentRequest>,
) -> Result<HttpResponse, ApiError> {
    let (session, _) = managed_session(&store, &caller, session_id.into_inner()).await?;
    if session.status == CANCELLED {
        return Err(ApiError::new(&SESSION_CANCELLED));
    }
    let request = body.into_inner();
    let mut people = Vec::new();
    for (i, id) in request.person_ids.iter().enumerate() {
        let person = directory
            .person(trimmed(id))
            .await?
            .filter(|p| p.active)
            .ok_or_else(|| unknown_reference(&format!("person_ids[{i}]"), "active person"))?;
        if !people
            .iter()
            .any(|p: &lt_directory::local::Person| p.id == person.id)
        {
            people.push(person);
        }
    }
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor, &request, move |tx| {
        let session = sessions::lock(tx, &session.id)?;
        if session.status == CANCELLED {
            return Err(ApiError::new(&SESSION_CANCELLED));
        }
        let mut assigned = Vec::new();
        let mut already_enrolled = Vec::new();
        for person in &people {
            match seats::enrol(
                tx,
                &session,
                &person.id,
                person.org_unit_id.as_deref(),
                source::ASSIGNED,
            ) {
                Ok(row) => assigned.push(view(tx.conn(), row)?),
                Err(error) if error.code() == ALREADY_ENROLLED.code => {
                    already_enrolled.push(person.id.clone())
                }
                Err(error) => return Err(error),
            }
        }
        Ok(Created {
            location: format!("{BASE}/sessions/{}/enrolments", session.id),
            version: None,
            body: AssignmentView {
                assigned,
                already_enrolled,
            },
        })
    })
    .await
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![assign]
}
