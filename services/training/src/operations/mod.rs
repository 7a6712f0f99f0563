//! Training's use-case layer: operations that run inside one transaction across several
//! stores, called by routes (which do HTTP only) and never by the store.
//!
//! - [`seats`]: enrolment, the waitlist and its promotion, seats given back;
//! - [`crediting`]: hours credited under the policy version in force, with caps and carry-over.

pub mod crediting;
pub mod seats;
