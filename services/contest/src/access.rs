//! Who may do what in contest, on top of the kit's `Caller`:
//!
//! - the programme office (`admin`) everything, and alone: the working-day calendar,
//!   changing a submitted score sheet (with a reason), answering objections;
//! - a contest belongs to whoever runs it: the programme office, or the `organiser` who
//!   created it and the organisers of the provider they work for (identity's person
//!   `provider`). Only they manage it (rubric, panel, assignment, phases, disqualification,
//!   progress, the entry list) and read its live results; any other organiser gets 403 on
//!   those and sees the contest as a cadre does;
//! - nobody who runs a contest or is an entrant sits on its panel: the creator and entrants
//!   are refused a seat (409 `judge_conflicted`), a judge is refused an entry or a team
//!   membership (409 `judge_conflicted`), and whoever sits on a panel (an admin or an
//!   organiser of the provider too) sees that contest only as its judge, never as its runner;
//! - a judge is whoever the panel of a contest's round holds (no role needed): they see the
//!   entries assigned to them (without entrant identity in blind mode) and their own sheets,
//!   never another judge's;
//! - a cadre enters contests, sees their own entries (scores only once results are
//!   published), reads published results and files objections during 公示. A team entry
//!   names its members, who join it (its record, conflicts) only once they confirm;
//! - coordinators and `reports:read` accounts read reports; `reports:read` also the changes
//!   feeds.
//!
//! A record the caller may not see answers 404, as if it did not exist.

use diesel::QueryResult;
use lt_auth::roles;
use lt_http::ApiError;
use lt_service::Caller;
use lt_store::DbConnection;

use crate::store::contests::ContestRow;
use crate::store::panel;

/// Admins and organisers run contests (the role: which contests is [`Runner::runs`]).
pub fn runs_contests(caller: &Caller) -> bool {
    caller.is_admin() || caller.has_role(roles::ORGANISER)
}

/// 403 unless the caller may run contests at all.
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

/// What deciding "does the caller run this contest" needs, taken from the caller so it can
/// move into a store closure.
#[derive(Clone, Debug)]
pub struct Runner {
    admin: bool,
    organiser: bool,
    person_id: Option<String>,
    provider: Option<String>,
}

impl Runner {
    pub fn of(caller: &Caller) -> Self {
        Self {
            admin: caller.is_admin(),
            organiser: caller.has_role(roles::ORGANISER),
            person_id: caller.user.person_id().map(str::to_owned),
            provider: caller.person.as_ref().and_then(|p| p.provider.clone()),
        }
    }

    /// The provider a contest this caller creates belongs to (an organiser's; none for the
    /// programme office).
    pub fn provider(&self) -> Option<&str> {
        if self.organiser {
            self.provider.as_deref()
        } else {
            None
        }
    }

    /// Whether the caller runs `contest`: the programme office, its creator, or an organiser
    /// of its provider, unless they sit on its panel.
    pub fn runs(&self, conn: &mut DbConnection, contest: &ContestRow) -> QueryResult<bool> {
        let me = self.person_id.as_deref();
        let owns = self.admin
            || (self.organiser
                && (me == Some(contest.created_by.as_str())
                    || (contest.provider.is_some()
                        && self.provider() == contest.provider.as_deref())));
        if !owns {
            return Ok(false);
        }
        match me {
            Some(me) => Ok(!panel::sits_on(conn, &contest.id, me)?),
            None => Ok(true),
        }
    }

    /// 403 unless the caller runs `contest`.
    pub fn require(&self, conn: &mut DbConnection, contest: &ContestRow) -> Result<(), ApiError> {
        if self.runs(conn, contest)? {
            Ok(())
        } else {
            Err(ApiError::forbidden().with_detail(
                "a contest is managed by the programme office and by the organisers who run it, \
                 never by a judge on its panel",
            ))
        }
    }
}
