//! The JSON body extractor: 415 for another media type, 413 past the limit, 400 for broken
//! JSON, 422 with the field's path for wrong types, missing or unknown fields, then the
//! request's own validation.

use actix_web::dev::Payload;
use actix_web::error::JsonPayloadError;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::problem::{FieldError, kinds};
use crate::whole_numbers;
pub use crate::whole_numbers::{integer, optional_integer};

/// Rules a request body checks after it has the right shape (lengths, ranges, references
/// within the body). Return every broken rule at once, one [`FieldError`] per field.
pub trait Validate {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        Ok(())
    }
}

/// A JSON request body of type `T`, checked by `T::validate`. Give request types
/// `#[serde(deny_unknown_fields)]` so a misspelt field is an error, not silently ignored.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json"
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
        .unwrap_or(false)
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(req);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !json {
                return Err(ApiError::new(&kinds::UNSUPPORTED_MEDIA_TYPE)
                    .with_detail("send the body as application/json"));
            }
            let bytes = body.await.map_err(|e| {
                if e.as_response_error().status_code()
                    == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE
                {
                    ApiError::new(&kinds::PAYLOAD_TOO_LARGE)
                } else {
                    ApiError::new(&kinds::BAD_REQUEST)
                        .with_detail("the request body could not be read")
                }
            })?;
            let value: T = parse_json(&bytes)?;
            value.validate().map_err(ApiError::validation)?;
            Ok(Json(value))
        })
    }
}

/// Like [`Json`], for an optional body: no body at all gives `T::default()`; a body that is
/// there is checked exactly as [`Json`] checks it (never silently ignored). Document it with
/// `request_body = Option<T>`.
#[derive(Debug)]
pub struct JsonOrEmpty<T>(pub T);

impl<T> JsonOrEmpty<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + Validate + Default + 'static> FromRequest for JsonOrEmpty<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(req);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = body.await.map_err(|e| {
                if e.as_response_error().status_code()
                    == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE
                {
                    ApiError::new(&kinds::PAYLOAD_TOO_LARGE)
                } else {
                    ApiError::new(&kinds::BAD_REQUEST)
                        .with_detail("the request body could not be read")
                }
            })?;
            // No body, or `null` (what an optional body's schema allows): the default.
            if bytes.is_empty() || bytes.trim_ascii() == b"null" {
                return Ok(Self(T::default()));
            }
            if !json {
                return Err(ApiError::new(&kinds::UNSUPPORTED_MEDIA_TYPE)
                    .with_detail("send the body as application/json"));
            }
            let value: T = parse_json(&bytes)?;
            value.validate().map_err(ApiError::validation)?;
            Ok(Self(value))
        })
    }
}

/// Parses a JSON body into `T`, naming the offending field on failure.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Every request body of the platform is a JSON object. serde would also read a struct
    // from an array of its fields in order (`["token"]`), which no schema allows.
    if bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'[')
    {
        return Err(
            ApiError::new(&kinds::INVALID_BODY).with_errors(vec![FieldError::new(
                "",
                "invalid_type",
                "the body is a JSON object",
            )]),
        );
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => value,
        // JSON Schema counts `84.0` as an integer; serde does not. No field of the platform
        // is a float, so a whole number written with a fraction is read as the integer.
        Err(error) if whole_numbers::is_whole_float_error(error.inner()) => {
            return whole_numbers::parse_normalised(bytes).map_err(|error| match error {
                Ok(error) => data_error(&error.path().to_string(), error.inner()),
                Err(error) => ApiError::new(&kinds::MALFORMED_JSON).with_detail(error.to_string()),
            });
        }
        Err(error) => return Err(shape_error(bytes, &error)),
    };
    // Trailing characters after the value make the document malformed.
    deserializer
        .end()
        .map_err(|e| ApiError::new(&kinds::MALFORMED_JSON).with_detail(e.to_string()))?;
    Ok(value)
}

/// The answer for a body serde could not read as the operation's type.
fn shape_error(bytes: &[u8], error: &serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let inner = error.inner();
    // serde_json reports some shape mismatches as syntax errors (an enum given a number:
    // "expected value"); a body that is valid JSON is never malformed.
    let well_formed = || serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok();
    match inner.classify() {
        serde_json::error::Category::Syntax if well_formed() => {
            data_error(&error.path().to_string(), inner)
        }
        serde_json::error::Category::Syntax
        | serde_json::error::Category::Eof
        | serde_json::error::Category::Io => {
            ApiError::new(&kinds::MALFORMED_JSON).with_detail(inner.to_string())
        }
        serde_json::error::Category::Data => data_error(&error.path().to_string(), inner),
    }
}

fn data_error(path: &str, inner: &serde_json::Error) -> ApiError {
    let message = inner.to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_owned();
    let quoted = message.split('`').nth(1).map(str::to_owned);
    let join = |name: &str| match path {
        "" | "." => name.to_owned(),
        p if p == name || p.ends_with(&format!(".{name}")) => p.to_owned(),
        p => format!("{p}.{name}"),
    };
    let here = if path == "." {
        String::new()
    } else {
        path.to_owned()
    };
    if message.starts_with("unknown field") {
        let field = quoted.map_or(here, |name| join(&name));
        return ApiError::new(&kinds::UNKNOWN_FIELD).with_errors(vec![FieldError::new(
            field,
            "unknown_field",
            message,
        )]);
    }
    if message.starts_with("missing field") {
        let field = quoted.map_or(here, |name| join(&name));
        return ApiError::new(&kinds::INVALID_BODY)
            .with_errors(vec![FieldError::new(field, "required", message)]);
    }
    let code = if message.starts_with("invalid type") {
        "invalid_type"
    } else {
        "invalid"
    };
    ApiError::new(&kinds::INVALID_BODY).with_errors(vec![FieldError::new(here, code, message)])
}

/// Answers for actix's own `web::Json` errors, for handlers that use it directly.
pub(crate) fn json_payload_error(error: JsonPayloadError) -> ApiError {
    match error {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::new(&kinds::PAYLOAD_TOO_LARGE)
        }
        JsonPayloadError::ContentType => ApiError::new(&kinds::UNSUPPORTED_MEDIA_TYPE),
        JsonPayloadError::Deserialize(inner) if inner.is_data() => data_error("", &inner),
        JsonPayloadError::Deserialize(inner) => {
            ApiError::new(&kinds::MALFORMED_JSON).with_detail(inner.to_string())
        }
        other => ApiError::new(&kinds::BAD_REQUEST).with_detail(other.to_string()),
    }
}

/// For PATCH bodies: tells "absent" (`None`) from "null" (`Some(None)`).
/// Use with `#[serde(default, deserialize_with = "lt_http::extract::absent_or_null")]`.
pub fn absent_or_null<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Reads a whole request body of at most `limit` bytes (413 `payload_too_large` beyond),
/// for upload operations that declare their own limit (`routing::BODY_LIMIT_EXTENSION`)
/// and so read `web::Payload` themselves instead of the general extractors.
pub async fn read_body(mut payload: web::Payload, limit: usize) -> Result<web::Bytes, ApiError> {
    use futures_util::StreamExt;
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::new(&kinds::BAD_REQUEST).with_detail("the request body was cut off")
        })?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::new(&kinds::PAYLOAD_TOO_LARGE)
                .with_detail(format!("at most {limit} bytes")));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

#[cfg(test)]
mod tests;
