//! How every report and progress figure of the platform shows a share as a percentage: the
//! one rounding rule.
//!
//! **Rule**: a percentage has two decimal places and is rounded half up (away from zero at
//! exactly half a hundredth) from the exact fraction, in integer arithmetic: 1 of 3 is
//! `33.33`, 2 of 3 is `66.67`, 1 of 8 is `12.50`, 1 of 800 is `0.13`. Nothing of nothing is
//! no percentage (`None`), never `0.00` or `100.00`. A share of a goal is capped at
//! `100.00` by its caller (more than the goal is the goal met).

use crate::quantity::ExactDecimal;

/// `part` of `whole` as a percentage with two places, rounded half up; `None` when `whole`
/// is not positive.
pub fn percent(part: i64, whole: i64) -> Option<ExactDecimal> {
    if whole <= 0 {
        return None;
    }
    let (part, whole) = (i128::from(part), i128::from(whole));
    // hundredths of a percent = part / whole × 10 000, rounded half up (away from zero).
    let twice = part * 20_000 / whole;
    let hundredths = if twice >= 0 {
        (twice + 1) / 2
    } else {
        (twice - 1) / 2
    };
    Some(ExactDecimal {
        units: i64::try_from(hundredths).unwrap_or(if part >= 0 { i64::MAX } else { i64::MIN }),
        scale: 2,
    })
}

/// [`percent`] of a goal: `done` of `goal`, at most `100.00`; `None` without a positive goal.
pub fn percent_of_goal(done: i64, goal: i64) -> Option<ExactDecimal> {
    percent(done.clamp(0, goal.max(0)), goal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(part: i64, whole: i64) -> Option<String> {
        percent(part, whole).map(|p| p.to_string())
    }

    #[test]
    fn percentages_have_two_places_rounded_half_up() {
        assert_eq!(shown(1, 3).as_deref(), Some("33.33"));
        assert_eq!(shown(2, 3).as_deref(), Some("66.67"));
        assert_eq!(shown(1, 8).as_deref(), Some("12.50"));
        assert_eq!(shown(1, 800).as_deref(), Some("0.13"), "0.125 rounds up");
        assert_eq!(
            shown(1, 80_000).as_deref(),
            Some("0.00"),
            "0.00125 rounds down"
        );
        assert_eq!(shown(30, 30).as_deref(), Some("100.00"));
        assert_eq!(
            shown(-1, 800).as_deref(),
            Some("-0.13"),
            "half away from zero"
        );
        assert_eq!(shown(0, 0), None);
        assert_eq!(shown(5, -1), None);
    }

    #[test]
    fn a_goal_share_stops_at_a_hundred() {
        assert_eq!(
            percent_of_goal(12, 10).map(|p| p.to_string()).as_deref(),
            Some("100.00")
        );
        assert_eq!(
            percent_of_goal(-3, 10).map(|p| p.to_string()).as_deref(),
            Some("0.00")
        );
        assert_eq!(percent_of_goal(1, 0), None);
    }
}
