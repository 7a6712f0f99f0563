//! Who may do what, written so a handler reads like the policy it enforces:
//! `user.require_admin_or(roles::COORDINATOR)?`. Role checks are exact — the programme
//! office passes a coordinator's rule only where the rule says `require_admin_or` — so no
//! permission is ever granted by an implied hierarchy nobody wrote down.

use std::borrow::Cow;

use actix_web::http::header;
use lt_http::ApiError;

use crate::claims::{AccessClaims, roles};
use crate::extractor::{AuthUser, REALM};

impl AuthUser {
    /// The token's `sub`: the person id, or `service:<client_id>`.
    pub fn subject(&self) -> Cow<'_, str> {
        match self {
            Self::Person { id, .. } => Cow::Borrowed(id),
            Self::Service { client_id, .. } => Cow::Owned(AccessClaims::service_subject(client_id)),
        }
    }

    /// The person id, or `None` for a service account.
    pub fn person_id(&self) -> Option<&str> {
        match self {
            Self::Person { id, .. } => Some(id),
            Self::Service { .. } => None,
        }
    }

    /// The service account's client id, or `None` for a person.
    pub fn client_id(&self) -> Option<&str> {
        match self {
            Self::Person { .. } => None,
            Self::Service { client_id, .. } => Some(client_id),
        }
    }

    /// The org node the person belongs to.
    pub fn org(&self) -> Option<&str> {
        match self {
            Self::Person { org, .. } => org.as_deref(),
            Self::Service { .. } => None,
        }
    }

    pub fn name(&self) -> Option<&str> {
        match self {
            Self::Person { name, .. } => name.as_deref(),
            Self::Service { .. } => None,
        }
    }

    /// A person's roles; a service account has none (it is granted scopes instead).
    pub fn roles(&self) -> &[String] {
        match self {
            Self::Person { roles, .. } => roles,
            Self::Service { .. } => &[],
        }
    }

    pub fn scopes(&self) -> &[String] {
        match self {
            Self::Person { scopes, .. } | Self::Service { scopes, .. } => scopes,
        }
    }

    /// The token's `jti`.
    pub fn token_id(&self) -> &str {
        match self {
            Self::Person { token_id, .. } | Self::Service { token_id, .. } => token_id,
        }
    }

    pub fn is_service(&self) -> bool {
        matches!(self, Self::Service { .. })
    }

    pub fn has_role(&self, role: &str) -> bool {
        self.roles().iter().any(|held| held == role)
    }

    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes().iter().any(|granted| granted == scope)
    }

    /// Whether the caller is the programme office.
    pub fn is_admin(&self) -> bool {
        self.has_role(roles::ADMIN)
    }

    /// 403 `forbidden` unless the caller holds exactly `role`.
    pub fn require_role(&self, role: &str) -> Result<(), ApiError> {
        if self.has_role(role) {
            return Ok(());
        }
        Err(ApiError::forbidden().with_detail(format!("this operation needs the role {role}")))
    }

    /// 403 `forbidden` unless the caller holds at least one of `allowed`.
    pub fn require_any_role(&self, allowed: &[&str]) -> Result<(), ApiError> {
        if allowed.iter().any(|role| self.has_role(role)) {
            return Ok(());
        }
        Err(ApiError::forbidden().with_detail(format!(
            "this operation needs one of the roles {}",
            allowed.join(", ")
        )))
    }

    /// The programme office, or a holder of `role`.
    pub fn require_admin_or(&self, role: &str) -> Result<(), ApiError> {
        self.require_any_role(&[roles::ADMIN, role])
    }

    /// 403 `forbidden` with an `insufficient_scope` challenge (RFC 6750 §3.1) naming the
    /// scope to ask for, unless the token grants `scope`.
    pub fn require_scope(&self, scope: &str) -> Result<(), ApiError> {
        if self.has_scope(scope) {
            return Ok(());
        }
        Err(ApiError::forbidden()
            .with_detail(format!("this operation needs the scope {scope}"))
            .with_header(
                header::WWW_AUTHENTICATE,
                format!(
                    "Bearer realm=\"{REALM}\", error=\"insufficient_scope\", scope=\"{scope}\""
                ),
            ))
    }

    /// Department scope (部门范围): may this caller act on a record of the org unit whose
    /// ancestry (the unit itself first, then each unit above it, e.g. from
    /// `lt_directory::local::ancestry`) is `record_ancestry`? Programme admins everywhere; a
    /// coordinator within their own unit and below. Anyone else is refused with 404, so a
    /// record outside one's department looks absent.
    pub fn require_org_scope(&self, record_ancestry: &[String]) -> Result<(), ApiError> {
        if self.is_admin() {
            return Ok(());
        }
        let within = self.has_role(roles::COORDINATOR)
            && self
                .org()
                .is_some_and(|org| record_ancestry.iter().any(|unit| unit == org));
        if within {
            Ok(())
        } else {
            Err(ApiError::not_found())
        }
    }

    /// The caller is the person `person_id` (their own record), or 404.
    pub fn require_self(&self, person_id: &str) -> Result<(), ApiError> {
        if self.person_id() == Some(person_id) {
            Ok(())
        } else {
            Err(ApiError::not_found())
        }
    }

    /// The person id, or 403 for a service account on an operation only people may do.
    pub fn require_person(&self) -> Result<&str, ApiError> {
        self.person_id().ok_or_else(|| {
            ApiError::forbidden().with_detail("this operation is for people, not service accounts")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::scopes;

    fn person(roles: &[&str], scope: &str) -> AuthUser {
        AuthUser::Person {
            id: "7c1e0a52-6a3e-4d8e-9a57-1f3b9f0f2c11".into(),
            name: Some("张三".into()),
            org: Some("org-1".into()),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            scopes: scope.split_whitespace().map(str::to_owned).collect(),
            token_id: "t".into(),
        }
    }

    #[test]
    fn department_scope_reaches_down_the_tree_only() {
        let ancestry = |units: &[&str]| units.iter().map(|u| (*u).to_owned()).collect::<Vec<_>>();
        let coordinator = person(&[roles::COORDINATOR], "");
        assert!(
            coordinator
                .require_org_scope(&ancestry(&["section-9", "org-1", "district"]))
                .is_ok(),
            "a section below their unit"
        );
        assert!(
            coordinator
                .require_org_scope(&ancestry(&["org-1", "district"]))
                .is_ok(),
            "their own unit"
        );
        let outside = coordinator.require_org_scope(&ancestry(&["org-2", "district"]));
        assert_eq!(
            outside.err().map(|e| e.code()),
            Some("not_found"),
            "another department looks absent"
        );
        assert!(
            person(&[roles::CADRE], "")
                .require_org_scope(&ancestry(&["org-1"]))
                .is_err(),
            "a cadre has no department scope"
        );
        assert!(
            person(&[roles::ADMIN], "")
                .require_org_scope(&ancestry(&["org-2"]))
                .is_ok()
        );
        assert!(
            coordinator
                .require_self("7c1e0a52-6a3e-4d8e-9a57-1f3b9f0f2c11")
                .is_ok()
        );
        assert!(coordinator.require_self("someone-else").is_err());
    }

    #[test]
    fn role_checks_are_exact_unless_the_rule_admits_admin() {
        let admin = person(&[roles::ADMIN], "");
        assert!(admin.is_admin());
        assert!(admin.require_role(roles::COORDINATOR).is_err());
        assert!(admin.require_admin_or(roles::COORDINATOR).is_ok());
        let coordinator = person(&[roles::COORDINATOR], "");
        assert!(coordinator.require_role(roles::COORDINATOR).is_ok());
        assert!(coordinator.require_admin_or(roles::COORDINATOR).is_ok());
        assert!(coordinator.require_role(roles::ADMIN).is_err());
        assert_eq!(
            person(&[roles::CADRE], "")
                .require_any_role(&[roles::JUDGE])
                .map_err(|e| e.code()),
            Err("forbidden")
        );
    }

    #[test]
    fn service_accounts_have_scopes_and_no_roles() {
        let oa = AuthUser::Service {
            client_id: "oa".into(),
            scopes: vec![scopes::DIRECTORY_WRITE.into()],
            token_id: "t".into(),
        };
        assert_eq!(oa.subject(), "service:oa");
        assert_eq!(oa.person_id(), None);
        assert!(oa.require_person().is_err());
        assert!(oa.require_scope(scopes::DIRECTORY_WRITE).is_ok());
        assert!(oa.require_scope(scopes::REPORTS_READ).is_err());
        assert!(!oa.has_role(roles::ADMIN));
        let cadre = person(&[roles::CADRE], "directory:read reports:read");
        assert_eq!(cadre.org(), Some("org-1"));
        assert!(cadre.has_scope(scopes::REPORTS_READ));
        assert_eq!(cadre.require_person().ok(), cadre.person_id());
    }
}
