//! Who may do what in reading, on top of the kit's `Caller`:
//!
//! - the programme office (`admin`) everything;
//! - a `reading_coordinator` runs the reading programme district-wide: library cards and
//!   imports, the catalogue and book lists, campaigns, the review of reading notes;
//! - a `coordinator` keeps their department's shelves (their unit and below) and reads the
//!   aggregates of their subtree, never a family's data;
//! - a cadre sees their own card, logs, notes, loans, family and export;
//! - a `reports:read` account reads reports and extracts, nothing else.
//!
//! Who read what is private:
//!
//! - a cadre's own reading (logs, campaign figures, loans) is theirs; the programme and
//!   coordinators see a person's campaign figures by name only when the person shows their
//!   reading (`show_on_leaderboard`), otherwise folded with the others into one line without
//!   ids, and only from five persons on (`domain::goals::FEWEST_TOGETHER`);
//! - a `reports:read` account never gets a person's reading: campaign reports fold every
//!   person, the loan feed has no borrower;
//! - imported city-library loans keep the book only for cadres who keep their library
//!   history; a private reading log of a book the catalogue lacks adds nothing to it.
//!
//! A record the caller may not see answers 404, as if it did not exist.

use lt_auth::roles;
use lt_http::ApiError;
use lt_service::Caller;

/// Who sees a cadre's family (its members and their reading): the cadre and the programme
/// office (admins). To anyone else — a coordinator of the cadre's unit included — the family
/// does not exist: 404, never 403.
pub fn sees_family_of(caller: &Caller, person_id: &str) -> bool {
    caller.user.person_id() == Some(person_id) || caller.is_admin()
}

/// Admins and reading coordinators run the programme.
pub fn runs_programme(caller: &Caller) -> bool {
    caller.is_admin() || caller.has_role(roles::READING_COORDINATOR)
}

/// 403 unless the caller runs the reading programme.
pub fn require_programme(caller: &Caller) -> Result<(), ApiError> {
    if runs_programme(caller) {
        Ok(())
    } else {
        Err(ApiError::forbidden()
            .with_detail("for the reading programme's coordinators and the programme office"))
    }
}

/// A shelf's keepers: admins, and coordinators over the shelf's unit (`ancestry`: the unit
/// and every unit above it).
pub fn keeps_shelf(caller: &Caller, ancestry: &[String]) -> bool {
    caller.is_admin() || caller.coordinates(ancestry)
}
