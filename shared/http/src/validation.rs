//! Checking request input, the same way in every service: one definition of "blank" shared
//! by the server's checks and the published schemas, text length rules, and the answers for
//! a field that names a record which does not exist.
//!
//! Why a definition of blank: Rust's `trim`, ECMAScript's `\s` (which JSON Schema patterns
//! use) and Python's `\s` (which schema-driven test tools use) disagree on a few characters
//! (U+0085, U+FEFF, U+001C–U+001F). A value the published schema accepts must never be
//! refused as empty by the server, nor the reverse, so a space here is the union of Unicode's
//! White_Space property and ECMAScript's white space, and every schema's "not blank" pattern
//! lists exactly those characters ([`NOT_BLANK`]; handlers write `pattern = "\\S"` and
//! [`crate::openapi::TextPatterns`] spells it out in the document).

use diesel::result::Error as DieselError;

use crate::error::ApiError;
use crate::problem::{FieldError, kinds};

/// A white-space character: Unicode White_Space (what `str::trim` removes) or U+FEFF
/// (white space to ECMAScript regular expressions).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// The JSON Schema pattern of a text that is not blank: it contains a character that is not
/// white space as [`is_space`] defines it. Spelled out rather than `\S`, whose meaning
/// depends on the regular-expression dialect of whoever reads the schema.
pub const NOT_BLANK: &str = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]";

/// `value` without leading and trailing white space (as [`is_space`] defines it).
pub fn trimmed(value: &str) -> &str {
    value.trim_matches(is_space)
}

/// True when `value` has nothing but white space.
pub fn is_blank(value: &str) -> bool {
    trimmed(value).is_empty()
}

/// Checks a required text field: not blank, at most `max` characters once trimmed.
pub fn check_text(field: &str, value: &str, max: usize, errors: &mut Vec<FieldError>) {
    let value = trimmed(value);
    if value.is_empty() {
        errors.push(FieldError::new(field, "required", "must not be empty"));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("at most {max} characters"),
        ));
    }
}

/// Checks an optional text field when it is present (see [`check_text`]).
pub fn check_optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
    errors: &mut Vec<FieldError>,
) {
    if let Some(value) = value {
        check_text(field, value, max, errors);
    }
}

/// Checks that a whole number lies in `range`.
pub fn check_range<T: PartialOrd + std::fmt::Display + Copy>(
    field: &str,
    value: T,
    range: std::ops::RangeInclusive<T>,
    errors: &mut Vec<FieldError>,
) {
    if !range.contains(&value) {
        errors.push(FieldError::new(
            field,
            "out_of_range",
            format!("between {} and {}", range.start(), range.end()),
        ));
    }
}

/// `Ok` when no field failed: the end of every `Validate::validate`.
pub fn field_errors(errors: Vec<FieldError>) -> Result<(), Vec<FieldError>> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// 409 `unknown_reference` naming the field whose value names no `what` (the request is
/// well formed; it conflicts with what exists).
pub fn unknown_reference(field: &str, what: &str) -> ApiError {
    ApiError::new(&kinds::UNKNOWN_REFERENCE).with_errors(vec![FieldError::new(
        field,
        "not_found",
        format!("no such {what}"),
    )])
}

/// For the lookup of a record a request refers to:
/// `find(conn, id).map_err(referenced("org_unit_id", "org unit"))?`. Not found is the
/// client's mistake (409 `unknown_reference`); any other failure (an outage, a busy database)
/// keeps its own answer, so a database outage never poses as a bad reference.
pub fn referenced(
    field: impl AsRef<str>,
    what: &'static str,
) -> impl FnOnce(DieselError) -> ApiError {
    move |error| match error {
        DieselError::NotFound => unknown_reference(field.as_ref(), what),
        other => other.into(),
    }
}

/// [`referenced`] for a lookup that already answers with an [`ApiError`] (one that checks
/// visibility, say): its 404 becomes `unknown_reference`; any other answer (a 503, a 403)
/// is kept.
pub fn referenced_answer(
    field: &'static str,
    what: &'static str,
) -> impl FnOnce(ApiError) -> ApiError {
    move |error| {
        if actix_web::ResponseError::status_code(&error) == actix_web::http::StatusCode::NOT_FOUND {
            unknown_reference(field, what)
        } else {
            error
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_means_the_same_to_the_server_and_the_schema() {
        // The published pattern, compiled as a schema reader would, matches a character
        // exactly when the server does not count it as space, over the whole of Unicode.
        let pattern = regex::Regex::new(NOT_BLANK).expect("NOT_BLANK is a valid pattern");
        for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
            assert_eq!(
                pattern.is_match(&c.to_string()),
                !is_space(c),
                "U+{:04X}",
                c as u32
            );
        }
        assert!(is_blank("\u{85}\u{feff} \t"));
        assert!(
            !is_blank("\u{200b}"),
            "a zero-width space is a character, not a space"
        );
        assert_eq!(trimmed("\u{feff} 张三\u{3000}"), "张三");
    }

    #[test]
    fn text_checks_name_the_field() {
        let mut errors = Vec::new();
        check_text("name", "\u{85}", 10, &mut errors);
        check_text("title", "一二三四五六", 5, &mut errors);
        check_optional_text("venue", None, 5, &mut errors);
        check_range("capacity", 0, 1..=10, &mut errors);
        let codes: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("name", "required"),
                ("title", "too_long"),
                ("capacity", "out_of_range")
            ]
        );
        assert!(field_errors(errors).is_err());
        assert!(field_errors(Vec::new()).is_ok());
    }

    #[test]
    fn only_a_missing_record_is_an_unknown_reference() {
        assert_eq!(
            referenced("org_unit_id", "org unit")(DieselError::NotFound).code(),
            "unknown_reference"
        );
        assert_eq!(
            referenced("org_unit_id", "org unit")(DieselError::BrokenTransactionManager).code(),
            "internal_error"
        );
    }
}
