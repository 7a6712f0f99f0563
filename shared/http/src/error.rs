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
    #[error("{} ({})", kind.code, detail.as_deref().unwrap_or(""))]
    Problem {
        kind: &'static ProblemKind,
        detail: Option<String>,
        errors: Vec<FieldError>,
        headers: Vec<(HeaderName, String)>,
    },
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl ApiError {
    pub fn new(kind: &'static ProblemKind) -> Self {
        Self::Problem {
            kind,
            detail: None,
            errors: Vec::new(),
            headers: Vec::new(),
        }
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
        if let Self::Problem { detail, .. } = &mut self {
            *detail = Some(text.into());
        }
        self
    }

    pub fn with_errors(mut self, more: Vec<FieldError>) -> Self {
        if let Self::Problem { errors, .. } = &mut self {
            errors.extend(more);
        }
        self
    }

    pub fn with_header(mut self, name: HeaderName, value: impl Into<String>) -> Self {
        if let Self::Problem { headers, .. } = &mut self {
            headers.push((name, value.into()));
        }
        self
    }

    /// The stable code this error answers with.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Problem { kind, .. } => kind.code,
            Self::Unexpected(_) => kinds::INTERNAL_ERROR.code,
        }
    }

    fn kind(&self) -> &'static ProblemKind {
        match self {
            Self::Problem { kind, .. } => kind,
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
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.kind().status_code()
    }

    fn error_response(&self) -> HttpResponse {
        let (detail, errors, headers) = match self {
            Self::Problem {
                detail,
                errors,
                headers,
                ..
            } => (detail.clone(), errors.clone(), headers.as_slice()),
            Self::Unexpected(cause) => {
                tracing::error!(error = format!("{cause:#}"), "unexpected error");
                (None, Vec::new(), &[][..])
            }
        };
        let kind = self.kind();
        let mut response = HttpResponse::build(kind.status_code());
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        for (name, value) in headers {
            if let Ok(value) = HeaderValue::from_str(value) {
                response.append_header((name.clone(), value));
            }
        }
        // Rendered here in Chinese as a fallback; the conventions middleware re-renders it
        // with the request's language, path and id.
        let body = Problem {
            detail: detail.clone(),
            errors: errors.clone(),
            ..kind.problem(Lang::Zh)
        };
        let mut response = response.json(body);
        response.extensions_mut().insert(PendingProblem {
            kind,
            detail,
            errors,
        });
        response
    }
}
