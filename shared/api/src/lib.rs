//! The platform's wire types that every client sees, apart from the code that serves them:
//! RFC 9457 problem details with their stable codes ([`Problem`], [`FieldError`], the
//! [`kinds`] catalogue) and the reader's language of problem titles ([`Lang`]). No diesel,
//! no actix: `scripts/test` fails if either enters this crate's dependency tree. The
//! programme's own vocabulary on the wire (periods, hours, the learning record) is in
//! `lt-programme`, which holds the same rule.

mod problem;

pub use problem::{FieldError, PROBLEM_JSON, Problem, ProblemKind, kinds};

/// The reader's language for problem titles: Chinese by default, English on request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}
