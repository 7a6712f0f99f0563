//! Working days (工作日): Monday to Friday, except the holidays the programme office enters;
//! plus the make-up working days (调休) it enters on weekends. Holidays and make-up days move
//! every year, so they are data (`PUT /calendar/{date}`), never code.
//!
//! 公示 (public notice) lasts a number of working days: it starts on the day results are
//! published when that is a working day (else on the next working day), and its end day is
//! the last of those working days. Objections are accepted until that day is over
//! (Asia/Shanghai).

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// How a listed day differs from the weekday rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayKind {
    /// A day off (法定节假日), even on a weekday.
    Holiday,
    /// A working day (调休), even on a weekend.
    Workday,
}

impl DayKind {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "holiday" => Some(Self::Holiday),
            "workday" => Some(Self::Workday),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Holiday => "holiday",
            Self::Workday => "workday",
        }
    }
}

/// The listed days of a span; every other day follows the weekday rule.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    days: HashMap<NaiveDate, DayKind>,
}

impl Calendar {
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> Self {
        Self {
            days: days.into_iter().collect(),
        }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        match self.days.get(&day) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The first and last day of a notice of `working_days` (≥ 1) published on `published`:
    /// it starts on `published` if that is a working day, else on the next one. `None` only
    /// past the end of the calendar's range (year 9999).
    pub fn notice(
        &self,
        published: NaiveDate,
        working_days: u32,
    ) -> Option<(NaiveDate, NaiveDate)> {
        let mut day = published;
        while !self.is_working_day(day) {
            day = day.checked_add_days(Days::new(1))?;
        }
        let first = day;
        let mut counted = 1;
        while counted < working_days.max(1) {
            day = day.checked_add_days(Days::new(1))?;
            if self.is_working_day(day) {
                counted += 1;
            }
        }
        Some((first, day))
    }
}

/// Days a notice may have to look ahead for its end: enough for any run of holidays.
pub fn lookahead_days(working_days: u32) -> u64 {
    u64::from(working_days) * 3 + 30
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn weekdays_work_and_weekends_rest_when_nothing_is_listed() {
        let calendar = Calendar::default();
        assert!(calendar.is_working_day(day("2026-12-04"))); // Friday
        assert!(!calendar.is_working_day(day("2026-12-05"))); // Saturday
        // Published Friday 4 Dec: Fri, Mon, Tue, Wed, Thu → ends Thursday 10 Dec.
        assert_eq!(
            calendar.notice(day("2026-12-04"), 5),
            Some((day("2026-12-04"), day("2026-12-10")))
        );
        // Published on Saturday: starts Monday 7 Dec, ends Friday 11 Dec.
        assert_eq!(
            calendar.notice(day("2026-12-05"), 5),
            Some((day("2026-12-07"), day("2026-12-11")))
        );
    }

    #[test]
    fn national_day_holidays_are_skipped_and_the_make_up_sunday_counts() {
        // 2026 National Day as an office would enter it: 1–7 Oct off (Thu–Wed), Sunday
        // 27 Sep and Saturday 10 Oct make-up working days.
        let mut days: Vec<(NaiveDate, DayKind)> = (1..=7)
            .map(|d| (day(&format!("2026-10-{d:02}")), DayKind::Holiday))
            .collect();
        days.push((day("2026-09-27"), DayKind::Workday));
        days.push((day("2026-10-10"), DayKind::Workday));
        let calendar = Calendar::new(days);
        // Published Friday 25 Sep: Fri 25, Sun 27 (调休), Mon 28, Tue 29, Wed 30 → 5.
        assert_eq!(
            calendar.notice(day("2026-09-25"), 5),
            Some((day("2026-09-25"), day("2026-09-30")))
        );
        // Published Wednesday 30 Sep: Wed 30, then Oct 1–7 off, Thu 8, Fri 9, Sat 10 (调休),
        // Mon 12 → ends Monday 12 Oct.
        assert_eq!(
            calendar.notice(day("2026-09-30"), 5),
            Some((day("2026-09-30"), day("2026-10-12")))
        );
        // Weekdays alone would have said Tuesday 6 Oct.
        assert_eq!(
            Calendar::default().notice(day("2026-09-30"), 5),
            Some((day("2026-09-30"), day("2026-10-06")))
        );
    }

    #[test]
    fn a_one_day_notice_ends_on_its_first_working_day() {
        let calendar = Calendar::new([(day("2026-12-07"), DayKind::Holiday)]);
        assert_eq!(
            calendar.notice(day("2026-12-05"), 1),
            Some((day("2026-12-08"), day("2026-12-08")))
        );
        assert_eq!(DayKind::parse("holiday"), Some(DayKind::Holiday));
        assert_eq!(DayKind::parse("weekend"), None);
    }
}
