//! Training's HTTP API, one module per resource. Every handler states who may call it in
//! its OpenAPI `x-roles`; the rules are in `crate::access`.

pub mod attendance;
pub mod certificates;
pub mod completions;
pub mod courses;
pub mod degree;
pub mod enrolments;
pub mod extraction;
pub mod feedback;
pub mod policies;
pub mod records;
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

pub fn configure(cfg: &mut web::ServiceConfig) {
    // First: `…/courses/changes` must win over `…/courses/{course_id}`.
    extraction::configure(cfg);
    courses::configure(cfg);
    sessions::configure(cfg);
    enrolments::configure(cfg);
    attendance::configure(cfg);
    completions::configure(cfg);
    feedback::configure(cfg);
    certificates::configure(cfg);
    requirements::configure(cfg);
    policies::configure(cfg);
    degree::configure(cfg);
    self_study::configure(cfg);
    reports::configure(cfg);
    records::configure(cfg);
}
