//! Who may do what in training, on top of the kit's `Caller`:
//!
//! - the programme office (`admin`) everything;
//! - an `organiser` manages the courses of the provider they work for (identity's person
//!   `provider`), with their sessions, enrolments and attendance; `external` courses only
//!   admins manage;
//! - a `coordinator` oversees the records of cadres in their org unit and below;
//! - a cadre sees the courses that target them, and their own records;
//! - a `reports:read` account reads reports and extracts, nothing else.
//!
//! A record the caller may not see answers 404, as if it did not exist, in writes too
//! (attendance, leave on another cadre's enrolment): 403 only when the caller sees it but
//! may not do this to it.

use chrono::{Datelike, NaiveDate};
use diesel::QueryResult;
use lt_auth::roles;
use lt_directory::local::{self, Person};
use lt_http::ApiError;
use lt_service::Caller;
use lt_store::DbConnection;

use crate::domain::kinds::{Provider, RankCategory};
use crate::domain::policy::RequirementsPolicy;
use crate::domain::requirements::category_of;
use crate::domain::targeting::{Audience, Targeting};
use crate::store::policies;

/// The provider an organiser works for.
pub fn organiser_provider(caller: &Caller) -> Option<Provider> {
    if !caller.has_role(roles::ORGANISER) {
        return None;
    }
    caller
        .person
        .as_ref()
        .and_then(|p| p.provider.as_deref())
        .and_then(Provider::parse)
}

/// Admins manage every course; organisers those of their own provider (never external ones).
pub fn may_manage(caller: &Caller, provider: Provider) -> bool {
    caller.is_admin()
        || (provider != Provider::External && organiser_provider(caller) == Some(provider))
}

/// 403 unless the caller may create or manage courses of `provider`.
pub fn require_manager(caller: &Caller, provider: Provider) -> Result<(), ApiError> {
    if may_manage(caller, provider) {
        Ok(())
    } else {
        Err(ApiError::forbidden().with_detail(
            "courses are managed by the programme office and by organisers of the course's provider",
        ))
    }
}

/// What targeting and requirements need to know of a cadre.
#[derive(Clone, Debug)]
pub struct Profile {
    pub ancestry: Vec<String>,
    pub category: Option<RankCategory>,
    pub age: Option<i32>,
}

impl Profile {
    pub fn audience(&self) -> Audience<'_> {
        Audience {
            ancestry: &self.ancestry,
            category: self.category,
            age: self.age,
        }
    }
}

/// The profile of `person` on `today`, from the directory copy and the requirements policy
/// in force.
pub fn profile(conn: &mut DbConnection, person: &Person, today: NaiveDate) -> QueryResult<Profile> {
    let ancestry = match &person.org_unit_id {
        Some(unit) => local::ancestry(conn, unit)?,
        None => Vec::new(),
    };
    let requirements = policies::in_force::<RequirementsPolicy>(conn, today)?;
    Ok(Profile {
        ancestry,
        category: category_of(&requirements.document, &person.rank),
        age: person.birth_year.map(|year| today.year() - year),
    })
}

/// Whether a course with `targeting` is for the person of `profile`.
pub fn targets(targeting: &Targeting, profile: &Profile) -> bool {
    targeting.includes(&profile.audience())
}
