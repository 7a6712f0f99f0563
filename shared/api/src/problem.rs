//! RFC 9457 problem details: one body shape for every error, with a stable machine `code`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Lang;

/// Media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error as every Learning Tree service answers it (RFC 9457).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:learning-tree:problem:validation_failed",
    "title": "请求参数校验失败",
    "status": 422,
    "code": "validation_failed",
    "instance": "/api/v1/training/courses",
    "request_id": "0b7d4c6e2f6a4a57a1b0c3d2e1f00a9b",
    "errors": [{"field": "title", "code": "required", "message": "must not be empty"}]
}))]
pub struct Problem {
    /// `urn:learning-tree:problem:<code>`.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// Short summary in the reader's language (`Accept-Language`, Chinese by default).
    pub title: String,
    pub status: u16,
    /// Stable machine-readable code; clients branch on this, never on `title`.
    pub code: String,
    /// What went wrong in this occurrence, when there is something safe to say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Same as the `X-Request-Id` response header; quote it when reporting a problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Per-field errors of invalid input.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// OAuth 2.0 error code (RFC 6749 §5.2), on the token endpoint only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// OAuth 2.0 error description (RFC 6749 §5.2), on the token endpoint only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}

/// One invalid input field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// Path of the field, e.g. `sessions[2].capacity`; `""` for the body as a whole.
    pub field: String,
    /// Stable code: `required`, `unknown_field`, `invalid_type`, `invalid`, `too_long`, `out_of_range`, …
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// A kind of problem: its code, status and titles. The catalogue below is the stable list;
/// services add their own kinds as constants of this type.
#[derive(Debug, PartialEq, Eq)]
pub struct ProblemKind {
    pub code: &'static str,
    pub status: u16,
    pub title_zh: &'static str,
    pub title_en: &'static str,
}

impl ProblemKind {
    pub const fn new(
        code: &'static str,
        status: u16,
        title_zh: &'static str,
        title_en: &'static str,
    ) -> Self {
        Self {
            code,
            status,
            title_zh,
            title_en,
        }
    }

    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.title_zh,
            Lang::En => self.title_en,
        }
    }

    /// A problem body of this kind, titled in `lang`.
    pub fn problem(&self, lang: Lang) -> Problem {
        Problem {
            problem_type: format!("urn:learning-tree:problem:{}", self.code),
            title: self.title(lang).to_owned(),
            status: self.status,
            code: self.code.to_owned(),
            detail: None,
            instance: None,
            request_id: None,
            errors: Vec::new(),
            error: None,
            error_description: None,
        }
    }

    /// The generic kind for a status that no handler described (e.g. a framework error).
    pub fn for_status(status: u16) -> &'static ProblemKind {
        use kinds::*;
        match status {
            400 => &BAD_REQUEST,
            401 => &UNAUTHORIZED,
            403 => &FORBIDDEN,
            404 => &ROUTE_NOT_FOUND,
            405 => &METHOD_NOT_ALLOWED,
            406 => &NOT_ACCEPTABLE,
            408 => &REQUEST_TIMEOUT,
            409 => &CONFLICT,
            412 => &PRECONDITION_FAILED,
            413 => &PAYLOAD_TOO_LARGE,
            414 => &URI_TOO_LONG,
            415 => &UNSUPPORTED_MEDIA_TYPE,
            422 => &VALIDATION_FAILED,
            428 => &PRECONDITION_REQUIRED,
            429 => &RATE_LIMITED,
            431 => &HEADERS_TOO_LARGE,
            502 => &BAD_GATEWAY,
            503 => &SERVICE_UNAVAILABLE,
            504 => &GATEWAY_TIMEOUT,
            s if s < 500 => &BAD_REQUEST,
            _ => &INTERNAL_ERROR,
        }
    }
}

/// The shared catalogue of problem kinds. Codes never change once published.
pub mod kinds {
    use super::ProblemKind;

    pub const BAD_REQUEST: ProblemKind =
        ProblemKind::new("bad_request", 400, "请求无效", "Bad request");
    pub const MALFORMED_JSON: ProblemKind =
        ProblemKind::new("malformed_json", 400, "JSON 格式错误", "Malformed JSON");
    pub const INVALID_QUERY: ProblemKind = ProblemKind::new(
        "invalid_query",
        400,
        "查询参数无效",
        "Invalid query parameters",
    );
    pub const INVALID_CURSOR: ProblemKind = ProblemKind::new(
        "invalid_cursor",
        400,
        "分页游标无效",
        "Invalid pagination cursor",
    );
    pub const INVALID_IF_MATCH: ProblemKind = ProblemKind::new(
        "invalid_if_match",
        400,
        "If-Match 格式无效",
        "If-Match is not a list of entity tags",
    );
    pub const INVALID_IDEMPOTENCY_KEY: ProblemKind = ProblemKind::new(
        "invalid_idempotency_key",
        400,
        "Idempotency-Key 无效",
        "Invalid Idempotency-Key",
    );
    pub const UNAUTHORIZED: ProblemKind = ProblemKind::new(
        "unauthorized",
        401,
        "未认证或令牌无效",
        "Authentication required",
    );
    pub const FORBIDDEN: ProblemKind =
        ProblemKind::new("forbidden", 403, "无权执行此操作", "Forbidden");
    pub const NOT_FOUND: ProblemKind =
        ProblemKind::new("not_found", 404, "资源不存在", "Resource not found");
    pub const ROUTE_NOT_FOUND: ProblemKind =
        ProblemKind::new("route_not_found", 404, "接口不存在", "No such endpoint");
    pub const METHOD_NOT_ALLOWED: ProblemKind = ProblemKind::new(
        "method_not_allowed",
        405,
        "不支持该请求方法",
        "Method not allowed",
    );
    pub const NOT_ACCEPTABLE: ProblemKind = ProblemKind::new(
        "not_acceptable",
        406,
        "无法提供所请求的格式",
        "Not acceptable",
    );
    pub const REQUEST_TIMEOUT: ProblemKind =
        ProblemKind::new("request_timeout", 408, "请求超时", "Request timeout");
    pub const CONFLICT: ProblemKind = ProblemKind::new(
        "conflict",
        409,
        "与现有数据冲突",
        "Conflict with existing data",
    );
    /// A request names a record that does not exist (409: the request is well formed; it
    /// conflicts with the current state). Field errors name the field.
    pub const UNKNOWN_REFERENCE: ProblemKind = ProblemKind::new(
        "unknown_reference",
        409,
        "引用的记录不存在",
        "A referenced record does not exist",
    );
    pub const IDEMPOTENCY_KEY_IN_USE: ProblemKind = ProblemKind::new(
        "idempotency_key_in_use",
        409,
        "相同 Idempotency-Key 的请求仍在处理中",
        "A request with this Idempotency-Key is still in progress",
    );
    pub const PRECONDITION_FAILED: ProblemKind = ProblemKind::new(
        "precondition_failed",
        412,
        "数据已被修改，请刷新后重试",
        "The record changed since you read it",
    );
    pub const PAYLOAD_TOO_LARGE: ProblemKind = ProblemKind::new(
        "payload_too_large",
        413,
        "请求体过大",
        "Request body too large",
    );
    pub const URI_TOO_LONG: ProblemKind =
        ProblemKind::new("uri_too_long", 414, "请求地址过长", "URI too long");
    pub const UNSUPPORTED_MEDIA_TYPE: ProblemKind = ProblemKind::new(
        "unsupported_media_type",
        415,
        "不支持的内容类型",
        "Unsupported media type",
    );
    pub const UNKNOWN_FIELD: ProblemKind = ProblemKind::new(
        "unknown_field",
        422,
        "请求包含未知字段",
        "Unknown field in request",
    );
    pub const INVALID_BODY: ProblemKind = ProblemKind::new(
        "invalid_body",
        422,
        "请求体字段类型或结构错误",
        "Request body does not match the schema",
    );
    pub const VALIDATION_FAILED: ProblemKind = ProblemKind::new(
        "validation_failed",
        422,
        "请求参数校验失败",
        "Validation failed",
    );
    pub const IDEMPOTENCY_KEY_REUSED: ProblemKind = ProblemKind::new(
        "idempotency_key_reused",
        422,
        "Idempotency-Key 已用于不同的请求",
        "Idempotency-Key was used for a different request",
    );
    pub const PRECONDITION_REQUIRED: ProblemKind = ProblemKind::new(
        "precondition_required",
        428,
        "更新需要携带 If-Match",
        "If-Match is required for updates",
    );
    pub const RATE_LIMITED: ProblemKind = ProblemKind::new(
        "rate_limited",
        429,
        "请求过于频繁，请稍后再试",
        "Too many requests",
    );
    pub const HEADERS_TOO_LARGE: ProblemKind = ProblemKind::new(
        "headers_too_large",
        431,
        "请求头过大",
        "Request headers too large",
    );
    pub const INTERNAL_ERROR: ProblemKind = ProblemKind::new(
        "internal_error",
        500,
        "服务器内部错误",
        "Internal server error",
    );
    pub const BAD_GATEWAY: ProblemKind =
        ProblemKind::new("bad_gateway", 502, "上游服务出错", "Bad gateway");
    pub const SERVICE_UNAVAILABLE: ProblemKind = ProblemKind::new(
        "service_unavailable",
        503,
        "服务暂不可用，请稍后再试",
        "Service temporarily unavailable",
    );
    pub const NOT_READY: ProblemKind =
        ProblemKind::new("not_ready", 503, "服务尚未就绪", "Service not ready");
    pub const GATEWAY_TIMEOUT: ProblemKind = ProblemKind::new(
        "gateway_timeout",
        504,
        "上游服务响应超时",
        "Gateway timeout",
    );
}
