//! Policies are data, never constants in code: each kind is a series of versions, each in
//! force from a day (Asia/Shanghai) until a later version starts. A new version never
//! rewrites what an earlier one produced (hours credited record the version that credited
//! them). Version 1 of each kind carries the defaults below, from the 干部教育培训工作条例
//! (2023) and the 2023–2027 national plan; the programme office publishes new versions.

use chrono::NaiveDate;
use lt_http::validation::{check_text, field_errors};
use lt_http::{FieldError, Validate};
use lt_programme::{Fen, Hours};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::kinds::{Activity, DegreeLevel, RankCategory};

/// The kinds of policy, each versioned on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyKind {
    Requirements,
    HourConversion,
    Reimbursement,
    Attendance,
}

impl PolicyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requirements => "requirements",
            Self::HourConversion => "hour_conversion",
            Self::Reimbursement => "reimbursement",
            Self::Attendance => "attendance",
        }
    }
}

/// A policy document of one kind.
pub trait PolicyDocument: Serialize + for<'de> Deserialize<'de> + Validate + Clone {
    const KIND: PolicyKind;
}

/// A rank (as identity names it, exact text) and its category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RankMapping {
    #[schema(min_length = 1, max_length = 64, pattern = "\\S")]
    pub rank: String,
    pub category: RankCategory,
}

/// Hours a rank category must earn in each period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub category: RankCategory,
    /// Hours to earn in each period.
    pub hours: Hours,
    /// Length of the period in years: 1 (every year) or more (e.g. 5: 550 学时 every 5 years).
    #[schema(minimum = 1, maximum = 10)]
    pub period_years: u8,
}

/// Required hours (学时要求): who must earn how much, and the catch-up after a promotion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequirementsPolicy {
    /// Ranks mapped to categories (identity's rank is free text; exact match after trimming).
    pub rank_categories: Vec<RankMapping>,
    /// The category of a rank the list does not name; absent: such cadres have no requirement.
    pub default_category: Option<RankCategory>,
    pub requirements: Vec<Requirement>,
    /// Online hours (网络学习) every cadre must earn each year, on top of the requirement.
    pub online_hours_per_year: Hours,
    /// Multi-year periods are counted from this year: with 2023, the 5-year periods are
    /// 2023–2027, 2028–2032, …
    #[schema(minimum = 2000, maximum = 2100)]
    pub cycle_start_year: i32,
    /// A cadre whose category changes (a promotion across categories) before meeting the
    /// old requirement completes the shortfall within this many months.
    #[schema(minimum = 0, maximum = 60)]
    pub catch_up_months: u32,
}

/// How an activity converts to hours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum ConversionMethod {
    /// The course's own credit hours.
    CourseHours,
    /// The same hours for every completion (a self-study certificate, a passed test).
    Fixed { hours: Hours },
    /// Hours per calendar day the session spans (one party-school day = 6 学时).
    PerDay { hours: Hours },
    /// By the session's length: the band with the highest `min_minutes` the length reaches
    /// (online: 30 min or more = 1 学时, 15–30 = 0.5, under 15 = 0.25).
    DurationBands {
        #[schema(min_items = 1)]
        bands: Vec<DurationBand>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DurationBand {
    #[schema(minimum = 0, maximum = 100000)]
    pub min_minutes: u32,
    pub hours: Hours,
}

/// The conversion of one activity. (Its method's fields sit beside its own, so unknown
/// fields are refused by the method, not here: serde cannot deny them across a flatten.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConversionRule {
    pub activity: Activity,
    #[serde(flatten)]
    pub method: ConversionMethod,
    /// Most hours of this activity credited to a cadre in a year; beyond it nothing, or
    /// the next year when `carry_over`.
    pub yearly_cap: Option<Hours>,
    /// Hours beyond the cap count in the next year instead (up to that year's cap).
    #[serde(default)]
    pub carry_over: bool,
    /// The hours count towards the online requirement.
    #[serde(default)]
    pub online: bool,
}

/// Hour conversion (学时折算): one rule per activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HourConversionPolicy {
    pub rules: Vec<ConversionRule>,
}

/// Tuition reimbursement (学费报销) for approved in-service degree study.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReimbursementPolicy {
    /// Share of tuition reimbursed, in whole percent.
    #[schema(minimum = 0, maximum = 100)]
    pub share_percent: u32,
    /// Most reimbursed to one cadre in a year, in fen.
    #[schema(value_type = i64, minimum = 0, maximum = 10000000000_i64)]
    pub yearly_cap_fen: Fen,
    /// Degree levels that may be reimbursed.
    pub eligible_levels: Vec<DegreeLevel>,
}

/// Attendance: leave during full-time training, and venue check-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendancePolicy {
    /// Leave during full-time (脱产) training may not exceed this share of its hours
    /// (numerator / denominator, 1/7 by default), or the cadre is withdrawn.
    #[schema(minimum = 1, maximum = 1000)]
    pub leave_limit_numerator: u32,
    #[schema(minimum = 1, maximum = 1000)]
    pub leave_limit_denominator: u32,
    /// Check-in opens this many minutes before a session starts.
    #[schema(minimum = 0, maximum = 1440)]
    pub check_in_opens_minutes_before: u32,
    /// Check-in closes this many minutes after the start (checking in after the start is late).
    #[schema(minimum = 0, maximum = 1440)]
    pub check_in_closes_minutes_after: u32,
    /// How long one check-in code is valid (the venue display rotates it).
    #[schema(minimum = 10, maximum = 3600)]
    pub check_in_code_seconds: u32,
}

impl PolicyDocument for RequirementsPolicy {
    const KIND: PolicyKind = PolicyKind::Requirements;
}
impl PolicyDocument for HourConversionPolicy {
    const KIND: PolicyKind = PolicyKind::HourConversion;
}
impl PolicyDocument for ReimbursementPolicy {
    const KIND: PolicyKind = PolicyKind::Reimbursement;
}
impl PolicyDocument for AttendancePolicy {
    const KIND: PolicyKind = PolicyKind::Attendance;
}

fn check_hours(field: &str, hours: Hours, errors: &mut Vec<FieldError>) {
    if hours.0 < 0 {
        errors.push(FieldError::new(
            field,
            "out_of_range",
            "must not be negative",
        ));
    } else if hours.0 > 1_000_000 {
        errors.push(FieldError::new(field, "out_of_range", "at most 10000.00"));
    }
}

impl Validate for RequirementsPolicy {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, mapping) in self.rank_categories.iter().enumerate() {
            check_text(
                &format!("rank_categories[{i}].rank"),
                &mapping.rank,
                64,
                &mut errors,
            );
            if !seen.insert(lt_http::validation::trimmed(&mapping.rank)) {
                errors.push(FieldError::new(
                    format!("rank_categories[{i}].rank"),
                    "duplicate",
                    "mapped twice",
                ));
            }
        }
        let mut categories = std::collections::HashSet::new();
        for (i, requirement) in self.requirements.iter().enumerate() {
            check_hours(
                &format!("requirements[{i}].hours"),
                requirement.hours,
                &mut errors,
            );
            if !(1..=10).contains(&requirement.period_years) {
                errors.push(FieldError::new(
                    format!("requirements[{i}].period_years"),
                    "out_of_range",
                    "between 1 and 10",
                ));
            }
            if !categories.insert(requirement.category) {
                errors.push(FieldError::new(
                    format!("requirements[{i}].category"),
                    "duplicate",
                    "one requirement per category",
                ));
            }
        }
        check_hours(
            "online_hours_per_year",
            self.online_hours_per_year,
            &mut errors,
        );
        if !(2000..=2100).contains(&self.cycle_start_year) {
            errors.push(FieldError::new(
                "cycle_start_year",
                "out_of_range",
                "between 2000 and 2100",
            ));
        }
        if self.catch_up_months > 60 {
            errors.push(FieldError::new(
                "catch_up_months",
                "out_of_range",
                "at most 60",
            ));
        }
        field_errors(errors)
    }
}

impl Validate for HourConversionPolicy {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, rule) in self.rules.iter().enumerate() {
            if !seen.insert(rule.activity) {
                errors.push(FieldError::new(
                    format!("rules[{i}].activity"),
                    "duplicate",
                    "one rule per activity",
                ));
            }
            match &rule.method {
                ConversionMethod::CourseHours => {}
                ConversionMethod::Fixed { hours } | ConversionMethod::PerDay { hours } => {
                    check_hours(&format!("rules[{i}].hours"), *hours, &mut errors);
                }
                ConversionMethod::DurationBands { bands } => {
                    if bands.is_empty() {
                        errors.push(FieldError::new(
                            format!("rules[{i}].bands"),
                            "required",
                            "at least one band",
                        ));
                    }
                    for (j, band) in bands.iter().enumerate() {
                        check_hours(
                            &format!("rules[{i}].bands[{j}].hours"),
                            band.hours,
                            &mut errors,
                        );
                    }
                }
            }
            if let Some(cap) = rule.yearly_cap {
                check_hours(&format!("rules[{i}].yearly_cap"), cap, &mut errors);
            }
            if rule.carry_over && rule.yearly_cap.is_none() {
                errors.push(FieldError::new(
                    format!("rules[{i}].carry_over"),
                    "invalid",
                    "carry-over needs a yearly_cap",
                ));
            }
        }
        field_errors(errors)
    }
}

impl Validate for ReimbursementPolicy {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.share_percent > 100 {
            errors.push(FieldError::new(
                "share_percent",
                "out_of_range",
                "between 0 and 100",
            ));
        }
        if self.yearly_cap_fen.0 < 0 || self.yearly_cap_fen.0 > 10_000_000_000 {
            errors.push(FieldError::new(
                "yearly_cap_fen",
                "out_of_range",
                "between 0 and 10000000000",
            ));
        }
        field_errors(errors)
    }
}

impl Validate for AttendancePolicy {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let ranges: [(&str, u32, u32, u32); 5] = [
            ("leave_limit_numerator", self.leave_limit_numerator, 1, 1000),
            (
                "leave_limit_denominator",
                self.leave_limit_denominator,
                1,
                1000,
            ),
            (
                "check_in_opens_minutes_before",
                self.check_in_opens_minutes_before,
                0,
                1440,
            ),
            (
                "check_in_closes_minutes_after",
                self.check_in_closes_minutes_after,
                0,
                1440,
            ),
            (
                "check_in_code_seconds",
                self.check_in_code_seconds,
                10,
                3600,
            ),
        ];
        for (field, value, min, max) in ranges {
            lt_http::validation::check_range(field, value, min..=max, &mut errors);
        }
        if self.leave_limit_numerator > self.leave_limit_denominator {
            errors.push(FieldError::new(
                "leave_limit_numerator",
                "out_of_range",
                "a share of at most 1",
            ));
        }
        field_errors(errors)
    }
}

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
}
