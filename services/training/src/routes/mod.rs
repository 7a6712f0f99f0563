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

use chrono::{DateTime, NaiveDateTime, Utc};
use lt_http::Endpoints;

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

/// Every endpoint of the service, in the order of its OpenAPI document (routes are
/// registered by specificity, not by this order).
pub fn endpoints() -> Endpoints {
    courses::endpoints()
        .and(sessions::endpoints())
        .and(enrolments::endpoints())
        .and(assignments::endpoints())
        .and(check_in::endpoints())
        .and(attendance::endpoints())
        .and(completions::endpoints())
        .and(feedback::endpoints())
        .and(certificates::endpoints())
        .and(requirements::endpoints())
        .and(policies::endpoints())
        .and(degree::endpoints())
        .and(reimbursement::endpoints())
        .and(self_study::endpoints())
        .and(reports::endpoints())
        .and(records::endpoints())
        .and(extraction::endpoints())
}

lt_http::every_documented_operation_is_routed!();
