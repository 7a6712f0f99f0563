//! Worked examples of ranking, tie-breaks and awards.

use super::*;

#[test]
fn tie_break_by_top_criterion() {
    // Weights 60/40, max 10/10. x: 8, 6 → 48 + 24 = 72; y: 6, 9 → 36 + 36 = 72.
    // Equal means; x has more on the top-weighted criterion "a". z: 80, alone.
    let criteria = vec![criterion("a", 60, 10), criterion("b", 40, 10)];
    let sheets = [
        sheet("j", "x", &[("a", 800), ("b", 600)]),
        sheet("j", "y", &[("a", 600), ("b", 900)]),
        sheet("j", "z", &[("a", 800), ("b", 800)]),
    ];
    let results = aggregate(
        &criteria,
        &ids(&["y", "z", "x"]),
        &sheets,
        &rules(Method::Mean),
    );
    assert_eq!(
        order(&results),
        [("z", Some(1)), ("x", Some(2)), ("y", Some(3))]
    );
    assert_eq!(tie(&results[0]), None);
    assert_eq!(tie(&results[1]), Some(TIE_TOP_CRITERION));
    assert_eq!(tie(&results[2]), Some(TIE_TOP_CRITERION));
}

#[test]
fn tie_break_by_median() {
    // x: 70, 80, 90 → mean 80, median 80; y: 60, 85, 95 → mean 80, median 85.
    // One criterion, so the top-criterion means are equal too; y wins on the median.
    let mut sheets = Vec::new();
    for (j, x, y) in [("a", 7000, 6000), ("b", 8000, 8500), ("c", 9000, 9500)] {
        sheets.push(on(j, "x", x));
        sheets.push(on(j, "y", y));
    }
    let results = run(Method::Mean, &["x", "y"], &sheets);
    assert_eq!(order(&results), [("y", Some(1)), ("x", Some(2))]);
    assert!(results.iter().all(|r| tie(r) == Some(TIE_MEDIAN)));
}

#[test]
fn tie_break_by_fewer_below_mean() {
    // x: 60, 80, 80, 90, 90 → mean 80, median 80, one value below 80.
    // y: 70, 70, 80, 80, 100 → mean 80, median 80, two values below 80. x first.
    let mut sheets = Vec::new();
    for (j, x, y) in [
        ("a", 6000, 7000),
        ("b", 8000, 7000),
        ("c", 8000, 8000),
        ("d", 9000, 8000),
        ("e", 9000, 10000),
    ] {
        sheets.push(on(j, "x", x));
        sheets.push(on(j, "y", y));
    }
    let results = run(Method::Mean, &["y", "x"], &sheets);
    assert_eq!(order(&results), [("x", Some(1)), ("y", Some(2))]);
    assert_eq!(
        (results[0].steps.below_mean, results[1].steps.below_mean),
        (1, 2)
    );
    assert!(results.iter().all(|r| tie(r) == Some(TIE_FEWER_BELOW_MEAN)));
}

#[test]
fn fully_equal_entries_share_a_rank() {
    // a 90; c and b 80 with identical sheets; d 70 → ranks 1, 2, 2, 4, b before c.
    let sheets = [
        on("j", "a", 9000),
        on("j", "c", 8000),
        on("j", "b", 8000),
        on("j", "d", 7000),
    ];
    let results = run(Method::Mean, &["d", "c", "b", "a"], &sheets);
    assert_eq!(
        order(&results),
        [
            ("a", Some(1)),
            ("b", Some(2)),
            ("c", Some(2)),
            ("d", Some(4))
        ]
    );
    let ties: Vec<Option<&str>> = results.iter().map(tie).collect();
    assert_eq!(ties, [None, Some(TIE_SHARED), Some(TIE_SHARED), None]);
}

#[test]
fn tie_break_names_the_rule_against_the_closest_neighbour() {
    // Weights 60/40. x: 8, 6 → 72; y and z: 6, 9 → 72. x is separated by the top
    // criterion; y and z stay equal and share rank 2.
    let criteria = vec![criterion("a", 60, 10), criterion("b", 40, 10)];
    let sheets = [
        sheet("j", "x", &[("a", 800), ("b", 600)]),
        sheet("j", "y", &[("a", 600), ("b", 900)]),
        sheet("j", "z", &[("a", 600), ("b", 900)]),
    ];
    let results = aggregate(
        &criteria,
        &ids(&["z", "y", "x"]),
        &sheets,
        &rules(Method::Mean),
    );
    assert_eq!(
        order(&results),
        [("x", Some(1)), ("y", Some(2)), ("z", Some(2))]
    );
    let ties: Vec<Option<&str>> = results.iter().map(tie).collect();
    assert_eq!(
        ties,
        [Some(TIE_TOP_CRITERION), Some(TIE_SHARED), Some(TIE_SHARED)]
    );
}

#[test]
fn ranking_uses_the_unrounded_mean() {
    // a: (80.00 + 80.00 + 80.01) / 3 = 80.00333… → 80.00; b: 80.00 → 80.00.
    // Same rounded score, but a's mean is higher: a ranks first, no tie-break.
    let sheets = [
        on("1", "a", 8000),
        on("2", "a", 8000),
        on("3", "a", 8001),
        on("1", "b", 8000),
    ];
    let results = run(Method::Mean, &["b", "a"], &sheets);
    assert_eq!(order(&results), [("a", Some(1)), ("b", Some(2))]);
    assert_eq!(
        (results[0].score, results[1].score),
        (Some(8000), Some(8000))
    );
    assert!(results.iter().all(|r| r.steps.tie_break.is_none()));
}

fn quota() -> Tiers {
    Tiers::Quota(vec![
        ("一等奖".to_owned(), 10),
        ("二等奖".to_owned(), 20),
        ("三等奖".to_owned(), 30),
    ])
}

#[test]
fn quota_tiers_on_ten_entries() {
    // N = 10: bounds floor(10 × 10/100) = 1, floor(10 × 30/100) = 3, floor(10 × 60/100) = 6.
    // Ranks 1 → 一等奖, 2–3 → 二等奖, 4–6 → 三等奖, 7–10 → none.
    let entries: Vec<String> = (0..10).map(|i| format!("e{i}")).collect();
    let sheets: Vec<Sheet> = (0..10)
        .map(|i| on("j", &format!("e{i}"), 9000 - i * 100))
        .collect();
    let results = aggregate(
        &single(),
        &entries,
        &sheets,
        &Rules {
            method: Method::Mean,
            tiers: quota(),
        },
    );
    let awards: Vec<Option<&str>> = results.iter().map(|r| r.award.as_deref()).collect();
    let (first, second, third) = (Some("一等奖"), Some("二等奖"), Some("三等奖"));
    assert_eq!(
        awards,
        [
            first, second, second, third, third, third, None, None, None, None
        ]
    );
}

#[test]
fn quota_tier_is_shared_by_a_tie_at_its_bound() {
    // N = 10, ranks 1, 2, 3, 3, 5, …: the two entries ranked 3 both get 二等奖
    // (bound 3), so 二等奖 goes to three entries instead of two.
    let entries: Vec<String> = (0..10).map(|i| format!("e{i}")).collect();
    let values = [9000, 8900, 8800, 8800, 8700, 8600, 8500, 8400, 8300, 8200];
    let sheets: Vec<Sheet> = values
        .iter()
        .enumerate()
        .map(|(i, v)| on("j", &format!("e{i}"), *v))
        .collect();
    let results = aggregate(
        &single(),
        &entries,
        &sheets,
        &Rules {
            method: Method::Mean,
            tiers: quota(),
        },
    );
    let ranks: Vec<Option<u32>> = results.iter().take(5).map(|r| r.rank).collect();
    assert_eq!(ranks, [Some(1), Some(2), Some(3), Some(3), Some(5)]);
    let second = results
        .iter()
        .filter(|r| r.award.as_deref() == Some("二等奖"))
        .count();
    assert_eq!(second, 3);
}

#[test]
fn threshold_tiers_use_the_rounded_score() {
    // 95.00 → gold; (79.99 + 80.00) / 2 = 79.995 → 80.00 → silver; 65.00 → none.
    let tiers = Tiers::Threshold(vec![("gold".to_owned(), 9000), ("silver".to_owned(), 8000)]);
    let sheets = [
        on("1", "a", 9500),
        on("1", "b", 7999),
        on("2", "b", 8000),
        on("1", "c", 6500),
    ];
    let results = aggregate(
        &single(),
        &ids(&["a", "b", "c", "d"]),
        &sheets,
        &Rules {
            method: Method::Mean,
            tiers,
        },
    );
    let awards: Vec<(&str, Option<&str>)> = results
        .iter()
        .map(|r| (r.entry_id.as_str(), r.award.as_deref()))
        .collect();
    assert_eq!(
        awards,
        [
            ("a", Some("gold")),
            ("b", Some("silver")),
            ("c", None),
            ("d", None)
        ]
    );
}
