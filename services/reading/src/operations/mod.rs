//! Reading's use-case layer: operations over several stores, called by routes.
//!
//! - [`stats`]: a reader's figures in a period (logs, months, books finished).

pub mod stats;
