//! Roles a person may be granted and scopes a service account may hold.

use lt_auth::{roles, scopes};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A role of a person.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Programme office (district admin): everything.
    Admin,
    /// Department coordinator (部门管理员).
    Coordinator,
    /// Organiser at the party school, cadre college or training centre.
    Organiser,
    ReadingCoordinator,
    /// Judge (评委): only assigned entries.
    Judge,
    Cadre,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => roles::ADMIN,
            Self::Coordinator => roles::COORDINATOR,
            Self::Organiser => roles::ORGANISER,
            Self::ReadingCoordinator => roles::READING_COORDINATOR,
            Self::Judge => roles::JUDGE,
            Self::Cadre => roles::CADRE,
        }
    }
}

/// A scope of a service account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum Scope {
    #[serde(rename = "directory:read")]
    DirectoryRead,
    #[serde(rename = "directory:write")]
    DirectoryWrite,
    #[serde(rename = "reports:read")]
    ReportsRead,
    #[serde(rename = "events:manage")]
    EventsManage,
    #[serde(rename = "events:read")]
    EventsRead,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DirectoryRead => scopes::DIRECTORY_READ,
            Self::DirectoryWrite => scopes::DIRECTORY_WRITE,
            Self::ReportsRead => scopes::REPORTS_READ,
            Self::EventsManage => scopes::EVENTS_MANAGE,
            Self::EventsRead => scopes::EVENTS_READ,
        }
    }
}

/// Role names, sorted and without repeats.
pub fn role_names(roles: &[Role]) -> Vec<String> {
    let mut names: Vec<String> = roles.iter().map(|r| r.as_str().to_owned()).collect();
    names.sort();
    names.dedup();
    names
}
