//! Vision rules testable alone: node kinds and what each may contribute to, visibility,
//! exact values and weights, and the roll-up of progress through the graph.

pub mod model;
pub mod rollup;
