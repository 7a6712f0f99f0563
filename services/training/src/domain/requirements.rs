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
mod tests {
    use super::*;
    use crate::domain::policy::default_requirements;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn credit(y: i32, m: u32, d: u32, hours: i64, online: bool) -> Credit {
        Credit {
            year: y,
            day: day(y, m, d),
            hours: Hours::whole(hours),
            online,
        }
    }

    fn held(rank: &str, from: NaiveDate) -> RankHeld {
        RankHeld {
            rank: rank.into(),
            from,
        }
    }

    #[test]
    fn a_township_cadre_is_measured_over_the_year_pro_rata() {
        let policy = default_requirements();
        let history = [held("一级主任科员", day(2020, 1, 1))];
        // 1 July 2026: 181 of 365 days gone by → 90 × 181 / 365 = 44.63 expected.
        let credits = [credit(2026, 3, 1, 40, false), credit(2026, 4, 1, 30, true)];
        let mid = progress(
            &policy,
            "一级主任科员",
            &history,
            &credits,
            2026,
            day(2026, 6, 30),
        );
        assert_eq!(mid.category, Some(RankCategory::TownshipAndBelow));
        assert_eq!((mid.period_first_year, mid.period_last_year), (2026, 2026));
        assert_eq!(mid.required, Hours::whole(90));
        assert_eq!(mid.expected_by_now, Hours(4463));
        assert_eq!(mid.earned, Hours::whole(70));
        assert_eq!(mid.online_earned, Hours::whole(30));
        assert_eq!(
            mid.standing,
            Standing::OnTrack,
            "70 ≥ 44.63 and 30 online ≥ 24.79"
        );
        // The year over with 70 of 90: behind.
        let after = progress(
            &policy,
            "一级主任科员",
            &history,
            &credits,
            2026,
            day(2027, 2, 1),
        );
        assert_eq!(after.expected_by_now, Hours::whole(90));
        assert_eq!(after.standing, Standing::Behind);
        let full = [credit(2026, 3, 1, 45, false), credit(2026, 4, 1, 50, true)];
        assert_eq!(
            progress(&policy, "科员", &[], &full, 2026, day(2026, 12, 31)).standing,
            Standing::Met
        );
    }

    #[test]
    fn a_county_leader_is_measured_over_the_five_year_cycle() {
        let policy = default_requirements();
        let credits = [
            credit(2024, 5, 1, 200, false),
            credit(2026, 5, 1, 100, false),
            credit(2026, 6, 1, 50, true),
        ];
        let p = progress(&policy, "正处级", &[], &credits, 2026, day(2026, 12, 31));
        assert_eq!((p.period_first_year, p.period_last_year), (2023, 2027));
        assert_eq!(p.required, Hours::whole(550));
        assert_eq!(p.earned, Hours::whole(350));
        // 1461 of 1826 days (2023-01-01 … 2026-12-31 inclusive) → 550 × 1461 / 1826 = 440.06.
        assert_eq!(p.expected_by_now, Hours(44006));
        assert_eq!(p.standing, Standing::Behind);
        assert_eq!(
            period_years(&policy, &policy.requirements[0], 2029),
            (2028, 2032)
        );
        assert_eq!(
            period_years(&policy, &policy.requirements[0], 2022),
            (2018, 2022)
        );
    }

    #[test]
    fn a_promotion_across_categories_leaves_a_catch_up_of_one_year() {
        let policy = default_requirements();
        // Promoted on 1 July 2026 (day 182 of 365) with 20 hours earned by then: owed
        // 90 × 181 / 365 = 44.63 − 20 = 24.63, due by 30 June 2027.
        let history = [
            held("一级主任科员", day(2019, 1, 1)),
            held("副处级", day(2026, 7, 1)),
        ];
        let credits = [credit(2026, 3, 1, 20, false)];
        let open = progress(&policy, "副处级", &history, &credits, 2026, day(2026, 9, 1));
        assert_eq!(open.category, Some(RankCategory::CountyAndAbove));
        let catch_up = &open.catch_ups[0];
        assert_eq!(catch_up.from_category, RankCategory::TownshipAndBelow);
        assert_eq!(catch_up.owed, Hours(2463));
        assert_eq!(catch_up.due_by, day(2027, 6, 30));
        assert_eq!(catch_up.status, CatchUpStatus::Open);
        // Earned after the promotion, within the year: met.
        let more = [
            credit(2026, 3, 1, 20, false),
            credit(2026, 10, 1, 30, false),
        ];
        let met = progress(&policy, "副处级", &history, &more, 2026, day(2026, 11, 1));
        assert_eq!(met.catch_ups[0].earned_since, Hours::whole(30));
        assert_eq!(met.catch_ups[0].status, CatchUpStatus::Met);
        // Nothing earned and the year is up: overdue, and the cadre is behind.
        let late = progress(&policy, "副处级", &history, &credits, 2027, day(2027, 7, 1));
        assert_eq!(late.catch_ups[0].status, CatchUpStatus::Overdue);
        assert_eq!(late.standing, Standing::Behind);
        // Within one category a promotion leaves no catch-up: the period's requirement goes on.
        let within = [
            held("科员", day(2019, 1, 1)),
            held("一级主任科员", day(2026, 7, 1)),
        ];
        assert!(
            progress(
                &policy,
                "一级主任科员",
                &within,
                &credits,
                2026,
                day(2026, 9, 1)
            )
            .catch_ups
            .is_empty()
        );
    }

    #[test]
    fn ranks_map_by_text_with_a_default_or_none() {
        let mut policy = default_requirements();
        assert_eq!(
            category_of(&policy, " 副处级 "),
            Some(RankCategory::CountyAndAbove)
        );
        assert_eq!(
            category_of(&policy, "见习"),
            Some(RankCategory::TownshipAndBelow),
            "the default"
        );
        policy.default_category = None;
        assert_eq!(category_of(&policy, "见习"), None);
        let p = progress(&policy, "见习", &[], &[], 2026, day(2026, 5, 1));
        assert_eq!(p.standing, Standing::NotSubject);
        let history = [
            held("科员", day(2020, 1, 1)),
            held("副处级", day(2026, 7, 1)),
        ];
        assert_eq!(rank_on(&history, "副处级", day(2026, 6, 30)), "科员");
        assert_eq!(rank_on(&history, "副处级", day(2026, 7, 1)), "副处级");
        assert_eq!(
            rank_on(&history, "副处级", day(2010, 1, 1)),
            "科员",
            "before any history: the first"
        );
    }
}
