//! Required hours (学时要求): where a cadre stands in a year under the requirements policy.
//!
//! - The cadre's category comes from their rank (identity's free text, mapped by the policy)
//!   in force at the end of the period, or today while the period runs.
//! - A yearly requirement (乡科级: 90) is measured over the year; a multi-year one (县处级:
//!   550 per 5 years) over the period counted from `cycle_start_year` that contains the year.
//! - **Behind** means below the pro-rata share of the requirement for the days of the period
//!   gone by (rounded down to 0.01 学时), or of the online hours for the year, or with a
//!   catch-up overdue. **Met** means the whole requirement and the year's online hours are
//!   earned. Otherwise **on track**.
//! - **Catch-up**: when a rank change moves a cadre to another category, what they owed
//!   under the old category for the days of its period before the change (pro rata, less
//!   what they had earned by then) must be earned within `catch_up_months` after it. Hours
//!   earned in that time count towards the catch-up and the new requirement alike.

use chrono::{Datelike, Months, NaiveDate};
use lt_programme::Hours;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::kinds::RankCategory;
use super::policy::{Requirement, RequirementsPolicy};

/// One credited amount, as requirements see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Credit {
    /// The year it counts in (a carried-over credit counts in the next year).
    pub year: i32,
    /// The day it was earned (a carried-over credit: 1 January of its year).
    pub day: NaiveDate,
    pub hours: Hours,
    pub online: bool,
}

/// A rank held from a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankHeld {
    pub rank: String,
    pub from: NaiveDate,
}

/// Where a cadre stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Met,
    OnTrack,
    Behind,
    /// The rank maps to no category and the policy has no default: no requirement.
    NotSubject,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CatchUpStatus {
    Met,
    Open,
    Overdue,
}

/// Hours owed from before a change of category, and how they are being made up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CatchUp {
    /// The day the new rank took effect.
    pub changed_on: NaiveDate,
    pub from_category: RankCategory,
    pub to_category: Option<RankCategory>,
    /// Owed under the old category for the days of its period before the change.
    pub owed: Hours,
    /// The last day to earn them.
    pub due_by: NaiveDate,
    /// Earned from the change until `due_by` (or today).
    pub earned_since: Hours,
    pub status: CatchUpStatus,
}

/// A cadre's progress in one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Progress {
    pub year: i32,
    /// The rank the category was taken from.
    pub rank: String,
    pub category: Option<RankCategory>,
    /// First and last year of the period the requirement is measured over.
    pub period_first_year: i32,
    pub period_last_year: i32,
    pub required: Hours,
    pub earned: Hours,
    /// The pro-rata share of `required` for the days gone by (all of it once the period is over).
    pub expected_by_now: Hours,
    pub online_required: Hours,
    pub online_earned: Hours,
    pub standing: Standing,
    pub catch_ups: Vec<CatchUp>,
}

/// The category of `rank` under `policy` (exact match after trimming, else the default).
pub fn category_of(policy: &RequirementsPolicy, rank: &str) -> Option<RankCategory> {
    let rank = lt_http::validation::trimmed(rank);
    policy
        .rank_categories
        .iter()
        .find(|m| lt_http::validation::trimmed(&m.rank) == rank)
        .map(|m| m.category)
        .or(policy.default_category)
}

/// The rank in force on `day`: the latest one held from that day or before, else the
/// earliest one (history may start after `day`), else `current`.
pub fn rank_on<'a>(history: &'a [RankHeld], current: &'a str, day: NaiveDate) -> &'a str {
    history
        .iter()
        .filter(|held| held.from <= day)
        .max_by_key(|held| held.from)
        .or_else(|| history.iter().min_by_key(|held| held.from))
        .map_or(current, |held| held.rank.as_str())
}

fn requirement_of(policy: &RequirementsPolicy, category: RankCategory) -> Option<&Requirement> {
    policy.requirements.iter().find(|r| r.category == category)
}

/// First and last year of the period of `requirement` containing `year`.
pub fn period_years(
    policy: &RequirementsPolicy,
    requirement: &Requirement,
    year: i32,
) -> (i32, i32) {
    let length = i32::from(requirement.period_years.max(1));
    let first =
        policy.cycle_start_year + (year - policy.cycle_start_year).div_euclid(length) * length;
    (first, first + length - 1)
}

fn first_day(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default()
}

/// `total × part / whole`, rounded down to 0.01 学时.
fn pro_rata(total: Hours, part: i64, whole: i64) -> Hours {
    if whole <= 0 {
        return total;
    }
    Hours(((i128::from(total.0) * i128::from(part.clamp(0, whole))) / i128::from(whole)) as i64)
}

/// Share of `required` due by `day` over the years `first..=last`.
fn expected_by(required: Hours, first: i32, last: i32, day: NaiveDate) -> Hours {
    let start = first_day(first);
    let end = first_day(last + 1);
    pro_rata(required, (day - start).num_days(), (end - start).num_days())
}

fn earned(
    credits: &[Credit],
    first: i32,
    last: i32,
    before: Option<NaiveDate>,
    online: Option<bool>,
) -> Hours {
    credits
        .iter()
        .filter(|c| (first..=last).contains(&c.year))
        .filter(|c| before.is_none_or(|day| c.day < day))
        .filter(|c| online.is_none_or(|o| c.online == o))
        .map(|c| c.hours)
        .sum()
}

/// Catch-ups from changes of category in `history` that matter in `year`: changed by
/// `today` and due no earlier than the year's first day.
fn catch_ups(
    policy: &RequirementsPolicy,
    history: &[RankHeld],
    credits: &[Credit],
    year: i32,
    today: NaiveDate,
) -> Vec<CatchUp> {
    let mut sorted: Vec<&RankHeld> = history.iter().collect();
    sorted.sort_by_key(|held| held.from);
    let mut found = Vec::new();
    for pair in sorted.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        let changed_on = after.from;
        let (Some(from_category), to_category) = (
            category_of(policy, &before.rank),
            category_of(policy, &after.rank),
        ) else {
            continue;
        };
        if Some(from_category) == to_category || changed_on > today {
            continue;
        }
        let Some(requirement) = requirement_of(policy, from_category) else {
            continue;
        };
        let last_day_before = changed_on.pred_opt().unwrap_or(changed_on);
        let (first, last) = period_years(policy, requirement, last_day_before.year());
        let due_share = expected_by(requirement.hours, first, last, changed_on);
        let had = earned(credits, first, last, Some(changed_on), None);
        let owed = Hours((due_share.0 - had.0).max(0));
        if owed.0 == 0 {
            continue;
        }
        let due_by = changed_on
            .checked_add_months(Months::new(policy.catch_up_months))
            .and_then(|d| d.pred_opt())
            .unwrap_or(changed_on);
        if due_by < first_day(year) {
            continue;
        }
        let earned_since: Hours = credits
            .iter()
            .filter(|c| c.day >= changed_on && c.day <= due_by)
            .map(|c| c.hours)
            .sum();
        let status = if earned_since >= owed {
            CatchUpStatus::Met
        } else if today > due_by {
            CatchUpStatus::Overdue
        } else {
            CatchUpStatus::Open
        };
        found.push(CatchUp {
            changed_on,
            from_category,
            to_category,
            owed,
            due_by,
            earned_since,
            status,
        });
    }
    found
}

/// Where a cadre stands in `year`, seen on `today`.
pub fn progress(
    policy: &RequirementsPolicy,
    current_rank: &str,
    history: &[RankHeld],
    credits: &[Credit],
    year: i32,
    today: NaiveDate,
) -> Progress {
    let catch_ups = catch_ups(policy, history, credits, year, today);
    let year_end = first_day(year + 1).pred_opt().unwrap_or_default();
    let online_required = policy.online_hours_per_year;
    let online_earned = earned(credits, year, year, None, Some(true));
    let online_expected = expected_by(
        online_required,
        year,
        year,
        today.min(year_end).succ_opt().unwrap_or(today),
    );
    let rank_day = today.min(year_end);
    let rank = rank_on(history, current_rank, rank_day).to_owned();
    let category = category_of(policy, &rank);
    let Some(requirement) = category.and_then(|c| requirement_of(policy, c)) else {
        return Progress {
            year,
            rank,
            category,
            period_first_year: year,
            period_last_year: year,
            required: Hours(0),
            earned: Hours(0),
            expected_by_now: Hours(0),
            online_required,
            online_earned,
            standing: Standing::NotSubject,
            catch_ups,
        };
    };
    let (first, last) = period_years(policy, requirement, year);
    let period_end = first_day(last + 1);
    // Days gone by: up to and including today, never past the period.
    let counted_to = today.succ_opt().unwrap_or(today).min(period_end);
    let expected_by_now = expected_by(requirement.hours, first, last, counted_to);
    let earned_hours = earned(credits, first, last, None, None);
    let met = earned_hours >= requirement.hours && online_earned >= online_required;
    let overdue = catch_ups.iter().any(|c| c.status == CatchUpStatus::Overdue);
    let standing = if met && !overdue {
        Standing::Met
    } else if earned_hours < expected_by_now || online_earned < online_expected || overdue {
        Standing::Behind
    } else {
        Standing::OnTrack
    };
    Progress {
        year,
        rank,
        category,
        period_first_year: first,
        period_last_year: last,
        required: requirement.hours,
        earned: earned_hours,
        expected_by_now,
        online_required,
        online_earned,
        standing,
        catch_ups,
    }
}

#[cfg(test)]
mod tests;
