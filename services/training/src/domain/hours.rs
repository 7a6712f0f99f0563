//! Hour conversion (学时折算): what an activity earns under a conversion rule, and how a
//! yearly cap and carry-over split it between this year and the next. Pure: the store reads
//! what was already credited and writes what this returns, with the policy version.

use chrono::NaiveDate;
use lt_programme::Hours;

use super::kinds::Activity;
use super::policy::{ConversionMethod, ConversionRule, HourConversionPolicy};

/// What the conversion needs to know of one completed activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActivityFacts {
    pub activity: Activity,
    /// The course's credit hours (courses only).
    pub course_hours: Option<Hours>,
    /// Calendar days the session spans in Asia/Shanghai (1 for a one-day session).
    pub days: u32,
    /// The session's length in minutes.
    pub minutes: u32,
}

/// Where an activity's hours go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Allocation {
    /// Credited in the activity's own year.
    pub this_year: Hours,
    /// Carried over to the next year (the rule's `carry_over`).
    pub next_year: Hours,
    /// Over the cap and not carried: earned nothing.
    pub forfeited: Hours,
}

/// The rule for `activity`, if the policy has one (without one the activity earns nothing).
pub fn rule_for(policy: &HourConversionPolicy, activity: Activity) -> Option<&ConversionRule> {
    policy.rules.iter().find(|rule| rule.activity == activity)
}

/// What the activity earns under `rule`, before any cap.
pub fn base_hours(rule: &ConversionRule, facts: &ActivityFacts) -> Hours {
    match &rule.method {
        ConversionMethod::CourseHours => facts.course_hours.unwrap_or_default(),
        ConversionMethod::Fixed { hours } => *hours,
        ConversionMethod::PerDay { hours } => {
            Hours(hours.0.saturating_mul(i64::from(facts.days.max(1))))
        }
        ConversionMethod::DurationBands { bands } => bands
            .iter()
            .filter(|band| facts.minutes >= band.min_minutes)
            .max_by_key(|band| band.min_minutes)
            .map_or(Hours(0), |band| band.hours),
    }
}

/// Splits `earned` between this year and the next under the rule's cap, given what the
/// cadre was already credited for this activity in each year.
pub fn allocate(
    rule: &ConversionRule,
    earned: Hours,
    credited_this_year: Hours,
    credited_next_year: Hours,
) -> Allocation {
    let Some(cap) = rule.yearly_cap else {
        return Allocation {
            this_year: earned,
            ..Allocation::default()
        };
    };
    let room = |credited: Hours| Hours((cap.0 - credited.0).max(0));
    let this_year = Hours(earned.0.min(room(credited_this_year).0));
    let over = Hours(earned.0 - this_year.0);
    let next_year = if rule.carry_over {
        Hours(over.0.min(room(credited_next_year).0))
    } else {
        Hours(0)
    };
    Allocation {
        this_year,
        next_year,
        forfeited: Hours(over.0 - next_year.0),
    }
}

/// Calendar days from `first` to `last` inclusive (at least 1).
pub fn days_spanned(first: NaiveDate, last: NaiveDate) -> u32 {
    u32::try_from((last - first).num_days() + 1)
        .unwrap_or(1)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::default_hour_conversion;

    fn facts(activity: Activity, course_hours: i64, days: u32, minutes: u32) -> ActivityFacts {
        ActivityFacts {
            activity,
            course_hours: Some(Hours(course_hours)),
            days,
            minutes,
        }
    }

    #[test]
    fn each_method_converts_as_the_default_table_says() {
        let policy = default_hour_conversion();
        let earn = |f: ActivityFacts| rule_for(&policy, f.activity).map(|r| base_hours(r, &f));
        assert_eq!(
            earn(facts(Activity::WeekendClass, 300, 1, 180)),
            Some(Hours(300)),
            "the course's hours"
        );
        assert_eq!(
            earn(facts(Activity::ClassifiedTraining, 0, 5, 2400)),
            Some(Hours(3000)),
            "5 party-school days × 6"
        );
        assert_eq!(
            earn(facts(Activity::OnlineCourse, 0, 1, 45)),
            Some(Hours(100)),
            "30 minutes or more: 1"
        );
        assert_eq!(
            earn(facts(Activity::OnlineCourse, 0, 1, 20)),
            Some(Hours(50)),
            "15–30 minutes: 0.5"
        );
        assert_eq!(
            earn(facts(Activity::OnlineCourse, 0, 1, 5)),
            Some(Hours(25)),
            "under 15: 0.25"
        );
        assert_eq!(
            earn(facts(Activity::SelfStudy, 0, 1, 0)),
            Some(Hours(1000)),
            "a certificate: 10"
        );
    }

    #[test]
    fn caps_forfeit_or_carry_the_excess() {
        let policy = default_hour_conversion();
        let meeting = rule_for(&policy, Activity::OfficeMeetingStudy).expect("rule");
        // 24 a year, no carry-over: 20 already, 6 more earns 4.
        assert_eq!(
            allocate(meeting, Hours(600), Hours(2000), Hours(0)),
            Allocation {
                this_year: Hours(400),
                next_year: Hours(0),
                forfeited: Hours(200)
            }
        );
        let self_study = rule_for(&policy, Activity::SelfStudy).expect("rule");
        // 20 a year with carry-over: 15 already, 10 more: 5 now, 5 next year.
        assert_eq!(
            allocate(self_study, Hours(1000), Hours(1500), Hours(0)),
            Allocation {
                this_year: Hours(500),
                next_year: Hours(500),
                forfeited: Hours(0)
            }
        );
        // Next year nearly full too: what neither year holds is forfeited.
        assert_eq!(
            allocate(self_study, Hours(1000), Hours(2000), Hours(1800)),
            Allocation {
                this_year: Hours(0),
                next_year: Hours(200),
                forfeited: Hours(800)
            }
        );
        let lecture = rule_for(&policy, Activity::MonthlyLecture).expect("rule");
        assert_eq!(
            allocate(lecture, Hours(300), Hours(99_999), Hours(0)).this_year,
            Hours(300),
            "no cap"
        );
    }

    #[test]
    fn days_count_calendar_days() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 5, d).expect("date");
        assert_eq!(days_spanned(day(11), day(15)), 5);
        assert_eq!(days_spanned(day(11), day(11)), 1);
    }
}
