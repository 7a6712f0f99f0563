//! Worked examples, each checked against a hand calculation in its comments.
//! A larger tree, cycles and rounding are in `tests/tree.rs`, property tests
//! in `tests/properties.rs` (random graphs from `tests/generator.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod generator;
mod properties;
mod tree;

use super::*;

/// A percentage given in tenths of a percent, in internal units:
/// `pct(400)` is 40.0 %.
fn pct(tenths: i128) -> i128 {
    tenths * INTERNAL_SCALE / 1_000
}

/// A key result; figures in whole units, scaled to [`VALUE_SCALE`].
fn kr(id: &str, baseline: i128, target: i128, current: Option<i128>) -> Node {
    let direction = if target >= baseline {
        Direction::Increase
    } else {
        Direction::Decrease
    };
    Node {
        id: id.to_owned(),
        measure: Some(Measure {
            baseline: baseline * VALUE_SCALE,
            target: target * VALUE_SCALE,
            direction,
            current: current.map(|c| c * VALUE_SCALE),
        }),
    }
}

fn node(id: &str) -> Node {
    Node {
        id: id.to_owned(),
        measure: None,
    }
}

/// A link; the weight in whole units, scaled to [`WEIGHT_SCALE`].
fn link(child: &str, parent: &str, weight: i128) -> Link {
    Link {
        child: child.to_owned(),
        parent: parent.to_owned(),
        weight: weight * WEIGHT_SCALE,
    }
}

fn value(result: &HashMap<String, Progress>, id: &str) -> Option<i128> {
    result[id].value
}

fn clamp_of(result: &HashMap<String, Progress>, id: &str) -> Option<Clamp> {
    match &result[id].trace {
        Trace::Measured { clamped, .. } => *clamped,
        other => panic!("{id} is not measured: {other:?}"),
    }
}

fn contributions(result: &HashMap<String, Progress>, id: &str) -> Vec<Contribution> {
    match &result[id].trace {
        Trace::Rolled { contributions, .. } => contributions.clone(),
        other => panic!("{id} is not rolled up: {other:?}"),
    }
}

#[test]
fn increase_at_forty_percent() {
    // (140 − 100) / (200 − 100) = 40 / 100 = 40 %.
    let result = roll_up(&[kr("kr", 100, 200, Some(140))], &[]);
    assert_eq!(value(&result, "kr"), Some(pct(400)));
    assert_eq!(value(&result, "kr"), Some(400_000_000_000));
    assert_eq!(to_hundredths(pct(400)), 4_000);
    assert_eq!(clamp_of(&result, "kr"), None);
}

#[test]
fn decrease_at_twenty_five_percent() {
    // (50 − 45) / (50 − 30) = 5 / 20 = 25 %.
    let result = roll_up(&[kr("kr", 50, 30, Some(45))], &[]);
    assert_eq!(value(&result, "kr"), Some(pct(250)));
    assert_eq!(clamp_of(&result, "kr"), None);
}

#[test]
fn below_the_baseline_is_zero_and_clamped() {
    // Increase: (90 − 100) / 100 = −10 % → 0 %. Decrease: (50 − 55) / 20 → 0 %.
    let result = roll_up(
        &[kr("up", 100, 200, Some(90)), kr("down", 50, 30, Some(55))],
        &[],
    );
    for id in ["up", "down"] {
        assert_eq!(value(&result, id), Some(0));
        assert_eq!(clamp_of(&result, id), Some(Clamp::BelowBaseline));
    }
}

#[test]
fn beyond_the_target_is_full_and_clamped() {
    // Increase: (250 − 100) / 100 = 150 % → 100 %. Decrease: (50 − 20) / 20 → 100 %.
    // Exactly at the target is 100 % and not clamped.
    let nodes = [
        kr("up", 100, 200, Some(250)),
        kr("down", 50, 30, Some(20)),
        kr("exact", 100, 200, Some(200)),
    ];
    let result = roll_up(&nodes, &[]);
    for id in ["up", "down"] {
        assert_eq!(value(&result, id), Some(INTERNAL_SCALE));
        assert_eq!(clamp_of(&result, id), Some(Clamp::AboveTarget));
    }
    assert_eq!(value(&result, "exact"), Some(INTERNAL_SCALE));
    assert_eq!(clamp_of(&result, "exact"), None);
}

#[test]
fn no_check_in_stands_at_the_baseline() {
    let result = roll_up(&[kr("kr", 100, 200, None)], &[]);
    assert_eq!(value(&result, "kr"), Some(0));
    assert_eq!(
        result["kr"].trace,
        Trace::Measured {
            baseline: 100 * VALUE_SCALE,
            target: 200 * VALUE_SCALE,
            direction: Direction::Increase,
            current: None,
            clamped: None,
        }
    );
}

#[test]
fn fractional_quotient_truncates_toward_zero() {
    // (1 − 0) / (3 − 0) = 33.333…% → 333_333_333_333 (10⁻¹² of 100 %, truncated).
    let result = roll_up(&[kr("kr", 0, 3, Some(1))], &[]);
    assert_eq!(value(&result, "kr"), Some(333_333_333_333));
    assert_eq!(to_hundredths(333_333_333_333), 3_333);
}

#[test]
fn target_equal_to_baseline_gives_no_progress() {
    let result = roll_up(
        &[kr("kr", 5, 5, Some(7)), node("goal")],
        &[link("kr", "goal", 1)],
    );
    assert_eq!(value(&result, "kr"), None);
    assert!(matches!(result["kr"].trace, Trace::Measured { .. }));
    assert_eq!(result["goal"].trace, Trace::Empty);
}

#[test]
fn weighted_mean_of_two_key_results() {
    // (2 × 40 % + 1 × 100 %) / (2 + 1) = 180 % / 3 = 60 %.
    // Shares 2/3 and 1/3, truncated; contributions 26.666…% and 33.333…%,
    // truncated, so they add up to one unit less than the exact 60 %.
    let nodes = [
        kr("a", 100, 200, Some(140)),
        kr("b", 0, 10, Some(10)),
        node("goal"),
    ];
    let links = [link("a", "goal", 2), link("b", "goal", 1)];
    let result = roll_up(&nodes, &links);
    assert_eq!(value(&result, "goal"), Some(pct(600)));
    assert_eq!(
        contributions(&result, "goal"),
        vec![
            Contribution {
                child: "a".to_owned(),
                weight: 200,
                share: 666_666_666_666,
                child_progress: pct(400),
                contribution: 266_666_666_666,
            },
            Contribution {
                child: "b".to_owned(),
                weight: 100,
                share: 333_333_333_333,
                child_progress: INTERNAL_SCALE,
                contribution: 333_333_333_333,
            },
        ]
    );
}

#[test]
fn a_key_result_in_two_goals() {
    // kr (40 %) in g1 with weight 3 beside x (100 %, weight 1):
    //   (3 × 40 + 1 × 100) / 4 = 220 / 4 = 55 %.
    // kr in g2 with weight 1 beside x with weight 3:
    //   (1 × 40 + 3 × 100) / 4 = 340 / 4 = 85 %.
    let nodes = [
        kr("kr", 100, 200, Some(140)),
        kr("x", 0, 1, Some(1)),
        node("g1"),
        node("g2"),
    ];
    let links = [
        link("kr", "g1", 3),
        link("x", "g1", 1),
        link("kr", "g2", 1),
        link("x", "g2", 3),
    ];
    let result = roll_up(&nodes, &links);
    assert_eq!(value(&result, "g1"), Some(pct(550)));
    assert_eq!(value(&result, "g2"), Some(pct(850)));
    for (goal, weight) in [("g1", 300), ("g2", 100)] {
        let shown = contributions(&result, goal);
        assert_eq!(shown[0].child, "kr");
        assert_eq!(shown[0].weight, weight);
        assert_eq!(shown[0].child_progress, pct(400));
    }
}

#[test]
fn a_child_without_progress_does_not_dilute() {
    // p1 has a goal at 40 %; p2 has nothing measured below (Empty).
    // team = 40 % (p2 excluded), not (40 + 0) / 2 = 20 %.
    let nodes = [
        kr("kr", 100, 200, Some(140)),
        node("goal"),
        node("p1"),
        node("p2"),
        node("team"),
    ];
    let links = [
        link("kr", "goal", 1),
        link("goal", "p1", 1),
        link("p1", "team", 1),
        link("p2", "team", 1),
    ];
    let result = roll_up(&nodes, &links);
    assert_eq!(value(&result, "p2"), None);
    assert_eq!(result["p2"].trace, Trace::Empty);
    assert_eq!(value(&result, "team"), Some(pct(400)));
    match &result["team"].trace {
        Trace::Rolled {
            contributions,
            excluded,
        } => {
            assert_eq!(excluded, &vec!["p2".to_owned()]);
            assert_eq!(contributions.len(), 1);
            assert_eq!(contributions[0].share, INTERNAL_SCALE);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a_zero_progress_child_does_count() {
    // A key result without check-in is at 0 %, which is progress: it counts.
    // (1 × 40 + 1 × 0) / 2 = 20 %.
    let nodes = [
        kr("a", 100, 200, Some(140)),
        kr("b", 100, 200, None),
        node("goal"),
    ];
    let result = roll_up(&nodes, &[link("a", "goal", 1), link("b", "goal", 1)]);
    assert_eq!(value(&result, "goal"), Some(pct(200)));
}

#[test]
fn check_measure_refuses_an_unmoving_target() {
    assert!(check_measure(100, 100).is_err());
    assert!(check_measure(100, 200).is_ok());
    assert!(check_measure(100, 50).is_ok());
    assert!(check_direction(100, 200, Direction::Increase).is_ok());
    assert!(check_direction(100, 50, Direction::Decrease).is_ok());
    assert!(check_direction(100, 50, Direction::Increase).is_err());
    assert!(check_direction(100, 200, Direction::Decrease).is_err());
    assert!(check_direction(100, 100, Direction::Increase).is_err());
    assert!(check_weight(1).is_ok());
    assert!(check_weight(MAX_WEIGHT).is_ok());
    assert!(check_weight(0).is_err());
    assert!(check_weight(-100).is_err());
    assert!(check_weight(MAX_WEIGHT + 1).is_err());
}
