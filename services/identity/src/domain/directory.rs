//! Directory vocabulary and rules: kinds of org unit, providers, who may read what.

use lt_auth::{AuthUser, roles, scopes};
use lt_http::ApiError;
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

/// Org tree readers: any signed-in person (the mobile front end shows department names), and
/// service accounts holding `directory:read`; any other service account is refused (403
/// with the scope to ask for).
pub fn require_org_tree_reader(user: &AuthUser) -> Result<(), ApiError> {
    if user.is_service() {
        user.require_scope(scopes::DIRECTORY_READ)
    } else {
        Ok(())
    }
}

/// Directory editors: programme admins only.
pub fn require_directory_admin(user: &AuthUser) -> Result<(), ApiError> {
    user.require_role(roles::ADMIN)
}
