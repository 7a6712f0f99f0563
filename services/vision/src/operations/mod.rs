//! Vision's use-case layer: operations over several stores at once, called by routes.
//!
//! - [`graph`]: the whole vision graph loaded for the roll-up (nodes, measures, links, the
//!   latest check-ins) in one snapshot, and its figures as the API shows them.

pub mod graph;
