//! What an access token says: who the caller is, what they may do, and for how long.

use serde::{Deserialize, Serialize};

/// The `typ` header of an access token (RFC 9068 §2.1). Checking it keeps any other JWT the
/// platform might sign (an ID token, a refresh token) from being replayed as an access token.
pub const TOKEN_TYPE: &str = "at+jwt";

/// A service account's `sub` is this prefix followed by its `client_id`, so a subject alone
/// tells a person (whose `sub` is their person id, a UUID) from a system.
pub const SERVICE_SUBJECT_PREFIX: &str = "service:";

/// The claims of a Learning Tree access token (RFC 9068).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    /// A person id (UUID) or `service:<client_id>`.
    pub sub: String,
    /// The person's display name; absent for service accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Id of the org node (unit/department) the person belongs to; absent for service accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// See [`roles`].
    #[serde(default)]
    pub roles: Vec<String>,
    /// Space-separated scopes (see [`scopes`]); may be empty.
    #[serde(default)]
    pub scope: String,
    /// The client the token was issued to (the mobile front end, the OA system, …).
    pub client_id: String,
    pub iat: i64,
    pub exp: i64,
    /// Unique token id (UUID v4), for audit logs and revocation lists.
    pub jti: String,
}

impl AccessClaims {
    /// The scopes granted, one per entry.
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.scope.split_whitespace()
    }

    /// The service account's client id when the subject is a service account.
    pub fn service_client_id(&self) -> Option<&str> {
        self.sub.strip_prefix(SERVICE_SUBJECT_PREFIX)
    }

    /// The `sub` of a service account.
    pub fn service_subject(client_id: &str) -> String {
        format!("{SERVICE_SUBJECT_PREFIX}{client_id}")
    }
}

/// The roles a person can hold in the programme. Strings on the wire so a new role needs no
/// token format change.
pub mod roles {
    /// The programme office (区学习型机关建设办公室): runs the programme district-wide.
    pub const ADMIN: &str = "admin";
    /// A department's coordinator: manages their own department's cadres and activities.
    pub const COORDINATOR: &str = "coordinator";
    /// Organises training sessions and events.
    pub const ORGANISER: &str = "organiser";
    /// Runs reading activities and reviews reading logs.
    pub const READING_COORDINATOR: &str = "reading_coordinator";
    /// Scores contest entries.
    pub const JUDGE: &str = "judge";
    /// A cadre taking part in the programme.
    pub const CADRE: &str = "cadre";
}

/// The scopes a client can be granted; service accounts get exactly what their integration
/// needs (the OA system writes the directory, reporting tools read reports).
pub mod scopes {
    pub const DIRECTORY_READ: &str = "directory:read";
    pub const DIRECTORY_WRITE: &str = "directory:write";
    pub const REPORTS_READ: &str = "reports:read";
    /// Manage webhook subscriptions and read the event feed (the OA system).
    pub const EVENTS_MANAGE: &str = "events:manage";
    /// Read events: every service's outbox (the events relay) and the pull feed.
    pub const EVENTS_READ: &str = "events:read";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_accounts_omit_person_fields_and_default_roles() {
        let json = serde_json::json!({
            "iss": "i", "aud": "a", "sub": "service:oa", "scope": "directory:write",
            "client_id": "oa", "iat": 1, "exp": 2, "jti": "j"
        });
        let claims: AccessClaims = serde_json::from_value(json).expect("test");
        assert!(claims.roles.is_empty());
        assert_eq!(claims.service_client_id(), Some("oa"));
        let back = serde_json::to_value(&claims).expect("test");
        assert!(back.get("name").is_none() && back.get("org").is_none());
        assert_eq!(claims.scopes().collect::<Vec<_>>(), ["directory:write"]);
    }
}
