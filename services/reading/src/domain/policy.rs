//! Reading's policies, data in the platform's `policy_versions` (never constants in code):
//! circulation rules by reader category and item type (as Koha keeps them), and the limits
//! of reading logs. Version 1 of each carries the defaults below; the programme office
//! publishes new versions, and each loan records the version that set its due date.

use chrono::NaiveDate;
use lt_http::validation::{check_range, check_text, field_errors};
use lt_http::{FieldError, Validate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The kinds of reading policy, each versioned on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyKind {
    Circulation,
    ReadingLog,
}

impl PolicyKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Circulation => "circulation",
            Self::ReadingLog => "reading_log",
        }
    }
}

/// A policy document of one kind.
pub trait PolicyDocument:
    Serialize + for<'de> Deserialize<'de> + Validate + Clone + Send + 'static
{
    const KIND: PolicyKind;
}

/// Who borrows, as circulation rules see them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReaderCategory {
    /// 县处级 and above.
    Leader,
    Staff,
}

/// What a copy is, as circulation rules see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemType {
    Book,
    Periodical,
    /// Read on the spot; a rule with `loan_days` 0 keeps it from loan.
    Reference,
}

impl ItemType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Book => "book",
            Self::Periodical => "periodical",
            Self::Reference => "reference",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Book, Self::Periodical, Self::Reference]
            .into_iter()
            .find(|t| t.as_str() == text)
    }
}

/// A rank (identity's free text) and the reader category it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReaderRank {
    #[schema(min_length = 1, max_length = 50, pattern = "\\S")]
    pub rank: String,
    pub category: ReaderCategory,
}

/// Loan terms for one reader category and item type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CirculationRule {
    pub reader_category: ReaderCategory,
    pub item_type: ItemType,
    /// Days of a loan; 0: not for loan.
    #[schema(minimum = 0, maximum = 365)]
    pub loan_days: u32,
    /// Renewals allowed per loan.
    #[schema(minimum = 0, maximum = 10)]
    pub renewals: u32,
    /// Days each renewal adds (from the due day, or from today when overdue).
    #[schema(minimum = 0, maximum = 365)]
    pub renewal_days: u32,
    /// Open loans of this item type a reader may hold at once, across shelves.
    #[schema(minimum = 0, maximum = 100)]
    pub max_open_loans: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CirculationPolicy {
    pub rank_categories: Vec<ReaderRank>,
    /// The category of a rank the list does not name.
    pub default_category: ReaderCategory,
    pub rules: Vec<CirculationRule>,
}

impl CirculationPolicy {
    pub fn category_of(&self, rank: Option<&str>) -> ReaderCategory {
        rank.and_then(|rank| self.rank_categories.iter().find(|m| m.rank == rank))
            .map_or(self.default_category, |m| m.category)
    }

    pub fn rule(&self, category: ReaderCategory, item_type: ItemType) -> Option<&CirculationRule> {
        self.rules
            .iter()
            .find(|r| r.reader_category == category && r.item_type == item_type)
    }
}

/// The limits of reading logs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadingLogPolicy {
    /// How many days back a reading may be logged (0: today only).
    #[schema(minimum = 0, maximum = 366)]
    pub backdate_days: u32,
    /// Minutes of reading one reader may log for one day (at most 24 hours).
    #[schema(minimum = 1, maximum = 1440)]
    pub max_minutes_per_day: u32,
    /// Pages one log may count.
    #[schema(minimum = 1, maximum = 100000)]
    pub max_pages_per_log: u32,
}

impl PolicyDocument for CirculationPolicy {
    const KIND: PolicyKind = PolicyKind::Circulation;
}

impl PolicyDocument for ReadingLogPolicy {
    const KIND: PolicyKind = PolicyKind::ReadingLog;
}

impl Validate for CirculationPolicy {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        for (i, mapping) in self.rank_categories.iter().enumerate() {
            check_text(
                &format!("rank_categories[{i}].rank"),
                &mapping.rank,
                50,
                &mut errors,
            );
            if self.rank_categories[..i]
                .iter()
                .any(|m| m.rank == mapping.rank)
            {
                errors.push(FieldError::new(
                    format!("rank_categories[{i}].rank"),
                    "duplicate",
                    "each rank once",
                ));
            }
        }
        for (i, rule) in self.rules.iter().enumerate() {
            let at = |field: &str| format!("rules[{i}].{field}");
            check_range(&at("loan_days"), rule.loan_days, 0..=365, &mut errors);
            check_range(&at("renewals"), rule.renewals, 0..=10, &mut errors);
            check_range(&at("renewal_days"), rule.renewal_days, 0..=365, &mut errors);
            check_range(
                &at("max_open_loans"),
                rule.max_open_loans,
                0..=100,
                &mut errors,
            );
            if self.rules[..i]
                .iter()
                .any(|r| r.reader_category == rule.reader_category && r.item_type == rule.item_type)
            {
                errors.push(FieldError::new(
                    at("item_type"),
                    "duplicate",
                    "one rule per reader category and item type",
                ));
            }
        }
        field_errors(errors)
    }
}

impl Validate for ReadingLogPolicy {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_range("backdate_days", self.backdate_days, 0..=366, &mut errors);
        check_range(
            "max_minutes_per_day",
            self.max_minutes_per_day,
            1..=1440,
            &mut errors,
        );
        check_range(
            "max_pages_per_log",
            self.max_pages_per_log,
            1..=100_000,
            &mut errors,
        );
        field_errors(errors)
    }
}

/// The day version 1 of every policy takes effect.
pub fn default_effective_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default()
}

const LEADER_RANKS: &[&str] = &[
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

/// Default circulation: books 30 days for staff, 60 for leaders (one and two renewals of
/// 30 days; 5 and 10 at once); periodicals 14 days, no renewal, 3 at once; reference items
/// not for loan.
pub fn default_circulation() -> CirculationPolicy {
    let rule = |reader_category, item_type, loan_days, renewals, renewal_days, max_open_loans| {
        CirculationRule {
            reader_category,
            item_type,
            loan_days,
            renewals,
            renewal_days,
            max_open_loans,
        }
    };
    use ItemType::{Book, Periodical, Reference};
    use ReaderCategory::{Leader, Staff};
    CirculationPolicy {
        rank_categories: LEADER_RANKS
            .iter()
            .map(|rank| ReaderRank {
                rank: (*rank).to_owned(),
                category: Leader,
            })
            .collect(),
        default_category: Staff,
        rules: vec![
            rule(Staff, Book, 30, 1, 30, 5),
            rule(Leader, Book, 60, 2, 30, 10),
            rule(Staff, Periodical, 14, 0, 0, 3),
            rule(Leader, Periodical, 14, 0, 0, 3),
            rule(Staff, Reference, 0, 0, 0, 0),
            rule(Leader, Reference, 0, 0, 0, 0),
        ],
    }
}

/// Default log limits: back-dating up to 30 days, 24 hours a day, 2,000 pages a log.
pub fn default_reading_log() -> ReadingLogPolicy {
    ReadingLogPolicy {
        backdate_days: 30,
        max_minutes_per_day: 1440,
        max_pages_per_log: 2000,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_leaders_borrow_longer() {
        let circulation = default_circulation();
        assert!(circulation.validate().is_ok());
        assert!(default_reading_log().validate().is_ok());
        assert_eq!(
            circulation.category_of(Some("副处级")),
            ReaderCategory::Leader
        );
        assert_eq!(
            circulation.category_of(Some("一级科员")),
            ReaderCategory::Staff
        );
        assert_eq!(circulation.category_of(None), ReaderCategory::Staff);
        let leader = circulation
            .rule(ReaderCategory::Leader, ItemType::Book)
            .map(|r| r.loan_days);
        assert_eq!(leader, Some(60));
    }

    #[test]
    fn a_second_rule_for_the_same_pair_names_its_field() {
        let mut circulation = default_circulation();
        circulation.rules.push(circulation.rules[0].clone());
        let fields: Vec<String> = circulation
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["rules[6].item_type"]);
    }
}
