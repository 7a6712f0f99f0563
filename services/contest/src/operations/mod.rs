//! Contest's use-case layer: operations over several stores in one transaction or
//! snapshot, called by routes.
//!
//! - [`results`]: a round's results from its sheets (computed, cached, kept up to date);
//! - [`awards`]: the final awards of a contest.

pub mod awards;
pub mod results;
