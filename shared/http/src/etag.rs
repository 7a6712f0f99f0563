//! ETag / If-Match for updates, so concurrent edits never silently overwrite each other.
//! A record's ETag is its version number (`"7"`); updates require `If-Match` (428 without),
//! and a stale tag answers 412. Handlers also put the version in the `UPDATE … WHERE`, so
//! two writers racing past the check still cannot both win.

use std::convert::Infallible;
use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};

use crate::error::ApiError;
use crate::problem::kinds;

/// The strong ETag of a record version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// What `If-Match` asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Precondition {
    /// `If-Match: *`: any current version.
    Any,
    /// One of these versions (tags in another format never match).
    Versions(Vec<i64>),
}

impl Precondition {
    /// Ok when `current` satisfies the precondition, else 412 `precondition_failed`.
    pub fn check(&self, current: i64) -> Result<(), ApiError> {
        match self {
            Self::Any => Ok(()),
            Self::Versions(versions) if versions.contains(&current) => Ok(()),
            Self::Versions(_) => Err(ApiError::new(&kinds::PRECONDITION_FAILED)
                .with_header(header::ETAG, etag(current))
                .with_detail(format!("current version is {}", etag(current)))),
        }
    }
}

/// The `If-Match` header of a request: absent, the tags it lists, or not a tag list at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IfMatch(Option<Result<Precondition, ()>>);

impl IfMatch {
    pub fn parse(value: Option<&str>) -> Self {
        let Some(value) = value else {
            return Self(None);
        };
        if value.trim() == "*" {
            return Self(Some(Ok(Precondition::Any)));
        }
        let tags: Vec<&str> = value.split(',').map(str::trim).collect();
        let entity_tag = |tag: &&str| {
            let opaque = tag.strip_prefix("W/").unwrap_or(tag);
            opaque.len() >= 2
                && opaque.starts_with('"')
                && opaque.ends_with('"')
                && !opaque[1..opaque.len() - 1].contains('"')
        };
        if tags.is_empty() || !tags.iter().all(entity_tag) {
            return Self(Some(Err(())));
        }
        // Strong comparison (RFC 9110 §13.1.1): weak tags never match.
        let versions = tags
            .iter()
            .filter_map(|tag| tag.strip_prefix('"')?.strip_suffix('"')?.parse().ok())
            .collect();
        Self(Some(Ok(Precondition::Versions(versions))))
    }

    /// The precondition an update must meet; 428 `precondition_required` when absent, 400
    /// `invalid_if_match` when the header is not a list of entity tags.
    pub fn required(&self) -> Result<&Precondition, ApiError> {
        match &self.0 {
            Some(Ok(precondition)) => Ok(precondition),
            Some(Err(())) => Err(ApiError::new(&kinds::INVALID_IF_MATCH)
                .with_detail("If-Match takes entity tags such as \"3\", or *")),
            None => Err(ApiError::new(&kinds::PRECONDITION_REQUIRED)
                .with_detail("send If-Match with the ETag you last read")),
        }
    }
}

impl IfMatch {
    /// For state transitions (withdraw, decide) that a record's state already guards: no
    /// `If-Match` means any version; one that is there is checked like an update's.
    pub fn optional(&self) -> Result<Precondition, ApiError> {
        match &self.0 {
            None => Ok(Precondition::Any),
            Some(_) => self.required().cloned(),
        }
    }
}

impl FromRequest for IfMatch {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let value = req
            .headers()
            .get(header::IF_MATCH)
            .map(|v| v.to_str().unwrap_or(""));
        ready(Ok(Self::parse(value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strong_tags_match_their_version_only() {
        let pre = IfMatch::parse(Some("\"3\", \"4\""));
        let pre = pre.required().expect("present");
        assert!(pre.check(4).is_ok());
        assert_eq!(
            pre.check(5).err().map(|e| e.code()),
            Some("precondition_failed")
        );
        assert!(
            IfMatch::parse(Some("W/\"4\""))
                .required()
                .expect("present")
                .check(4)
                .is_err()
        );
        assert!(
            IfMatch::parse(Some("*"))
                .required()
                .expect("present")
                .check(9)
                .is_ok()
        );
        assert_eq!(
            IfMatch::parse(None).required().err().map(|e| e.code()),
            Some("precondition_required")
        );
        for malformed in ["{}", "3", "\"3", ""] {
            assert_eq!(
                IfMatch::parse(Some(malformed))
                    .required()
                    .err()
                    .map(|e| e.code()),
                Some("invalid_if_match"),
                "{malformed:?}"
            );
        }
    }
}
