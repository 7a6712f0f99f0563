//! Contest rules testable alone, without a database or HTTP: phases, the working-day
//! calendar of 公示, rubrics and scores, panels and conflicts, the audit chain, and the
//! aggregation of score sheets into results.

pub mod aggregation;
pub mod audit;
pub mod calendar;
pub mod panel;
pub mod phase;
pub mod rubric;
pub mod setup;
