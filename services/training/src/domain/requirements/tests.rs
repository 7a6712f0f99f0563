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
