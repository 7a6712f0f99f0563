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
    pub const fn as_str(self) -> &'static str {
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

/// The day whose policy governs `year`: its last day, or today while the year runs (a
/// version published for next year does not change this year's figures).
pub fn governing_day(year: i32, today: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).map_or(today, |last| last.min(today))
}

mod defaults;

pub use defaults::{
    default_attendance, default_effective_from, default_hour_conversion, default_reimbursement,
    default_requirements,
};
