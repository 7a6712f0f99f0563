//! The programme's rules, testable without a database or HTTP.

pub mod archive;
pub mod printable;
pub mod tree;
