//! Reading's rules, each testable without a database or HTTP.

pub mod circulation;
pub mod goals;
pub mod import;
pub mod isbn;
pub mod logs;
pub mod policy;
