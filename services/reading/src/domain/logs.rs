//! Reading logs: what one log may say, and the daily cap per reader. Days are
//! Asia/Shanghai; "today" comes from the caller.

use chrono::{Days, NaiveDate};

use super::policy::ReadingLogPolicy;

/// Why a logged day is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DayError {
    Future,
    TooOld { earliest: NaiveDate },
}

/// `read_on` must be today or up to the policy's days back.
pub fn check_day(
    policy: &ReadingLogPolicy,
    read_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), DayError> {
    if read_on > today {
        return Err(DayError::Future);
    }
    let earliest = today
        .checked_sub_days(Days::new(u64::from(policy.backdate_days)))
        .unwrap_or(today);
    if read_on < earliest {
        return Err(DayError::TooOld { earliest });
    }
    Ok(())
}

/// Whether `minutes` more fit in a reader's day that already holds `logged` minutes.
pub fn fits_in_day(policy: &ReadingLogPolicy, logged: i64, minutes: i64) -> bool {
    logged.saturating_add(minutes) <= i64::from(policy.max_minutes_per_day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::default_reading_log;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).expect("day")
    }

    #[test]
    fn a_log_is_for_today_or_up_to_thirty_days_back() {
        let policy = default_reading_log();
        assert_eq!(check_day(&policy, day(6, 30), day(6, 30)), Ok(()));
        assert_eq!(check_day(&policy, day(5, 31), day(6, 30)), Ok(()));
        assert_eq!(
            check_day(&policy, day(5, 30), day(6, 30)),
            Err(DayError::TooOld {
                earliest: day(5, 31)
            })
        );
        assert_eq!(
            check_day(&policy, day(7, 1), day(6, 30)),
            Err(DayError::Future)
        );
    }

    #[test]
    fn a_reader_reads_at_most_twenty_four_hours_a_day() {
        let policy = default_reading_log();
        assert!(fits_in_day(&policy, 1380, 60));
        assert!(!fits_in_day(&policy, 1380, 61));
        assert!(!fits_in_day(&policy, 0, 25 * 60));
    }
}
