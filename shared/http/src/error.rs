//! The error every handler returns. 4xx carry safe, specific answers; anything unexpected
//! becomes an opaque 500 whose cause is logged with the request id, never sent.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use lt_store::StoreError;

use crate::lang::Lang;
use crate::problem::{FieldError, PROBLEM_JSON, Problem, ProblemKind, kinds};

/// An error answer: a problem of a known kind, or an unexpected failure.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{} ({})", .0.kind.code, .0.detail.as_deref().unwrap_or(""))]
    Problem(Box<ProblemDetails>),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// What a problem answer says (boxed: errors travel in `Result`s everywhere).
#[derive(Debug)]
pub struct ProblemDetails {
    pub kind: &'static ProblemKind,
    pub detail: Option<String>,
    pub errors: Vec<FieldError>,
    pub headers: Vec<(HeaderName, String)>,
    pub oauth: Option<(String, String)>,
}

impl ApiError {
    pub fn new(kind: &'static ProblemKind) -> Self {
        Self::Problem(Box::new(ProblemDetails {
            kind,
            detail: None,
            errors: Vec::new(),
            headers: Vec::new(),
            oauth: None,
        }))
    }

    pub fn not_found() -> Self {
        Self::new(&kinds::NOT_FOUND)
    }

    pub fn forbidden() -> Self {
        Self::new(&kinds::FORBIDDEN)
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(&kinds::CONFLICT).with_detail(detail)
    }

    /// 422 `validation_failed` with one entry per invalid field.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        Self::new(&kinds::VALIDATION_FAILED).with_errors(errors)
    }

    /// 503 with `Retry-After`.
    pub fn unavailable(retry_after_seconds: u32) -> Self {
        Self::new(&kinds::SERVICE_UNAVAILABLE)
            .with_header(header::RETRY_AFTER, retry_after_seconds.to_string())
    }

    pub fn with_detail(mut self, text: impl Into<String>) -> Self {
        if let Self::Problem(problem) = &mut self {
            problem.detail = Some(text.into());
        }
        self
    }

    pub fn with_errors(mut self, more: Vec<FieldError>) -> Self {
        if let Self::Problem(problem) = &mut self {
            problem.errors.extend(more);
        }
        self
    }

    pub fn with_header(mut self, name: HeaderName, value: impl Into<String>) -> Self {
        if let Self::Problem(problem) = &mut self {
            problem.headers.push((name, value.into()));
        }
        self
    }

    /// Adds the RFC 6749 §5.2 `error` and `error_description` members (token endpoint).
    pub fn with_oauth_error(mut self, error: &str, description: impl Into<String>) -> Self {
        if let Self::Problem(problem) = &mut self {
            problem.oauth = Some((error.to_owned(), description.into()));
        }
        self
    }

    /// The stable code this error answers with.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Problem(problem) => problem.kind.code,
            Self::Unexpected(_) => kinds::INTERNAL_ERROR.code,
        }
    }

    fn kind(&self) -> &'static ProblemKind {
        match self {
            Self::Problem(problem) => problem.kind,
            Self::Unexpected(_) => &kinds::INTERNAL_ERROR,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable(cause) => {
                tracing::warn!(%cause, "database unavailable");
                Self::unavailable(1)
            }
            // Contention, not a fault: the client may simply retry.
            StoreError::Busy => Self::unavailable(1),
            StoreError::Query(query) => query.into(),
            other => Self::Unexpected(other.into()),
        }
    }
}

impl From<DieselError> for ApiError {
    fn from(error: DieselError) -> Self {
        match error {
            DieselError::NotFound => Self::not_found(),
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                Self::conflict("a record with the same unique value already exists")
            }
            DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                Self::unavailable(1)
            }
            // A safety net: PostgreSQL broke a deadlock by aborting this transaction (SQLSTATE
            // 40P01, which diesel passes on only as text). Lock orders are meant to make this
            // impossible; should one be missed, the client may retry rather than see a 500.
            DieselError::DatabaseError(DatabaseErrorKind::Unknown, ref info)
                if info.message().starts_with("deadlock detected") =>
            {
                tracing::error!("deadlock detected: a lock order to fix");
                Self::unavailable(1)
            }
            other => Self::Unexpected(anyhow::Error::new(other).context("database query failed")),
        }
    }
}

/// What the conventions middleware needs to render a problem in the reader's language.
#[derive(Clone, Debug)]
pub(crate) struct PendingProblem {
    pub kind: &'static ProblemKind,
    pub detail: Option<String>,
    pub errors: Vec<FieldError>,
    pub oauth: Option<(String, String)>,
}

impl PendingProblem {
    pub(crate) fn render(&self, lang: Lang) -> Problem {
        Problem {
            detail: self.detail.clone(),
            errors: self.errors.clone(),
            error: self.oauth.as_ref().map(|(e, _)| e.clone()),
            error_description: self.oauth.as_ref().map(|(_, d)| d.clone()),
            ..self.kind.problem(lang)
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        crate::problem::status_code(self.kind())
    }

    fn error_response(&self) -> HttpResponse {
        let (detail, errors, headers, oauth) = match self {
            Self::Problem(problem) => (
                problem.detail.clone(),
                problem.errors.clone(),
                problem.headers.as_slice(),
                problem.oauth.clone(),
            ),
            Self::Unexpected(cause) => {
                tracing::error!(error = format!("{cause:#}"), "unexpected error");
                (None, Vec::new(), &[][..], None)
            }
        };
        let kind = self.kind();
        let mut response = HttpResponse::build(crate::problem::status_code(kind));
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        for (name, value) in headers {
            if let Ok(value) = HeaderValue::from_str(value) {
                response.append_header((name.clone(), value));
            }
        }
        // Rendered here in Chinese as a fallback; the conventions middleware re-renders it
        // with the request's language, path and id.
        let pending = PendingProblem {
            kind,
            detail,
            errors,
            oauth,
        };
        let mut response = response.json(pending.render(Lang::Zh));
        response.extensions_mut().insert(pending);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Message(&'static str);

    impl diesel::result::DatabaseErrorInformation for Message {
        fn message(&self) -> &str {
            self.0
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            None
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    fn database_error(kind: DatabaseErrorKind, message: &'static str) -> ApiError {
        DieselError::DatabaseError(kind, Box::new(Message(message))).into()
    }

    #[test]
    fn database_errors_map_to_what_the_client_can_do() {
        let busy = ApiError::from(StoreError::Busy);
        assert_eq!(
            busy.code(),
            "service_unavailable",
            "busy after busy_timeout: retry later"
        );
        assert_eq!(busy.status_code(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            database_error(DatabaseErrorKind::UniqueViolation, "duplicate key").code(),
            "conflict"
        );
        assert_eq!(
            database_error(
                DatabaseErrorKind::SerializationFailure,
                "could not serialize"
            )
            .code(),
            "service_unavailable"
        );
        let broken = database_error(DatabaseErrorKind::Unknown, "disk I/O error");
        assert_eq!(broken.code(), "internal_error", "a real fault stays a 500");
        assert_eq!(ApiError::from(DieselError::NotFound).code(), "not_found");
        assert_eq!(
            ApiError::from(StoreError::Unavailable("pool timed out".into())).code(),
            "service_unavailable"
        );
    }
}
