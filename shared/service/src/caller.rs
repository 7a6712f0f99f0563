//! The caller of a request as a domain service's rules need them: the token (`AuthUser`)
//! and, for a person, who the live directory copy says they are now (their org unit,
//! rank, provider), so rules never depend on a token minted before a transfer.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use lt_auth::{AuthUser, roles, scopes};
use lt_directory::Directory;
use lt_directory::local::{self, Person};
use lt_http::ApiError;

/// An authenticated caller and, for a person, their directory entry.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user: AuthUser,
    /// `None` for a service account.
    pub person: Option<Person>,
}

impl Caller {
    /// The caller's person id, or 403 for a service account.
    pub fn person_id(&self) -> Result<&str, ApiError> {
        self.user.require_person()
    }

    /// The caller's directory entry, or 403 for a service account.
    pub fn person(&self) -> Result<&Person, ApiError> {
        self.user.require_person()?;
        self.person.as_ref().ok_or_else(|| {
            ApiError::forbidden().with_detail("the directory does not know this person")
        })
    }

    /// The caller's org unit now (from the directory).
    pub fn org_unit(&self) -> Option<&str> {
        self.person.as_ref().and_then(|p| p.org_unit_id.as_deref())
    }

    pub fn is_admin(&self) -> bool {
        self.user.is_admin()
    }

    pub fn has_role(&self, role: &str) -> bool {
        self.user.has_role(role)
    }

    /// The unit a coordinator coordinates (their own unit and everything below it).
    pub fn coordinated_unit(&self) -> Option<&str> {
        if self.user.has_role(roles::COORDINATOR) {
            self.org_unit()
        } else {
            None
        }
    }

    /// Programme admins see everything; a coordinator sees records whose org unit lies in
    /// their subtree (`record_ancestry`: the record's unit and every unit above it).
    pub fn oversees(&self, record_ancestry: &[String]) -> bool {
        self.is_admin() || self.coordinates(record_ancestry)
    }

    /// A coordinator whose subtree holds the record (admins only when they also coordinate
    /// it): for steps the programme gives to a cadre's own coordinator.
    pub fn coordinates(&self, record_ancestry: &[String]) -> bool {
        self.coordinated_unit()
            .is_some_and(|unit| record_ancestry.iter().any(|u| u == unit))
    }

    /// Extracts (changes feeds): programme admins and `reports:read` accounts.
    pub fn require_extractor(&self) -> Result<(), ApiError> {
        if self.is_admin() || self.user.has_scope(scopes::REPORTS_READ) {
            return Ok(());
        }
        if self.user.is_service() {
            return self.user.require_scope(scopes::REPORTS_READ);
        }
        Err(ApiError::forbidden()
            .with_detail("extracts are for the programme office and reporting accounts"))
    }

    /// Reports: programme admins, coordinators (their subtree), `reports:read` accounts.
    pub fn require_report_reader(&self) -> Result<(), ApiError> {
        if self.is_admin()
            || self.coordinated_unit().is_some()
            || self.user.has_scope(scopes::REPORTS_READ)
        {
            return Ok(());
        }
        if self.user.is_service() {
            return self.user.require_scope(scopes::REPORTS_READ);
        }
        Err(ApiError::forbidden().with_detail(
            "reports are for the programme office, coordinators and reporting accounts",
        ))
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let user = AuthUser::from_request(req, payload);
        let directory = req.app_data::<web::Data<Directory>>().cloned();
        Box::pin(async move {
            let mut user = user.await?;
            let Some(id) = user.person_id().map(str::to_owned) else {
                return Ok(Self { user, person: None });
            };
            let directory = directory.ok_or_else(|| {
                ApiError::Unexpected(anyhow::anyhow!(
                    "no lt_directory::Directory in app data: the service must declare directory: true"
                ))
            })?;
            let person = directory.person(&id).await?;
            // A deactivated person's token stops working as soon as the directory copy knows
            // (within `DIRECTORY_REFRESH_SECONDS`, 30 by default), not when it expires.
            if person.as_ref().is_some_and(|p| !p.active) {
                return Err(ApiError::new(&lt_http::kinds::UNAUTHORIZED)
                    .with_detail("this person has been deactivated"));
            }
            // A role taken away stops working within the same bound: the token's roles count
            // only as far as the copy still lists them (a role granted since waits for the
            // next token).
            if let (Some(granted), AuthUser::Person { roles, .. }) =
                (person.as_ref().and_then(Person::roles), &mut user)
            {
                roles.retain(|role| granted.contains(role));
            }
            Ok(Self { user, person })
        })
    }
}

/// `unit` and every unit above it, from the directory copy (for [`Caller::oversees`]).
pub async fn ancestry(
    directory: &Directory,
    unit: Option<String>,
) -> Result<Vec<String>, ApiError> {
    let Some(unit) = unit else {
        return Ok(Vec::new());
    };
    directory
        .store()
        .read(move |conn| -> Result<_, ApiError> { Ok(local::ancestry(conn, &unit)?) })
        .await
}

/// The person `id` when the caller may see their records: the person themself, a
/// coordinator over their org unit now, an admin. 404 for anyone else, as for no such person.
pub async fn overseen_person(
    directory: &Directory,
    caller: &Caller,
    id: &str,
) -> Result<Person, ApiError> {
    let person = directory
        .person(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if caller.user.person_id() == Some(person.id.as_str()) || caller.is_admin() {
        return Ok(person);
    }
    let unit_ancestry = ancestry(directory, person.org_unit_id.clone()).await?;
    if caller.oversees(&unit_ancestry) {
        Ok(person)
    } else {
        Err(ApiError::not_found())
    }
}
