//! Version 1 of every policy: the 2023 条例 and national-plan defaults.

use chrono::NaiveDate;
use lt_programme::{Fen, Hours};

use super::{
    AttendancePolicy, ConversionMethod, ConversionRule, DurationBand, HourConversionPolicy,
    RankMapping, ReimbursementPolicy, Requirement, RequirementsPolicy,
};
use crate::domain::kinds::{Activity, DegreeLevel, RankCategory};

/// The day version 1 of every policy takes effect.
pub fn default_effective_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default()
}

const COUNTY_RANKS: &[&str] = &[
    "正厅级",
    "副厅级",
    "正处级",
    "副处级",
    "正县级",
    "副县级",
    "县处级正职",
    "县处级副职",
    "一级巡视员",
    "二级巡视员",
    "一级调研员",
    "二级调研员",
    "三级调研员",
    "四级调研员",
];
const TOWNSHIP_RANKS: &[&str] = &[
    "正科级",
    "副科级",
    "乡科级正职",
    "乡科级副职",
    "一级主任科员",
    "二级主任科员",
    "三级主任科员",
    "四级主任科员",
    "一级科员",
    "二级科员",
    "科员",
    "办事员",
];

/// The 2023 条例 defaults: 550 学时 per 5 years for 县处级 and above, 90 a year for 乡科级
/// and below, 50 online 学时 a year for all, one year to catch up after a promotion.
pub fn default_requirements() -> RequirementsPolicy {
    let map = |ranks: &'static [&'static str], category| {
        ranks.iter().map(move |rank| RankMapping {
            rank: (*rank).to_owned(),
            category,
        })
    };
    RequirementsPolicy {
        rank_categories: map(COUNTY_RANKS, RankCategory::CountyAndAbove)
            .chain(map(TOWNSHIP_RANKS, RankCategory::TownshipAndBelow))
            .collect(),
        default_category: Some(RankCategory::TownshipAndBelow),
        requirements: vec![
            Requirement {
                category: RankCategory::CountyAndAbove,
                hours: Hours::whole(550),
                period_years: 5,
            },
            Requirement {
                category: RankCategory::TownshipAndBelow,
                hours: Hours::whole(90),
                period_years: 1,
            },
        ],
        online_hours_per_year: Hours::whole(50),
        cycle_start_year: 2023,
        catch_up_months: 12,
    }
}

/// Default conversion: courses earn their credit hours; a party-school training class 6 学时
/// a day; online courses by length; office-meeting study at most 24 a year; self-study
/// certificates 10 each, at most 20 a year, the rest carried to the next year.
pub fn default_hour_conversion() -> HourConversionPolicy {
    let rule = |activity, method, yearly_cap: Option<i64>, carry_over, online| ConversionRule {
        activity,
        method,
        yearly_cap: yearly_cap.map(Hours::whole),
        carry_over,
        online,
    };
    use Activity::*;
    use ConversionMethod::*;
    HourConversionPolicy {
        rules: vec![
            rule(MonthlyLecture, CourseHours, None, false, false),
            rule(WeekendClass, CourseHours, None, false, false),
            rule(ExpertLecture, CourseHours, None, false, false),
            rule(
                ClassifiedTraining,
                PerDay {
                    hours: Hours::whole(6),
                },
                None,
                false,
                false,
            ),
            rule(OfficeMeetingStudy, CourseHours, Some(24), false, false),
            rule(OnSiteObservation, CourseHours, None, false, false),
            rule(PracticeDrill, CourseHours, None, false, false),
            rule(
                OnlineCourse,
                DurationBands {
                    bands: vec![
                        DurationBand {
                            min_minutes: 0,
                            hours: Hours(25),
                        },
                        DurationBand {
                            min_minutes: 15,
                            hours: Hours(50),
                        },
                        DurationBand {
                            min_minutes: 30,
                            hours: Hours(100),
                        },
                    ],
                },
                None,
                false,
                true,
            ),
            rule(
                SelfStudy,
                Fixed {
                    hours: Hours::whole(10),
                },
                Some(20),
                true,
                false,
            ),
        ],
    }
}

/// Default reimbursement: half the tuition, at most ¥5,000 a year, every level.
pub fn default_reimbursement() -> ReimbursementPolicy {
    ReimbursementPolicy {
        share_percent: 50,
        yearly_cap_fen: Fen(500_000),
        eligible_levels: vec![
            DegreeLevel::Associate,
            DegreeLevel::Bachelor,
            DegreeLevel::Master,
            DegreeLevel::Doctorate,
        ],
    }
}

/// Default attendance: leave up to 1/7 of full-time training; check-in from 30 minutes
/// before to 30 minutes after the start; codes valid 60 seconds.
pub fn default_attendance() -> AttendancePolicy {
    AttendancePolicy {
        leave_limit_numerator: 1,
        leave_limit_denominator: 7,
        check_in_opens_minutes_before: 30,
        check_in_closes_minutes_after: 30,
        check_in_code_seconds: 60,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::governing_day;
    use lt_http::Validate;

    #[test]
    fn the_defaults_are_valid_and_say_what_the_regulations_say() {
        assert!(default_requirements().validate().is_ok());
        assert!(default_hour_conversion().validate().is_ok());
        assert!(default_reimbursement().validate().is_ok());
        assert!(default_attendance().validate().is_ok());
        let requirements = serde_json::to_value(default_requirements()).expect("json");
        assert_eq!(requirements["requirements"][0]["hours"], "550.00");
        assert_eq!(requirements["online_hours_per_year"], "50.00");
        let conversion = serde_json::to_value(default_hour_conversion()).expect("json");
        assert_eq!(conversion["rules"][3]["method"], "per_day");
        assert_eq!(conversion["rules"][3]["hours"], "6.00");
    }

    #[test]
    fn documents_read_back_what_they_wrote_and_refuse_unknown_fields() {
        let conversion = default_hour_conversion();
        let text = serde_json::to_string(&conversion).expect("json");
        let back: HourConversionPolicy = serde_json::from_str(&text).expect("read back");
        assert_eq!(back, conversion);
        let unknown = r#"{"rules": [{"activity": "self_study", "method": "fixed", "hours": "1.00", "colour": "red"}]}"#;
        assert!(serde_json::from_str::<HourConversionPolicy>(unknown).is_err());
        let requirements = default_requirements();
        let back: RequirementsPolicy =
            serde_json::from_str(&serde_json::to_string(&requirements).expect("json"))
                .expect("read back");
        assert_eq!(back, requirements);
    }

    #[test]
    fn invalid_documents_name_the_field() {
        let mut conversion = default_hour_conversion();
        conversion.rules[0].carry_over = true;
        conversion.rules.push(conversion.rules[1].clone());
        let fields: Vec<String> = conversion
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["rules[0].carry_over", "rules[9].activity"]);
        let mut attendance = default_attendance();
        attendance.leave_limit_numerator = 8;
        assert!(attendance.validate().is_err());
    }

    #[test]
    fn a_year_is_governed_by_its_last_day_or_today() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("day");
        assert_eq!(governing_day(2025, day(2026, 12, 1)), day(2025, 12, 31));
        assert_eq!(governing_day(2026, day(2026, 12, 1)), day(2026, 12, 1));
        assert_eq!(governing_day(2027, day(2026, 12, 1)), day(2026, 12, 1));
    }
}
