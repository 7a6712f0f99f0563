//! Worked examples, each checked against a hand calculation in its comments.
//! The trimmed mean and z-scores are in `tests/methods.rs`, ranking and awards
//! in `tests/ranking.rs`, property tests in `tests/properties.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod generator;
mod methods;
mod properties;
mod ranking;

use super::*;

fn criterion(id: &str, weight: u32, max_score: u32) -> Criterion {
    Criterion {
        id: id.to_owned(),
        weight,
        max_score,
    }
}

/// One criterion, weight 100, max 100: a score of 80.00 is a total of 80 points.
fn single() -> Vec<Criterion> {
    vec![criterion("c", 100, 100)]
}

fn sheet(judge: &str, entry: &str, scores: &[(&str, i64)]) -> Sheet {
    Sheet {
        judge_id: judge.to_owned(),
        entry_id: entry.to_owned(),
        scores: scores.iter().map(|(c, s)| ((*c).to_owned(), *s)).collect(),
        counts: true,
    }
}

/// A sheet on [`single`]: `hundredths` is the total in hundredths of a point.
fn on(judge: &str, entry: &str, hundredths: i64) -> Sheet {
    sheet(judge, entry, &[("c", hundredths)])
}

fn trainee(judge: &str, entry: &str, hundredths: i64) -> Sheet {
    Sheet {
        counts: false,
        ..on(judge, entry, hundredths)
    }
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn rules(method: Method) -> Rules {
    Rules {
        method,
        tiers: Tiers::None,
    }
}

fn run(method: Method, entries: &[&str], sheets: &[Sheet]) -> Vec<EntryResult> {
    aggregate(&single(), &ids(entries), sheets, &rules(method))
}

fn get<'a>(results: &'a [EntryResult], id: &str) -> &'a EntryResult {
    results
        .iter()
        .find(|r| r.entry_id == id)
        .expect("entry in results")
}

fn order(results: &[EntryResult]) -> Vec<(&str, Option<u32>)> {
    results
        .iter()
        .map(|r| (r.entry_id.as_str(), r.rank))
        .collect()
}

fn tie(result: &EntryResult) -> Option<&str> {
    result.steps.tie_break.as_deref()
}

/// `points` whole points in internal units.
fn pts(points: i128) -> i128 {
    points * INTERNAL_SCALE
}

#[test]
fn weighted_total_of_a_three_criterion_rubric() {
    // weights 50/30/20, max 10/10/5, scores 8.5, 7, 4:
    // 8.5/10 × 50 + 7/10 × 30 + 4/5 × 20 = 42.5 + 21 + 16 = 79.5
    let criteria = vec![
        criterion("a", 50, 10),
        criterion("b", 30, 10),
        criterion("c", 20, 5),
    ];
    let s = sheet("j1", "e1", &[("a", 850), ("b", 700), ("c", 400)]);
    let results = aggregate(&criteria, &ids(&["e1"]), &[s], &rules(Method::Mean));
    assert_eq!(results[0].steps.sheets[0].total, 79_500_000_000);
    assert_eq!(results[0].steps.mean, Some(79_500_000_000));
    assert_eq!(results[0].score, Some(7950));
}

#[test]
fn each_criterion_term_is_truncated_at_a_nano_point() {
    // weights 50/50, max 3/3, scores 1 and 1: each term is 1/3 × 50 = 16.666666666|6…,
    // truncated to 16.666666666, so the total is 33.333333332 (not …333).
    let criteria = vec![criterion("a", 50, 3), criterion("b", 50, 3)];
    let s = sheet("j1", "e1", &[("a", 100), ("b", 100)]);
    let results = aggregate(&criteria, &ids(&["e1"]), &[s], &rules(Method::Mean));
    assert_eq!(results[0].steps.sheets[0].total, 33_333_333_332);
    assert_eq!(results[0].score, Some(3333));
}

#[test]
fn missing_unknown_repeated_and_out_of_range_scores() {
    // weights 50/50, max 10/10. Sheet 1: "a" missing (0), "x" unknown (ignored),
    // "b" = 12 clamped to 10 → 0 + 50 = 50. Sheet 2: "a" twice (first, 4, counts),
    // "b" = −3 clamped to 0 → 4/10 × 50 = 20.
    let criteria = vec![criterion("a", 50, 10), criterion("b", 50, 10)];
    let sheets = [
        sheet("j1", "e1", &[("x", 1000), ("b", 1200)]),
        sheet("j1", "e2", &[("a", 400), ("a", 900), ("b", -300)]),
    ];
    let results = aggregate(
        &criteria,
        &ids(&["e1", "e2"]),
        &sheets,
        &rules(Method::Mean),
    );
    assert_eq!(get(&results, "e1").steps.sheets[0].total, pts(50));
    assert_eq!(get(&results, "e2").steps.sheets[0].total, pts(20));
}

#[test]
fn mean_of_counted_sheets_does_not_penalise_a_recusal() {
    // e1: 80, 85, 91 → 256/3 = 85.333… → 85.33.
    // e2: 85.5 and 85 (the third judge recused) → 85.25, not (85.5 + 85 + 0)/3.
    let sheets = [
        on("j1", "e1", 8000),
        on("j2", "e1", 8500),
        on("j3", "e1", 9100),
        on("j1", "e2", 8550),
        on("j2", "e2", 8500),
    ];
    let results = run(Method::Mean, &["e1", "e2"], &sheets);
    let e1 = get(&results, "e1");
    assert_eq!(
        (e1.steps.mean, e1.score, e1.steps.counted),
        (Some(85_333_333_333), Some(8533), 3)
    );
    let e2 = get(&results, "e2");
    assert_eq!((e2.score, e2.steps.counted), (Some(8525), 2));
    assert_eq!(order(&results), [("e1", Some(1)), ("e2", Some(2))]);
}

#[test]
fn rounding_is_half_up_applied_once() {
    assert_eq!(to_hundredths(80_005_000_000), 8001); // 80.005 → 80.01
    assert_eq!(to_hundredths(80_004_999_999), 8000); // 80.004999999 → 80.00
    assert_eq!(to_hundredths(80_014_999_999), 8001);
    assert_eq!(to_hundredths(0), 0);
    assert_eq!(to_hundredths(-5_000_000), -1); // away from zero
    assert_eq!(to_hundredths(i128::MAX), i64::MAX);
    // Mean of 80.00 and 80.01 is exactly 80.005 → 80.01.
    let results = run(
        Method::Mean,
        &["e1"],
        &[on("a", "e1", 8000), on("b", "e1", 8001)],
    );
    assert_eq!(results[0].steps.mean, Some(80_005_000_000));
    assert_eq!(results[0].score, Some(8001));
}

#[test]
fn trainee_sheets_are_shown_but_not_counted() {
    // Counted 80 and 90 → 85; the trainee's 10 is listed (by judge id) but not counted.
    let sheets = [
        on("b", "e1", 9000),
        trainee("a-trainee", "e1", 1000),
        on("c", "e1", 8000),
    ];
    let results = run(Method::Mean, &["e1"], &sheets);
    let steps = &results[0].steps;
    assert_eq!((results[0].score, steps.counted), (Some(8500), 2));
    let shown: Vec<(&str, bool)> = steps
        .sheets
        .iter()
        .map(|s| (s.judge_id.as_str(), s.counts))
        .collect();
    assert_eq!(shown, [("a-trainee", false), ("b", true), ("c", true)]);
}

#[test]
fn entries_without_counted_sheets_are_unscored_and_last() {
    // "a" has no sheet, "b" only a trainee's; "zz" is listed; "stray" is not listed (ignored);
    // "zz" is listed twice but appears once.
    let sheets = [
        trainee("t", "b", 9000),
        on("j", "zz", 5000),
        on("j", "stray", 9900),
    ];
    let results = run(Method::ZScore, &["a", "zz", "b", "zz"], &sheets);
    assert_eq!(order(&results), [("zz", Some(1)), ("a", None), ("b", None)]);
    assert_eq!(
        (
            results[1].score,
            results[1].award.clone(),
            results[1].steps.mean
        ),
        (None, None, None)
    );
    assert_eq!(
        (results[2].steps.sheets.len(), results[2].steps.counted),
        (1, 0)
    );
    // "stray" is out of the z-score statistics too: zz alone gives μ = 50.
    assert_eq!(results[0].score, Some(5000));
    assert!(aggregate(&single(), &[], &sheets, &rules(Method::Mean)).is_empty());
}
