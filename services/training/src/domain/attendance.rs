//! Attendance rules: when a venue check-in counts (and whether it is late), the check-in
//! code itself, and the limit on leave during full-time training.

use chrono::{DateTime, Duration, Utc};
use lt_programme::Hours;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::policy::AttendancePolicy;

/// How a cadre attended a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    /// Checked in (or marked present) by the start.
    OnTime,
    /// Checked in (or marked) after the start.
    Late,
    Absent,
}

impl Attendance {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnTime => "on_time",
            Self::Late => "late",
            Self::Absent => "absent",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "on_time" => Some(Self::OnTime),
            "late" => Some(Self::Late),
            "absent" => Some(Self::Absent),
            _ => None,
        }
    }

    /// Attended at all (on time or late).
    pub fn attended(self) -> bool {
        matches!(self, Self::OnTime | Self::Late)
    }
}

/// Whether a check-in at `now` counts for a session starting at `starts_at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckInWindow {
    NotYetOpen { opens_at: DateTime<Utc> },
    Open(Attendance),
    Closed { closed_at: DateTime<Utc> },
}

pub fn check_in_window(
    policy: &AttendancePolicy,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> CheckInWindow {
    let opens_at = starts_at - Duration::minutes(i64::from(policy.check_in_opens_minutes_before));
    let closed_at = starts_at + Duration::minutes(i64::from(policy.check_in_closes_minutes_after));
    if now < opens_at {
        CheckInWindow::NotYetOpen { opens_at }
    } else if now > closed_at {
        CheckInWindow::Closed { closed_at }
    } else if now <= starts_at {
        CheckInWindow::Open(Attendance::OnTime)
    } else {
        CheckInWindow::Open(Attendance::Late)
    }
}

/// Letters and digits that cannot be mistaken for each other when read off a screen.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Length of a check-in code: 31⁶ ≈ 8.9 × 10⁸ codes, valid for a minute each.
pub const CODE_LENGTH: usize = 6;

/// `length` characters of [`CODE_ALPHABET`], each equally likely (bytes that would favour
/// the first letters are drawn again).
pub fn random_code(length: usize) -> Result<String, getrandom::Error> {
    let alphabet = CODE_ALPHABET.len();
    let fair = 256 - 256 % alphabet;
    let mut code = String::with_capacity(length);
    while code.len() < length {
        let mut bytes = [0_u8; 32];
        getrandom::fill(&mut bytes)?;
        for byte in bytes.iter().map(|b| usize::from(*b)).filter(|b| *b < fair) {
            if code.len() < length {
                code.push(char::from(CODE_ALPHABET[byte % alphabet]));
            }
        }
    }
    Ok(code)
}

/// A fresh random check-in code.
pub fn new_code() -> Result<String, getrandom::Error> {
    random_code(CODE_LENGTH)
}

/// A code as a cadre may type it: case and surrounding spaces do not matter.
pub fn normalise_code(code: &str) -> String {
    lt_http::validation::trimmed(code).to_ascii_uppercase()
}

/// True when `leave` exceeds the policy's share of a full-time course's `hours`
/// (`leave / hours > numerator / denominator`, compared exactly).
pub fn leave_exceeds_limit(policy: &AttendancePolicy, hours: Hours, leave: Hours) -> bool {
    i128::from(leave.0) * i128::from(policy.leave_limit_denominator)
        > i128::from(hours.0) * i128::from(policy.leave_limit_numerator)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::default_attendance;

    #[test]
    fn check_in_opens_before_the_start_and_is_late_after_it() {
        let policy = default_attendance(); // 30 minutes either side
        let start = DateTime::from_timestamp(1_800_000_000, 0).expect("instant");
        let at = |minutes: i64| check_in_window(&policy, start, start + Duration::minutes(minutes));
        assert!(matches!(at(-31), CheckInWindow::NotYetOpen { .. }));
        assert_eq!(at(-30), CheckInWindow::Open(Attendance::OnTime));
        assert_eq!(at(0), CheckInWindow::Open(Attendance::OnTime));
        assert_eq!(at(1), CheckInWindow::Open(Attendance::Late));
        assert_eq!(at(30), CheckInWindow::Open(Attendance::Late));
        assert!(matches!(at(31), CheckInWindow::Closed { .. }));
    }

    #[test]
    fn leave_above_a_seventh_of_full_time_hours_is_too_much() {
        let policy = default_attendance();
        // A 35-hour class: 5 hours of leave is exactly 1/7, 5.01 is more.
        assert!(!leave_exceeds_limit(
            &policy,
            Hours::whole(35),
            Hours::whole(5)
        ));
        assert!(leave_exceeds_limit(&policy, Hours::whole(35), Hours(501)));
    }

    #[test]
    fn codes_are_readable_and_typed_in_any_case() {
        let code = new_code().expect("code");
        assert_eq!(code.len(), CODE_LENGTH);
        assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert_eq!(normalise_code(&format!(" {} ", code.to_lowercase())), code);
    }
}
