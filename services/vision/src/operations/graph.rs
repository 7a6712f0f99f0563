//! The whole vision graph as the roll-up needs it (`domain::rollup`): every node with its
//! measure (key results: baseline, target, direction, latest check-in) and every link.
//! Progress is computed from it on each read, never stored.

use std::collections::HashMap;

use lt_http::ApiError;
use lt_store::DbConnection;

use crate::domain::model::Kind;
use crate::domain::rollup::{self, Direction, Link, Measure, Node, Progress};
use crate::store::nodes::{self, LinkRow, NodeRow};

/// The graph read at one moment, with every node's progress.
pub struct Graph {
    pub nodes: HashMap<String, NodeRow>,
    pub links: Vec<LinkRow>,
    pub progress: HashMap<String, Progress>,
}

pub fn measure_of(row: &NodeRow) -> Option<Measure> {
    Some(Measure {
        baseline: i128::from(row.baseline?),
        target: i128::from(row.target?),
        direction: if row.direction.as_deref() == Some("decrease") {
            Direction::Decrease
        } else {
            Direction::Increase
        },
        current: row.current_value.map(i128::from),
    })
}

/// Reads every node and link and rolls progress up.
pub fn load(conn: &mut DbConnection) -> Result<Graph, ApiError> {
    let rows = nodes::all(conn)?;
    let links = nodes::all_links(conn)?;
    let input: Vec<Node> = rows
        .iter()
        .map(|r| Node {
            id: r.id.clone(),
            measure: if r.kind == Kind::KeyResult {
                measure_of(r)
            } else {
                None
            },
        })
        .collect();
    let edges: Vec<Link> = links
        .iter()
        .filter(|l| l.accepted)
        .map(|l| Link {
            child: l.child_id.clone(),
            parent: l.parent_id.clone(),
            weight: i128::from(l.weight),
        })
        .collect();
    let progress = rollup::roll_up(&input, &edges);
    Ok(Graph {
        nodes: rows.into_iter().map(|r| (r.id.clone(), r)).collect(),
        links,
        progress,
    })
}

/// Every node's progress, reading only what the roll-up needs (ids, kinds, measures, links).
pub fn progress_only(conn: &mut DbConnection) -> Result<HashMap<String, Progress>, ApiError> {
    let input: Vec<Node> = nodes::all_measures(conn)?
        .into_iter()
        .map(|(id, kind, baseline, target, direction, current)| Node {
            measure: (kind == Kind::KeyResult)
                .then(|| {
                    Some(Measure {
                        baseline: i128::from(baseline?),
                        target: i128::from(target?),
                        direction: if direction.as_deref() == Some("decrease") {
                            Direction::Decrease
                        } else {
                            Direction::Increase
                        },
                        current: current.map(i128::from),
                    })
                })
                .flatten(),
            id,
        })
        .collect();
    let edges: Vec<Link> = nodes::all_edges(conn)?
        .into_iter()
        .map(|(child, parent, weight)| Link {
            child,
            parent,
            weight: i128::from(weight),
        })
        .collect();
    Ok(rollup::roll_up(&input, &edges))
}

/// Progress as the API shows it: a percentage with two places ("31.88"), absent when
/// nothing below is measured. The one rounding, half up.
pub fn percent_text(progress: Option<&Progress>) -> Option<String> {
    progress
        .and_then(|p| p.value)
        .map(|v| lt_programme::format_scaled(rollup::to_hundredths(v), 2))
}

/// An internal fraction (10^12 = 100 %) as a percentage with four places, for traces.
pub fn trace_percent(value: i128) -> String {
    let step = rollup::INTERNAL_SCALE / 1_000_000; // 10^-4 of a percent
    let rounded = (value + step / 2).div_euclid(step);
    lt_programme::format_scaled(i64::try_from(rounded).unwrap_or(i64::MAX), 4)
}
