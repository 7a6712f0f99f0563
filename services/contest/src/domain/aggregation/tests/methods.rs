//! Worked examples of the trimmed mean and of z-score normalisation.

use super::*;

#[test]
fn trimmed_mean_with_five_judges() {
    // 70, 85, 86, 88, 99: drop 99 (j5) and 70 (j1); (85 + 86 + 88) / 3 = 259/3 = 86.333… → 86.33.
    let values = [
        ("j1", 7000),
        ("j2", 8500),
        ("j3", 8600),
        ("j4", 8800),
        ("j5", 9900),
    ];
    let sheets: Vec<Sheet> = values.iter().map(|(j, v)| on(j, "e1", *v)).collect();
    let results = run(Method::TrimmedMean, &["e1"], &sheets);
    let steps = &results[0].steps;
    assert_eq!(results[0].score, Some(8633));
    assert_eq!(steps.mean, Some(86_333_333_333));
    assert_eq!(
        (steps.counted, steps.trimmed.clone()),
        (3, ids(&["j1", "j5"]))
    );
    let flags: Vec<bool> = steps.sheets.iter().map(|s| s.trimmed).collect();
    assert_eq!(flags, [true, false, false, false, true]);
}

#[test]
fn trimmed_mean_breaks_equal_extremes_by_judge_id() {
    // j1 90, j2 90, j3 80, j4 80, j5 85. Highest: j1 = j2, the greater id j2 is dropped;
    // lowest: j3 = j4, the smaller id j3 is dropped. (90 + 80 + 85) / 3 = 85.
    let values = [
        ("j1", 9000),
        ("j2", 9000),
        ("j3", 8000),
        ("j4", 8000),
        ("j5", 8500),
    ];
    let sheets: Vec<Sheet> = values.iter().map(|(j, v)| on(j, "e1", *v)).collect();
    let results = run(Method::TrimmedMean, &["e1"], &sheets);
    assert_eq!(results[0].steps.trimmed, ids(&["j2", "j3"]));
    assert_eq!(results[0].score, Some(8500));
}

#[test]
fn trimmed_mean_with_three_judges_keeps_the_two_closest() {
    // 70, 80, 82: gaps 10 and 2, so 80 and 82 are kept: (80 + 82) / 2 = 81.00; 70 is trimmed.
    let sheets = [
        on("a", "e1", 7000),
        on("b", "e1", 8000),
        on("c", "e1", 8200),
    ];
    // 70, 72, 90: gaps 2 and 18, so (70 + 72) / 2 = 71.00; 90 is trimmed.
    let more = [
        on("a", "e2", 7000),
        on("b", "e2", 7200),
        on("c", "e2", 9000),
    ];
    let all: Vec<Sheet> = sheets.into_iter().chain(more).collect();
    let results = run(Method::TrimmedMean, &["e1", "e2"], &all);
    let (e1, e2) = (get(&results, "e1"), get(&results, "e2"));
    assert_eq!(
        (e1.score, e1.steps.counted, e1.steps.trimmed.clone()),
        (Some(8100), 2, ids(&["a"]))
    );
    assert_eq!(
        (e2.score, e2.steps.trimmed.clone()),
        (Some(7100), ids(&["c"]))
    );
}

#[test]
fn trimmed_mean_with_three_equal_gaps_keeps_all_three() {
    // 70, 80, 90: both gaps are 10, so the mean of all three, 80.00; nothing trimmed.
    let sheets = [
        on("a", "e1", 7000),
        on("b", "e1", 8000),
        on("c", "e1", 9000),
    ];
    let results = run(Method::TrimmedMean, &["e1"], &sheets);
    assert_eq!(
        (results[0].score, results[0].steps.counted),
        (Some(8000), 3)
    );
    assert!(results[0].steps.trimmed.is_empty());
}

#[test]
fn trimmed_mean_with_two_counted_sheets_is_the_plain_mean() {
    // Counted 70 and 90 → 80; the trainee's sheet does not make it three.
    let sheets = [
        on("a", "e1", 7000),
        on("b", "e1", 9000),
        trainee("t", "e1", 9900),
    ];
    let results = run(Method::TrimmedMean, &["e1"], &sheets);
    assert_eq!(
        (results[0].score, results[0].steps.counted),
        (Some(8000), 2)
    );
    assert!(results[0].steps.trimmed.is_empty());
}

#[test]
fn z_score_two_judges_three_entries() {
    // Judge A: e1 60, e2 70, e3 80 → μA = 70, σA = √(200/3) ≈ 8.165.
    // Judge B: e1 76, e2 86, e3 96 → μB = 86, σB = √(200/3) (B is A shifted by 16).
    // Round: 60, 70, 80, 76, 86, 96 → μ = 468/6 = 78,
    //   σ² = σA² + (16/2)² = 200/3 + 64 = 392/3, so σ / σA = √(392/200) = 1.4 exactly.
    // z: e1 −10/σA, e2 0, e3 +10/σA for both judges → both judges agree:
    //   e1: 78 − 10 × 1.4 = 64, e2: 78, e3: 78 + 14 = 92.
    // A trainee's sheet changes none of this.
    let mut sheets = vec![trainee("t", "e1", 10000)];
    for (entry, a, b) in [("e1", 6000, 7600), ("e2", 7000, 8600), ("e3", 8000, 9600)] {
        sheets.push(on("A", entry, a));
        sheets.push(on("B", entry, b));
    }
    let results = run(Method::ZScore, &["e1", "e2", "e3"], &sheets);
    for (entry, expected) in [("e1", 64), ("e2", 78), ("e3", 92)] {
        let r = get(&results, entry);
        let counted: Vec<i128> = r
            .steps
            .sheets
            .iter()
            .filter(|s| s.counts)
            .filter_map(|s| s.normalised)
            .collect();
        assert_eq!(counted.len(), 2);
        assert_eq!(counted[0], counted[1], "both judges agree on {entry}");
        // √ is floored, so allow a few 10⁻⁹ of a point.
        assert!(
            (counted[0] - pts(expected)).abs() <= 2,
            "{entry}: {}",
            counted[0]
        );
        assert_eq!(r.score, Some(i64::try_from(expected).unwrap() * 100));
    }
    assert_eq!(get(&results, "e1").steps.sheets[2].normalised, None); // the trainee
    assert_eq!(
        order(&results),
        [("e3", Some(1)), ("e2", Some(2)), ("e1", Some(3))]
    );
}

#[test]
fn z_score_judge_without_spread_gets_the_round_mean() {
    // A: e1 60, e2 80 → μA = 70, σA = 10, z = ∓1. B: only e1 70 → σB = 0 → B's value is μ.
    // Round: 60, 80, 70 → μ = 70, σ = √(200/3) ≈ 8.164966.
    // e1: A 70 − 8.164966 = 61.835034, B 70 → mean 65.917517 → 65.92.
    // e2: A 70 + 8.164966 = 78.164966 → 78.16.
    let sheets = [
        on("A", "e1", 6000),
        on("A", "e2", 8000),
        on("B", "e1", 7000),
    ];
    let results = run(Method::ZScore, &["e1", "e2"], &sheets);
    let e1 = get(&results, "e1");
    assert_eq!(e1.steps.sheets[1].normalised, Some(pts(70)));
    assert_eq!(e1.score, Some(6592));
    assert_eq!(get(&results, "e2").score, Some(7816));
}

#[test]
fn z_score_clamps_to_the_scale() {
    // A: 99, 99, 99, 100 (σA ≈ 0.43, so 100 has z ≈ 1.73); B: 0, 100 (z = ±1).
    // Round: μ = 497/6 ≈ 82.833, σ² = 49403/6 − μ² ≈ 1372.47, σ ≈ 37.047.
    // A's 100 → μ + 1.732 × σ ≈ 147.0 and B's 100 → μ + σ ≈ 119.9, both clamped to 100;
    // B's 0 → μ − σ ≈ 45.786 → 45.79.
    let sheets = [
        on("A", "e1", 9900),
        on("A", "e2", 9900),
        on("A", "e3", 9900),
        on("A", "e4", 10000),
        on("B", "e5", 0),
        on("B", "e6", 10000),
    ];
    let results = run(
        Method::ZScore,
        &["e1", "e2", "e3", "e4", "e5", "e6"],
        &sheets,
    );
    assert_eq!(
        get(&results, "e4").steps.sheets[0].normalised,
        Some(FULL_SCALE)
    );
    assert_eq!(
        get(&results, "e6").steps.sheets[0].normalised,
        Some(FULL_SCALE)
    );
    assert_eq!(get(&results, "e5").score, Some(4579));
    assert_eq!(order(&results)[..2], [("e4", Some(1)), ("e6", Some(1))]);
}
