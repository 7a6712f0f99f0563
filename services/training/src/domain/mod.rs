//! Training's rules, testable alone: the vocabulary, policies and their defaults, hour
//! conversion, required hours and catch-up, reimbursement, attendance, course targeting.

pub mod attendance;
pub mod hours;
pub mod kinds;
pub mod policy;
pub mod reimbursement;
pub mod requirements;
pub mod targeting;
