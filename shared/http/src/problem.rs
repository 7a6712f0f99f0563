//! RFC 9457 problem details: one body shape for every error, with a stable machine `code`.
//! The shapes and the catalogue are wire types (`lt-api`); here, what actix needs of them.

use actix_web::http::StatusCode;

pub use lt_api::{FieldError, PROBLEM_JSON, Problem, ProblemKind, kinds};

/// The HTTP status of a problem kind.
pub fn status_code(kind: &ProblemKind) -> StatusCode {
    StatusCode::from_u16(kind.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}
