//! Training's HTTP API, one module per resource. Every handler states who may call it in
//! its OpenAPI `x-roles`; the rules are in `crate::access`.

pub mod assignments;
pub mod attendance;
pub mod certificates;
pub mod check_in;
pub mod completions;
pub mod courses;
pub mod degree;
pub mod enrolments;
pub mod extraction;
pub mod feedback;
pub mod policies;
pub mod records;
pub mod reimbursement;
pub mod reports;
pub mod requirements;
pub mod self_study;
pub mod sessions;

use actix_web::web;
use chrono::{DateTime, NaiveDateTime, Utc};

/// The path prefix of every training route.
pub const BASE: &str = "/api/v1/training";

/// A stored UTC instant as the API shows it.
pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// A stored UTC instant as problem details show it: RFC 3339 to the second.
pub fn shown(at: NaiveDateTime) -> String {
    at.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    // First: `…/courses/changes` must win over `…/courses/{course_id}`.
    extraction::configure(cfg);
    courses::configure(cfg);
    sessions::configure(cfg);
    enrolments::configure(cfg);
    assignments::configure(cfg);
    check_in::configure(cfg);
    attendance::configure(cfg);
    completions::configure(cfg);
    feedback::configure(cfg);
    certificates::configure(cfg);
    requirements::configure(cfg);
    policies::configure(cfg);
    degree::configure(cfg);
    reimbursement::configure(cfg);
    self_study::configure(cfg);
    reports::configure(cfg);
    records::configure(cfg);
}
