//! Reading's use-case layer: operations over several stores, called by routes.
//!
//! - [`stats`]: a reader's figures in a period (logs, months, books finished);
//! - [`reminders`]: shelf loans due soon or overdue, reminded once each.

pub mod reminders;
pub mod stats;
