//! Directory vocabulary and rules: kinds of org unit, providers, who may read what.

use lt_auth::{AuthUser, roles, scopes};
use lt_http::{ApiError, FieldError, ProblemKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Kind of node in the org tree. The tree has any depth: a city over districts over units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgUnitKind {
    City,
    District,
    /// 单位: a party or government unit.
    Unit,
    /// 部门
    Department,
    /// 科室
    Section,
    Team,
}

impl OrgUnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::City => "city",
            Self::District => "district",
            Self::Unit => "unit",
            Self::Department => "department",
            Self::Section => "section",
            Self::Team => "team",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
    }
}

/// The institution an organiser works for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    /// 区委党校
    PartySchool,
    /// 钟楼干部学院
    CadreCollege,
    /// 培训中心
    TrainingCentre,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PartySchool => "party_school",
            Self::CadreCollege => "cadre_college",
            Self::TrainingCentre => "training_centre",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
    }
}

/// Directory readers: programme admins and services holding `directory:read`.
pub fn require_directory_reader(user: &AuthUser) -> Result<(), ApiError> {
    if user.has_role(roles::ADMIN) || user.has_scope(scopes::DIRECTORY_READ) {
        Ok(())
    } else {
        user.require_scope(scopes::DIRECTORY_READ)
    }
}

/// Directory editors: programme admins only.
pub fn require_directory_admin(user: &AuthUser) -> Result<(), ApiError> {
    user.require_role(roles::ADMIN)
}

/// Checks a required text field: trimmed, non-empty, at most `max` characters.
pub fn check_text(field: &str, value: &str, max: usize, errors: &mut Vec<FieldError>) {
    // Empty means only white space, as the schemas' `\S` pattern says.
    let trimmed = value.trim();
    if trimmed.is_empty() {
        errors.push(FieldError::new(field, "required", "must not be empty"));
    } else if trimmed.chars().count() > max {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("at most {max} characters"),
        ));
    }
}

/// `Ok` when no field failed.
pub fn field_errors(errors: Vec<FieldError>) -> Result<(), Vec<FieldError>> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// A request names a record that does not exist (409: it conflicts with the current state;
/// the request itself is well-formed).
pub const UNKNOWN_REFERENCE: ProblemKind = ProblemKind::new(
    "unknown_reference",
    409,
    "引用的记录不存在",
    "A referenced record does not exist",
);

/// 409 `unknown_reference` naming the field.
pub fn unknown_reference(field: &str, what: &str) -> ApiError {
    ApiError::new(&UNKNOWN_REFERENCE).with_errors(vec![FieldError::new(
        field,
        "not_found",
        format!("no such {what}"),
    )])
}
