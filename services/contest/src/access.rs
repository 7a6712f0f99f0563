//! Who may do what in contest, on top of the kit's `Caller`:
//!
//! - the programme office (`admin`) everything, and alone: the working-day calendar,
//!   changing a submitted score sheet (with a reason), answering objections;
//! - an `organiser` runs contests: creates them, sets the rubric and the panel, assigns,
//!   moves phases, follows progress, reads live results, disqualifies entries;
//! - a judge is whoever the panel of a contest's round holds (no role needed): they see the
//!   entries assigned to them (without entrant identity in blind mode) and their own sheets,
//!   never another judge's;
//! - a cadre enters contests, sees their own entries (scores only once results are
//!   published), reads published results and files objections during 公示;
//! - coordinators and `reports:read` accounts read reports; `reports:read` also the changes
//!   feeds.
//!
//! A record the caller may not see answers 404, as if it did not exist.

use lt_auth::roles;
use lt_http::ApiError;
use lt_service::Caller;

/// Admins and organisers run contests.
pub fn runs_contests(caller: &Caller) -> bool {
    caller.is_admin() || caller.has_role(roles::ORGANISER)
}

/// 403 unless the caller runs contests.
pub fn require_organiser(caller: &Caller) -> Result<(), ApiError> {
    if runs_contests(caller) {
        Ok(())
    } else {
        Err(ApiError::forbidden().with_detail("for contest organisers and the programme office"))
    }
}

/// 403 unless the caller is the programme office.
pub fn require_admin(caller: &Caller) -> Result<(), ApiError> {
    if caller.is_admin() {
        Ok(())
    } else {
        Err(ApiError::forbidden().with_detail("for the programme office"))
    }
}
