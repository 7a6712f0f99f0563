//! A whole district tree, rounding, cycles and ignored input.

use super::*;

#[test]
fn district_tree_from_key_results_up() {
    // Key results:
    //   kr1: 100 → 200, at 140           → 40 %
    //   kr2:  50 →  30, at 45 (decrease) → 25 %
    //   kr3:   0 →  10, at 10            → 100 %
    //   kr4:   0 →  10, no check-in      → 0 %
    // Goals:     g1 = (2 × 40 + 1 × 100) / 3 = 60 %;  g2 = 25 %;  g3 = 0 %.
    // Personal:  p1 = (1 × 60 + 1 × 25) / 2 = 42.5 %;  p2 = g3 = 0 %.
    // Team:      t1 = (1.5 × 42.5 + 0.5 × 0) / 2 = 63.75 / 2 = 31.875 %.
    //            t2 has no personal vision yet: Empty, excluded above.
    // Target:    x = t1 = 31.875 % (t2 excluded).  y has no team: Empty.
    // District:  31.875 % (y excluded), published as 31.88 (half up, once).
    let nodes = [
        kr("kr1", 100, 200, Some(140)),
        kr("kr2", 50, 30, Some(45)),
        kr("kr3", 0, 10, Some(10)),
        kr("kr4", 0, 10, None),
        node("g1"),
        node("g2"),
        node("g3"),
        node("p1"),
        node("p2"),
        node("t1"),
        node("t2"),
        node("x"),
        node("y"),
        node("district"),
    ];
    let weighted = |child: &str, parent: &str, hundredths: i128| Link {
        child: child.to_owned(),
        parent: parent.to_owned(),
        weight: hundredths,
    };
    let links = [
        link("kr1", "g1", 2),
        link("kr3", "g1", 1),
        link("kr2", "g2", 1),
        link("kr4", "g3", 1),
        link("g1", "p1", 1),
        link("g2", "p1", 1),
        link("g3", "p2", 1),
        weighted("p1", "t1", 150),
        weighted("p2", "t1", 50),
        link("t1", "x", 1),
        link("t2", "x", 1),
        link("x", "district", 1),
        link("y", "district", 1),
    ];
    let result = roll_up(&nodes, &links);
    let expected = [
        ("kr1", Some(400_000_000_000)),
        ("kr2", Some(250_000_000_000)),
        ("kr3", Some(1_000_000_000_000)),
        ("kr4", Some(0)),
        ("g1", Some(600_000_000_000)),
        ("g2", Some(250_000_000_000)),
        ("g3", Some(0)),
        ("p1", Some(425_000_000_000)),
        ("p2", Some(0)),
        ("t1", Some(318_750_000_000)),
        ("t2", None),
        ("x", Some(318_750_000_000)),
        ("y", None),
        ("district", Some(318_750_000_000)),
    ];
    assert_eq!(result.len(), expected.len());
    for (id, want) in expected {
        assert_eq!(value(&result, id), want, "{id}");
    }
    assert_eq!(to_hundredths(318_750_000_000), 3_188);
    match &result["district"].trace {
        Trace::Rolled { excluded, .. } => assert_eq!(excluded, &vec!["y".to_owned()]),
        other => panic!("unexpected {other:?}"),
    }
    let team = contributions(&result, "t1");
    // Shares 150/200 = 75 % and 50/200 = 25 %; 42.5 % × 0.75 = 31.875 %.
    assert_eq!(team[0].share, 750_000_000_000);
    assert_eq!(team[0].contribution, 318_750_000_000);
    assert_eq!(team[1].share, 250_000_000_000);
    assert_eq!(team[1].contribution, 0);
}

#[test]
fn to_hundredths_rounds_half_up() {
    assert_eq!(to_hundredths(INTERNAL_SCALE), 10_000);
    assert_eq!(to_hundredths(0), 0);
    // 12.345 % exactly → 12.35; a hair below → 12.34.
    assert_eq!(to_hundredths(123_450_000_000), 1_235);
    assert_eq!(to_hundredths(123_449_999_999), 1_234);
    // 0.005 % → 0.01; 0.004999…% → 0.00.
    assert_eq!(to_hundredths(50_000_000), 1);
    assert_eq!(to_hundredths(49_999_999), 0);
    assert_eq!(to_hundredths(i128::MAX), i64::MAX);
    assert_eq!(to_hundredths(i128::MIN), i64::MIN);
}

#[test]
fn a_key_result_at_x_xx5_rounds_up() {
    // (12_345 − 0) / (100_000 − 0) = 12.345 % exactly → published 12.35.
    let result = roll_up(&[kr("kr", 0, 100_000, Some(12_345))], &[]);
    assert_eq!(value(&result, "kr"), Some(123_450_000_000));
    assert_eq!(to_hundredths(123_450_000_000), 1_235);
}

#[test]
fn rounding_happens_once_at_the_end() {
    // Three key results at 1.004 %, 1.004 % and 1.007 % (of 0 → 100_000).
    // Exact mean: 3.015 / 3 = 1.005 % → published 1.01.
    // Rounding each first would give (1.00 + 1.00 + 1.01) / 3 = 1.0033… → 1.00.
    let nodes = [
        kr("a", 0, 100_000, Some(1_004)),
        kr("b", 0, 100_000, Some(1_004)),
        kr("c", 0, 100_000, Some(1_007)),
        node("goal"),
    ];
    let links = [
        link("a", "goal", 1),
        link("b", "goal", 1),
        link("c", "goal", 1),
    ];
    let result = roll_up(&nodes, &links);
    assert_eq!(value(&result, "goal"), Some(10_050_000_000));
    assert_eq!(to_hundredths(10_050_000_000), 101);
}

#[test]
fn creates_cycle_detects_back_and_self_links() {
    let links = [
        link("kr", "goal", 1),
        link("goal", "personal", 1),
        link("personal", "team", 1),
        link("other", "team", 1),
    ];
    assert!(creates_cycle(&links, "team", "kr"));
    assert!(creates_cycle(&links, "personal", "goal"));
    assert!(creates_cycle(&links, "goal", "goal"));
    assert!(creates_cycle(&[], "x", "x"));
    assert!(!creates_cycle(&links, "kr", "team"));
    assert!(!creates_cycle(&links, "kr", "personal"));
    assert!(!creates_cycle(&links, "other", "personal"));
    assert!(!creates_cycle(&links, "team", "district"));
    assert!(!creates_cycle(&links, "new", "kr"));
}

#[test]
fn a_cycle_gives_no_progress_and_is_excluded_above() {
    // a ⇄ b is a cycle (kr below a is ignored for it); c is a self-link.
    // top = (1 × 40 % from d) with a, c excluded.
    let nodes = [
        kr("kr", 100, 200, Some(140)),
        node("a"),
        node("b"),
        node("c"),
        node("d"),
        node("top"),
    ];
    let links = [
        link("kr", "a", 1),
        link("a", "b", 1),
        link("b", "a", 1),
        link("c", "c", 1),
        link("kr", "d", 1),
        link("a", "top", 1),
        link("c", "top", 1),
        link("d", "top", 1),
    ];
    let result = roll_up(&nodes, &links);
    for id in ["a", "b", "c"] {
        assert_eq!(value(&result, id), None, "{id}");
        assert_eq!(result[id].trace, Trace::Empty, "{id}");
    }
    assert_eq!(value(&result, "top"), Some(pct(400)));
    match &result["top"].trace {
        Trace::Rolled { excluded, .. } => {
            assert_eq!(excluded, &vec!["a".to_owned(), "c".to_owned()]);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a_link_into_a_key_result_is_ignored() {
    // The measured node ignores children, so kr → goal → kr is no cycle here.
    let nodes = [kr("kr", 100, 200, Some(140)), node("goal")];
    let links = [link("kr", "goal", 1), link("goal", "kr", 1)];
    let result = roll_up(&nodes, &links);
    assert_eq!(value(&result, "kr"), Some(pct(400)));
    assert_eq!(value(&result, "goal"), Some(pct(400)));
}

#[test]
fn ignored_links_and_repeats() {
    // Unknown nodes and weights ≤ 0 or above the maximum are ignored; the two
    // a → goal links act as one of weight 1 + 2 = 3:
    // (3 × 40 + 1 × 100) / 4 = 55 %.
    let nodes = [
        kr("a", 100, 200, Some(140)),
        kr("b", 0, 1, Some(1)),
        kr("z", 0, 1, Some(0)),
        node("goal"),
    ];
    let links = [
        link("a", "goal", 1),
        link("a", "goal", 2),
        link("b", "goal", 1),
        link("z", "goal", 0),
        link("z", "goal", -1),
        Link {
            child: "z".to_owned(),
            parent: "goal".to_owned(),
            weight: MAX_WEIGHT + 1,
        },
        link("ghost", "goal", 5),
        link("a", "nowhere", 1),
    ];
    let result = roll_up(&nodes, &links);
    assert_eq!(value(&result, "goal"), Some(pct(550)));
    assert_eq!(contributions(&result, "goal")[0].weight, 300);
    assert!(!result.contains_key("ghost"));
    assert!(!result.contains_key("nowhere"));
}

#[test]
fn a_repeated_id_keeps_the_measure() {
    let nodes = [node("kr"), kr("kr", 100, 200, Some(140)), node("kr")];
    let result = roll_up(&nodes, &[]);
    assert_eq!(result.len(), 1);
    assert_eq!(value(&result, "kr"), Some(pct(400)));
}

#[test]
fn a_long_chain_does_not_recurse() {
    // 200_000 nodes in one chain: each holds the key result's 40 %.
    let length = 200_000;
    let mut nodes = vec![kr("n0", 100, 200, Some(140))];
    let mut links = Vec::new();
    for i in 1..length {
        nodes.push(node(&format!("n{i}")));
        links.push(link(&format!("n{}", i - 1), &format!("n{i}"), 1));
    }
    let result = roll_up(&nodes, &links);
    assert_eq!(value(&result, &format!("n{}", length - 1)), Some(pct(400)));
    // Closing the chain into a cycle above the key result empties it all.
    links.push(link(&format!("n{}", length - 1), "n1", 1));
    let result = roll_up(&nodes, &links);
    assert_eq!(value(&result, "n1"), None);
    assert_eq!(value(&result, &format!("n{}", length - 1)), None);
    assert!(!creates_cycle(&links[..length - 1], "n0", "n5"));
    assert!(creates_cycle(&links[..length - 1], "n5", "n0"));
}
