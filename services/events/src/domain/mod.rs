//! The events service's rules, testable without a database or HTTP.

pub mod catalogue;
pub mod envelope;
pub mod model;
pub mod notices;
pub mod schedule;
pub mod signature;
pub mod target;
pub mod types;
