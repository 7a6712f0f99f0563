//! Property tests over random rounds from a deterministic xorshift64
//! generator (no external crates), plus an ignored timing check.

use std::collections::HashMap;
use std::time::Instant;

use super::super::*;
use super::generator::{Rng, random_round, random_scores};

const CASES: u64 = 500;
const METHODS: [Method; 3] = [Method::Mean, Method::TrimmedMean, Method::ZScore];

fn used_values(steps: &Steps) -> Vec<i128> {
    let mut values: Vec<i128> = steps
        .sheets
        .iter()
        .filter(|s| s.counts && !s.trimmed)
        .map(|s| s.normalised.unwrap_or(s.total))
        .collect();
    values.sort_unstable();
    values
}

fn twice_median(sorted: &[i128]) -> i128 {
    let n = sorted.len();
    if n % 2 == 1 {
        2 * sorted[n / 2]
    } else {
        sorted[n / 2 - 1] + sorted[n / 2]
    }
}

#[test]
fn trimming_ignores_one_extreme() {
    let mut rng = Rng::new(1);
    let mut checked = 0;
    for _ in 0..CASES {
        let round = random_round(&mut rng);
        let before = round.run(Method::TrimmedMean);
        let Some(target) = before
            .iter()
            .find(|r| r.steps.sheets.iter().filter(|s| s.counts).count() >= 4)
        else {
            continue;
        };
        let counted = || target.steps.sheets.iter().filter(|s| s.counts);
        let highest = counted().max_by_key(|s| s.total).unwrap();
        let lowest = counted().min_by_key(|s| s.total).unwrap();
        for (extreme, raise) in [(highest, true), (lowest, false)] {
            let mut changed = round.clone();
            let sheet = changed
                .sheets
                .iter_mut()
                .find(|s| {
                    s.counts && s.entry_id == target.entry_id && s.judge_id == extreme.judge_id
                })
                .unwrap();
            for (id, score) in &mut sheet.scores {
                let max = round
                    .criteria
                    .iter()
                    .find(|c| &c.id == id)
                    .unwrap()
                    .max_score;
                *score = if raise { i64::from(max) * 100 } else { 0 };
            }
            let after = changed.run(Method::TrimmedMean);
            let now = after
                .iter()
                .find(|r| r.entry_id == target.entry_id)
                .unwrap();
            assert_eq!(
                (now.steps.sum, now.steps.counted, now.score),
                (target.steps.sum, target.steps.counted, target.score)
            );
            checked += 1;
        }
    }
    assert!(
        checked > 100,
        "only {checked} cases had 4 or more counted sheets"
    );
}

#[test]
fn z_scores_keep_each_judges_order() {
    let mut rng = Rng::new(2);
    for _ in 0..CASES {
        let results = random_round(&mut rng).run(Method::ZScore);
        let mut by_judge: HashMap<&str, Vec<(i128, i128)>> = HashMap::new();
        for sheet in results
            .iter()
            .flat_map(|r| &r.steps.sheets)
            .filter(|s| s.counts)
        {
            by_judge
                .entry(&sheet.judge_id)
                .or_default()
                .push((sheet.total, sheet.normalised.unwrap()));
        }
        for (judge, mut pairs) in by_judge {
            pairs.sort_unstable();
            for pair in pairs.windows(2) {
                let ((ta, na), (tb, nb)) = (pair[0], pair[1]);
                assert!(na <= nb, "judge {judge}: {ta} → {na} but {tb} → {nb}");
                if ta == tb {
                    assert_eq!(na, nb);
                }
            }
        }
    }
}

#[test]
fn values_stay_on_the_scale() {
    let mut rng = Rng::new(3);
    for _ in 0..CASES {
        let round = random_round(&mut rng);
        for method in METHODS {
            for result in round.run(method) {
                let steps = &result.steps;
                for sheet in &steps.sheets {
                    assert!((0..=FULL_SCALE).contains(&sheet.total));
                    assert!(
                        sheet
                            .normalised
                            .is_none_or(|n| (0..=FULL_SCALE).contains(&n))
                    );
                    assert_eq!(
                        sheet.normalised.is_some(),
                        method == Method::ZScore && sheet.counts
                    );
                }
                assert!(steps.mean.is_none_or(|m| (0..=FULL_SCALE).contains(&m)));
                assert!(steps.median.is_none_or(|m| (0..=FULL_SCALE).contains(&m)));
                assert!(result.score.is_none_or(|s| (0..=10_000).contains(&s)));
            }
        }
    }
}

/// Checks one result list against the documented rules 4–7; returns, for
/// each pair of neighbours, the first rule separating them (0 = mean, 4 = none).
fn check_documented_order(results: &[EntryResult]) -> Vec<usize> {
    let ranked: Vec<&EntryResult> = results.iter().take_while(|r| r.rank.is_some()).collect();
    let unscored = &results[ranked.len()..];
    assert!(
        unscored
            .iter()
            .all(|r| r.score.is_none() && r.rank.is_none() && r.award.is_none())
    );
    assert!(unscored.windows(2).all(|w| w[0].entry_id < w[1].entry_id));
    for r in &ranked {
        let s = &r.steps;
        let used = used_values(s);
        let n = i128::try_from(s.counted).unwrap();
        assert_eq!(used.len(), s.counted);
        assert_eq!(used.iter().sum::<i128>(), s.sum);
        assert_eq!(s.mean, Some(s.sum.div_euclid(n)));
        assert_eq!(r.score, s.mean.map(to_hundredths));
        assert_eq!(s.median, Some(twice_median(&used).div_euclid(2)));
        assert_eq!(
            s.below_mean,
            used.iter().filter(|v| **v * n < s.sum).count()
        );
    }
    let key = |r: &EntryResult| {
        let s = &r.steps;
        (
            s.sum,
            i128::try_from(s.counted).unwrap(),
            s.top_criterion_sum,
            twice_median(&used_values(s)),
            s.below_mean,
        )
    };
    // gaps[i]: the first rule separating ranked[i] from ranked[i + 1] (0 = mean, 4 = none).
    let mut gaps = Vec::new();
    for (i, pair) in ranked.windows(2).enumerate() {
        let ((sa, na, ta, ma, ba), (sb, nb, tb, mb, bb)) = (key(pair[0]), key(pair[1]));
        let (mean, top) = ((sa * nb).cmp(&(sb * na)), (ta * nb).cmp(&(tb * na)));
        assert!(mean.is_ge(), "mean must not increase");
        let gap = if mean.is_gt() {
            0
        } else if top.is_ne() {
            assert!(top.is_gt());
            1
        } else if ma != mb {
            assert!(ma > mb);
            2
        } else if ba != bb {
            assert!(ba < bb);
            3
        } else {
            assert!(pair[0].entry_id < pair[1].entry_id);
            4
        };
        let rank = if gap == 4 {
            pair[0].rank
        } else {
            Some(u32::try_from(i + 2).unwrap())
        };
        assert_eq!(pair[1].rank, rank);
        gaps.push(gap);
    }
    let labels = [
        None,
        Some(TIE_TOP_CRITERION),
        Some(TIE_MEDIAN),
        Some(TIE_FEWER_BELOW_MEAN),
        Some(TIE_SHARED),
    ];
    for (i, r) in ranked.iter().enumerate() {
        let closest = i
            .checked_sub(1)
            .and_then(|j| gaps.get(j))
            .max(gaps.get(i))
            .copied()
            .unwrap_or(0);
        assert_eq!(r.steps.tie_break.as_deref(), labels[closest]);
    }
    assert!(ranked.first().is_none_or(|r| r.rank == Some(1)));
    gaps
}

#[test]
fn results_are_deterministic_and_in_the_documented_order() {
    let mut rng = Rng::new(4);
    let mut separated_by = [0; 5];
    for _ in 0..CASES {
        let mut round = random_round(&mut rng);
        for method in METHODS {
            let results = round.run(method);
            for gap in check_documented_order(&results) {
                separated_by[gap] += 1;
            }
            rng.shuffle(&mut round.sheets);
            rng.shuffle(&mut round.entries);
            assert_eq!(round.run(method), results);
        }
    }
    // Every rule must actually have been exercised.
    assert!(separated_by.iter().all(|n| *n >= 10), "{separated_by:?}");
}

#[test]
fn an_added_trainee_sheet_changes_no_number() {
    let mut rng = Rng::new(5);
    let numbers = |r: &EntryResult| {
        let s = &r.steps;
        let normalised: Vec<Option<i128>> = s
            .sheets
            .iter()
            .filter(|s| s.counts)
            .map(|s| s.normalised)
            .collect();
        (
            r.entry_id.clone(),
            r.score,
            r.rank,
            s.mean,
            s.sum,
            s.counted,
            s.tie_break.clone(),
            normalised,
        )
    };
    for _ in 0..CASES {
        let mut round = random_round(&mut rng);
        let before: Vec<Vec<_>> = METHODS
            .iter()
            .map(|m| round.run(*m).iter().map(numbers).collect())
            .collect();
        let scores = random_scores(&mut rng, &round.criteria, false);
        let entry_id = round.entries[rng.index(round.entries.len())].clone();
        round.sheets.push(Sheet {
            judge_id: "trainee-x".to_owned(),
            entry_id,
            scores,
            counts: false,
        });
        let after: Vec<Vec<_>> = METHODS
            .iter()
            .map(|m| round.run(*m).iter().map(numbers).collect())
            .collect();
        assert_eq!(after, before);
    }
}

/// `cargo test --release -- --ignored --nocapture timing`
#[test]
#[ignore = "timing check, run in release mode"]
fn timing_2000_entries_15_judges() {
    let mut rng = Rng::new(6);
    let criteria: Vec<Criterion> = [30, 25, 20, 15, 10]
        .iter()
        .enumerate()
        .map(|(i, w)| Criterion {
            id: format!("c{i}"),
            weight: *w,
            max_score: 10,
        })
        .collect();
    let entries: Vec<String> = (0..2000).map(|i| format!("entry-{i:04}")).collect();
    let mut sheets = Vec::with_capacity(30_000);
    for entry in &entries {
        for judge in 0..15 {
            let scores = random_scores(&mut rng, &criteria, false);
            sheets.push(Sheet {
                judge_id: format!("judge-{judge:02}"),
                entry_id: entry.clone(),
                scores,
                counts: true,
            });
        }
    }
    // Sheets in submission order (by entry), then shuffled: the shuffled
    // order reads the sheets' heap data in random order, the worst case. The
    // first run is cold; the best of five shows the steady state.
    for order in ["by entry", "shuffled"] {
        if order == "shuffled" {
            rng.shuffle(&mut sheets);
        }
        for method in METHODS {
            let rules = Rules {
                method,
                tiers: Tiers::None,
            };
            let mut runs = Vec::new();
            for _ in 0..5 {
                let start = Instant::now();
                let results = aggregate(&criteria, &entries, &sheets, &rules);
                runs.push(start.elapsed().as_micros());
                assert_eq!(results.len(), 2000);
            }
            let best = runs.iter().min().copied().unwrap_or_default();
            println!(
                "{method:?}, {} sheets {order}: first {} µs, best of 5 {best} µs",
                sheets.len(),
                runs[0]
            );
        }
    }
}
