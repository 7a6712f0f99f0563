//! Progress of a district's shared vision. The vision is a graph of nodes
//! (`district` → five `target`s → `team` → `personal` → `goal` →
//! `key_result`); a child *contributes to* one or more parents, each link with
//! a positive weight. Key results are measured; the progress of every node is
//! computed here, never typed. This text is the published description of how
//! progress is computed.
//!
//! # Units
//!
//! * Measured values (baseline, target, check-in) are whole millionths
//!   ([`VALUE_SCALE`]): `12.5` travels as `12_500_000`.
//! * Weights are whole hundredths ([`WEIGHT_SCALE`]): `1.5` travels as `150`.
//! * Progress is an `i128` counting 10⁻¹² of the whole ([`INTERNAL_SCALE`]):
//!   `P %` is stored as `P × 10¹⁰`, so `100 %` is `10¹²` and `40 %` is
//!   `4 × 10¹¹`. It always lies in `0..=10¹²`.
//!
//! No floating point is used anywhere.
//!
//! # Rules
//!
//! 1. **Measured node** (a key result, or any node with a [`Measure`]). Its
//!    progress is the way covered from baseline to target:
//!    `Increase`: `(current − baseline) / (target − baseline)`;
//!    `Decrease`: `(baseline − current) / (baseline − target)`.
//!    Both are the same quotient, so the number depends only on baseline,
//!    target and current; [`check_direction`] lets the service make the stated
//!    direction agree with the sign of `target − baseline`. Without a check-in
//!    the node stands at its baseline: progress 0, trace `current: None`.
//!    A value on the wrong side of the baseline (worse than where it started)
//!    counts as 0 % and one beyond the target as 100 %; both are clamped and
//!    recorded in the trace ([`Clamp`]). Exactly at the target is 100 %, not
//!    clamped. A measured node ignores any children linked to it. A measure
//!    with `target == baseline` (refused by [`check_measure`]) gives no
//!    progress (`None`, trace still `Measured`).
//! 2. **Any other node**: the weighted mean of its children's progress,
//!    `Σ weightᵢ × progressᵢ / Σ weightᵢ`, over the children that *have*
//!    progress. Children without progress are listed in the trace's
//!    `excluded` and left out: they neither count as 0 nor dilute the mean.
//!    A node none of whose children has progress (or with no children at all)
//!    has no progress: value `None`, trace [`Trace::Empty`].
//! 3. **Several parents**: a child's progress is computed once and
//!    contributes to each of its parents with that link's weight.
//! 4. **Exact arithmetic, rounded once.** All arithmetic is integer, with
//!    256-bit intermediate products, so it cannot overflow. Truncation
//!    (toward zero, to 10⁻¹² of 100 %) happens in exactly two places: the
//!    division of rule 1 (`|current − baseline| × 10¹² / |target − baseline|`)
//!    and the division of rule 2 by the weight sum, taken once over the exact
//!    weighted sum (not a sum of truncated terms). Each node's value is thus
//!    truncated once, and its parents use that value. The published figure
//!    is a value rounded **once**, half up, to a percentage with two decimals
//!    ([`to_hundredths`]: `31.875 %` → `31.88`); no intermediate value is ever
//!    rounded to two places. In the trace, `share = weight × 10¹² / Σ weights`
//!    and `contribution = weight × child_progress / Σ weights` are truncated
//!    separately, for display: the contributions may add up to less than the
//!    node's value, by under one unit of 10⁻¹² per counted child.
//! 5. **Cycles.** The graph is a DAG; the service refuses a link that would
//!    close a cycle ([`creates_cycle`]). Should [`roll_up`] be handed a cycle
//!    anyway (a self-link included), every node on it has no progress (`None`,
//!    [`Trace::Empty`]) and the nodes above it leave it out like any other
//!    child without progress. Links into a measured node never form a cycle
//!    here, since a measured node ignores its children. The computation is
//!    iterative (a topological order, Kahn's algorithm, with a strongly
//!    connected component pass only when a cycle stalls it), so long chains
//!    cannot overflow the stack.
//! 6. **Ignored input** (the service refuses it; this is a safety net): links
//!    naming an unknown node, links whose weight is `≤ 0` or above
//!    [`MAX_WEIGHT`]. Several links between the same child and parent act as
//!    one link whose weight is their sum. If a node id occurs more than once,
//!    one node results: an entry with a measure wins over one without, and
//!    among measures the greatest (by baseline, then target, direction,
//!    current) wins, so that the result never depends on input order.
//! 7. **Output.** [`roll_up`] returns every node's [`Progress`], keyed by id.
//!    A trace lists contributions and excluded children sorted by child id.
//!    Neither values nor traces depend on the order of `nodes` or `links`.
//!    The cost grows as `nodes + links × log links`.

mod arith;
mod graph;

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

/// Measured values travel as whole millionths (exact decimals with up to six
/// places).
pub const VALUE_SCALE: i128 = 1_000_000;
/// Weights travel as whole hundredths (decimal text with up to two places).
pub const WEIGHT_SCALE: i128 = 100;
/// Internal progress: 10⁻¹² of the whole, so `P %` is `P × 10¹⁰` and
/// `100 %` is `10¹²`.
pub const INTERNAL_SCALE: i128 = 1_000_000_000_000;
/// The largest accepted weight, in hundredths (`10¹⁰`, i.e. `10⁸` units).
pub const MAX_WEIGHT: i128 = 10_000_000_000;

/// Internal progress units per published hundredth of a percent (`10⁸`).
const PER_HUNDREDTH: i128 = INTERNAL_SCALE / 10_000;

/// Which way is better for a measured value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    Increase,
    Decrease,
}

/// A measured node's figures, all in [`VALUE_SCALE`] units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Measure {
    pub baseline: i128,
    pub target: i128,
    pub direction: Direction,
    /// The latest check-in; `None` before the first one.
    pub current: Option<i128>,
}

/// One node of the vision graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    /// `Some` for key results (and any other measured node), `None` otherwise.
    pub measure: Option<Measure>,
}

/// `child` contributes to `parent` with `weight` ([`WEIGHT_SCALE`] units, > 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub child: String,
    pub parent: String,
    pub weight: i128,
}

/// Why a measured value was clamped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clamp {
    /// On the wrong side of the baseline: counted as 0 %.
    BelowBaseline,
    /// Beyond the target: counted as 100 %.
    AboveTarget,
}

/// One counted child in a rolled-up node's trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contribution {
    pub child: String,
    /// The link's weight ([`WEIGHT_SCALE`] units; repeated links summed).
    pub weight: i128,
    /// `weight / Σ weights` of the counted children, 10¹² = 1, truncated.
    pub share: i128,
    /// The child's progress ([`INTERNAL_SCALE`]).
    pub child_progress: i128,
    /// `child_progress × weight / Σ weights` ([`INTERNAL_SCALE`]), truncated.
    pub contribution: i128,
}

/// How a node's progress came about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trace {
    /// A measured node (rule 1).
    Measured {
        baseline: i128,
        target: i128,
        direction: Direction,
        current: Option<i128>,
        clamped: Option<Clamp>,
    },
    /// The weighted mean of the children with progress (rule 2).
    Rolled {
        contributions: Vec<Contribution>,
        /// Children without progress, left out.
        excluded: Vec<String>,
    },
    /// Nothing measured below (or on a cycle): no progress.
    Empty,
}

/// A node's computed progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// [`INTERNAL_SCALE`] units, 10¹² = 100 %; `None` when nothing counts.
    pub value: Option<i128>,
    pub trace: Trace,
}

/// Computes every node's progress (rules 1–7).
pub fn roll_up(nodes: &[Node], links: &[Link]) -> HashMap<String, Progress> {
    graph::roll_up(nodes, links)
}

/// Progress as a percentage in hundredths, rounded once, half up (ties go
/// toward +∞): `10¹²` → `10000` (`100.00`), `318_750_000_000` → `3188`
/// (`31.88`). Saturates at the `i64` bounds.
pub fn to_hundredths(value: i128) -> i64 {
    let quotient = value.div_euclid(PER_HUNDREDTH);
    let rest = value.rem_euclid(PER_HUNDREDTH);
    let rounded = if rest * 2 >= PER_HUNDREDTH {
        quotient + 1
    } else {
        quotient
    };
    i64::try_from(rounded).unwrap_or(if rounded < 0 { i64::MIN } else { i64::MAX })
}

/// Whether adding the link `child → parent` would close a cycle: true if
/// `child == parent` or `child` is already reachable upward from `parent`.
/// Every given link is followed, whatever its weight.
pub fn creates_cycle(links: &[Link], child: &str, parent: &str) -> bool {
    if child == parent {
        return true;
    }
    let mut up: HashMap<&str, Vec<&str>> = HashMap::new();
    for link in links {
        up.entry(link.child.as_str())
            .or_default()
            .push(link.parent.as_str());
    }
    let mut seen: HashSet<&str> = HashSet::from([parent]);
    let mut stack = vec![parent];
    while let Some(node) = stack.pop() {
        for &next in up.get(node).map(Vec::as_slice).unwrap_or_default() {
            if next == child {
                return true;
            }
            if seen.insert(next) {
                stack.push(next);
            }
        }
    }
    false
}

/// A measure needs a target different from its baseline.
pub fn check_measure(baseline: i128, target: i128) -> Result<(), &'static str> {
    if target == baseline {
        Err("target must differ from baseline")
    } else {
        Ok(())
    }
}

/// The direction must agree with the target: above the baseline for
/// `Increase`, below it for `Decrease`.
pub fn check_direction(
    baseline: i128,
    target: i128,
    direction: Direction,
) -> Result<(), &'static str> {
    check_measure(baseline, target)?;
    match direction {
        Direction::Increase if target < baseline => {
            Err("an increasing measure needs a target above its baseline")
        }
        Direction::Decrease if target > baseline => {
            Err("a decreasing measure needs a target below its baseline")
        }
        _ => Ok(()),
    }
}

/// A link weight must be positive and at most [`MAX_WEIGHT`].
pub fn check_weight(weight: i128) -> Result<(), &'static str> {
    if weight <= 0 {
        Err("weight must be positive")
    } else if weight > MAX_WEIGHT {
        Err("weight is too large")
    } else {
        Ok(())
    }
}
