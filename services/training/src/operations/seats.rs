//! Seats and the waitlist, inside the caller's transaction. Every change to a session's
//! seats first locks the session row (`sessions::lock`, which also marks the session
//! changed), so changes of one session take turns on both backends: seats are never
//! oversold and waitlist numbers follow commit order.
//!
//! - Self- and organiser-enrolment takes a seat if one is free, else joins the waitlist.
//! - An assigned batch (分批调训) enrols its cadres outside the self-enrolment seats: it
//!   never takes a seat a waitlisted cadre would get.
//! - A seat given back (withdrawal, leave over the limit, more capacity) goes to the first
//!   waitlisted cadre at once (event `training.enrolment.promoted`).

use lt_http::ApiError;
use lt_store::{WriteTx, record_event};
use serde_json::json;

use crate::store::enrolments::{self, EnrolmentChange, EnrolmentRow, NewEnrolment, source, status};
use crate::store::sessions::{self, SessionRow};

/// Enrols `person_id` (new, or again after a withdrawal): a seat when one is free, else the
/// waitlist; assigned cadres are enrolled without a seat. The session must be locked.
pub fn enrol(
    tx: &mut WriteTx<'_>,
    session: &SessionRow,
    person_id: &str,
    org_unit_id: Option<&str>,
    how: &str,
) -> Result<EnrolmentRow, ApiError> {
    let existing = enrolments::of_person(tx.conn(), &session.id, person_id)?;
    if existing
        .as_ref()
        .is_some_and(|e| e.status != status::WITHDRAWN)
    {
        return Err(ApiError::new(&crate::problems::ALREADY_ENROLLED));
    }
    let (state, holds_seat, waitlist_number) = if how == source::ASSIGNED {
        (status::ENROLLED, false, None)
    } else if sessions::take_seat(tx, &session.id)? {
        (status::ENROLLED, true, None)
    } else {
        (
            status::WAITLISTED,
            false,
            Some(sessions::next_waitlist_number(tx, &session.id)?),
        )
    };
    let row = match existing {
        None => enrolments::insert(
            tx,
            &NewEnrolment {
                session_id: &session.id,
                course_id: &session.course_id,
                person_id,
                org_unit_id,
                source: how,
                status: state,
                holds_seat,
                waitlist_number,
            },
        )?,
        Some(withdrawn) => enrolments::change(
            tx,
            &withdrawn,
            &EnrolmentChange {
                source: Some(how.to_owned()),
                status: Some(state.to_owned()),
                holds_seat: Some(holds_seat),
                waitlist_number: Some(waitlist_number),
                attendance: Some(None),
                checked_in_at: Some(None),
                leave_hours: Some(0),
                assessment_passed: Some(None),
                withdrawn_at: Some(None),
                withdrawal_reason: Some(None),
                org_unit_id: Some(org_unit_id.map(str::to_owned)),
                ..EnrolmentChange::default()
            },
        )?
        .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?,
    };
    let kind = if state == status::WAITLISTED {
        "training.enrolment.waitlisted"
    } else {
        "training.enrolment.enrolled"
    };
    record_event(tx, kind, &event(&row))?;
    Ok(row)
}

/// The payload of every enrolment event.
pub fn event(row: &EnrolmentRow) -> serde_json::Value {
    json!({
        "enrolment_id": row.id,
        "session_id": row.session_id,
        "course_id": row.course_id,
        "person_id": row.person_id,
        "org_unit_id": row.org_unit_id,
        "status": row.status,
        "source": row.source,
    })
}

/// Gives the first waitlisted cadres the seats free now, in waitlist order. A cancelled
/// session promotes nobody into nothing, and one that has started nobody into a course half
/// over: its waitlist stays as it was (organisers still enrol whom they want).
pub fn promote(tx: &mut WriteTx<'_>, session_id: &str) -> Result<Vec<EnrolmentRow>, ApiError> {
    let session = sessions::find(tx.conn(), session_id)?;
    if session.status == sessions::CANCELLED || lt_store::now_utc() >= session.starts_at {
        return Ok(Vec::new());
    }
    let mut promoted = Vec::new();
    while let Some(next) = enrolments::first_waitlisted(tx.conn(), session_id)? {
        if !sessions::take_seat(tx, session_id)? {
            break;
        }
        let row = enrolments::change(
            tx,
            &next,
            &EnrolmentChange {
                status: Some(status::ENROLLED.to_owned()),
                holds_seat: Some(true),
                waitlist_number: Some(None),
                ..EnrolmentChange::default()
            },
        )?
        .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
        record_event(tx, "training.enrolment.promoted", &event(&row))?;
        promoted.push(row);
    }
    Ok(promoted)
}

/// Withdraws an active enrolment (its seat goes to the waitlist). The session must be locked.
/// Returns the withdrawn enrolment and the promoted ones.
pub fn withdraw(
    tx: &mut WriteTx<'_>,
    row: &EnrolmentRow,
    reason: Option<&str>,
) -> Result<(EnrolmentRow, Vec<EnrolmentRow>), ApiError> {
    if !row.is_active() {
        return Err(ApiError::new(&crate::problems::NOT_ACTIVE));
    }
    let withdrawn = enrolments::change(
        tx,
        row,
        &EnrolmentChange {
            status: Some(status::WITHDRAWN.to_owned()),
            holds_seat: Some(false),
            waitlist_number: Some(None),
            withdrawn_at: Some(Some(lt_store::now_utc())),
            withdrawal_reason: Some(reason.map(str::to_owned)),
            ..EnrolmentChange::default()
        },
    )?
    .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
    let mut payload = event(&withdrawn);
    payload["reason"] = json!(reason);
    record_event(tx, "training.enrolment.withdrawn", &payload)?;
    let promoted = if row.holds_seat {
        sessions::release_seat(tx, &row.session_id)?;
        promote(tx, &row.session_id)?
    } else {
        Vec::new()
    };
    Ok((withdrawn, promoted))
}
