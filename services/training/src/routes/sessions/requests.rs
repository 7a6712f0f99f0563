//! What callers send to schedule, change or cancel a session, and how it is checked.

use chrono::{DateTime, Utc};
use lt_http::validation::{check_range, check_text, field_errors};
use lt_http::{FieldError, Validate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new session. The enrolment window defaults to open from now until the start (a session
/// already under way or over gets an empty window: organisers enrol or assign cadres to
/// record it after the fact); cadres may withdraw until the start unless
/// `withdrawal_deadline` says otherwise.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSession {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub venue: String,
    /// Seats for self-enrolment, 1–10000.
    #[schema(minimum = 1, maximum = 10000)]
    pub capacity: i32,
    pub enrolment_opens_at: Option<DateTime<Utc>>,
    pub enrolment_closes_at: Option<DateTime<Utc>>,
    pub withdrawal_deadline: Option<DateTime<Utc>>,
}

/// Field errors for a schedule that cannot be: ending before it starts, an enrolment
/// window or withdrawal deadline past its end.
pub(super) fn check_schedule(
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    opens: Option<DateTime<Utc>>,
    closes: Option<DateTime<Utc>>,
    deadline: Option<DateTime<Utc>>,
    errors: &mut Vec<FieldError>,
) {
    if ends_at <= starts_at {
        errors.push(FieldError::new(
            "ends_at",
            "out_of_range",
            "must be after starts_at",
        ));
    }
    if let (Some(opens), Some(closes)) = (opens, closes)
        && closes <= opens
    {
        errors.push(FieldError::new(
            "enrolment_closes_at",
            "out_of_range",
            "must be after enrolment_opens_at",
        ));
    }
    if closes.is_some_and(|closes| closes > ends_at) {
        errors.push(FieldError::new(
            "enrolment_closes_at",
            "out_of_range",
            "must not be after ends_at",
        ));
    }
    if deadline.is_some_and(|deadline| deadline > ends_at) {
        errors.push(FieldError::new(
            "withdrawal_deadline",
            "out_of_range",
            "must not be after ends_at",
        ));
    }
}

impl Validate for NewSession {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("venue", &self.venue, 200, &mut errors);
        check_range("capacity", self.capacity, 1..=10_000, &mut errors);
        check_schedule(
            self.starts_at,
            self.ends_at,
            self.enrolment_opens_at,
            self.enrolment_closes_at,
            self.withdrawal_deadline,
            &mut errors,
        );
        field_errors(errors)
    }
}

/// Fields to change; absent fields stay. More capacity promotes waitlisted cadres at once.
/// When `starts_at` moves, an enrolment window end or withdrawal deadline that was at the
/// start (their defaults) moves with it unless sent.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionChanges {
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub venue: Option<String>,
    #[schema(minimum = 1, maximum = 10000)]
    pub capacity: Option<i32>,
    pub enrolment_opens_at: Option<DateTime<Utc>>,
    pub enrolment_closes_at: Option<DateTime<Utc>>,
    pub withdrawal_deadline: Option<DateTime<Utc>>,
}

impl Validate for SessionChanges {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Some(venue) = &self.venue {
            check_text("venue", venue, 200, &mut errors);
        }
        if let Some(capacity) = self.capacity {
            check_range("capacity", capacity, 1..=10_000, &mut errors);
        }
        field_errors(errors)
    }
}

/// A reason (cancellations, withdrawals by an organiser, decisions).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    #[schema(min_length = 1, max_length = 500, pattern = "\\S")]
    pub reason: String,
}

impl Validate for Reason {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("reason", &self.reason, 500, &mut errors);
        field_errors(errors)
    }
}
