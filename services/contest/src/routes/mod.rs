//! Contest's HTTP API, one module per resource. Every handler states who may call it in its
//! OpenAPI `x-roles`; the rules are in `crate::access`.

pub mod audit;
pub mod calendar;
pub mod contests;
pub mod entries;
pub mod entry_status;
pub mod extraction;
pub mod objections;
pub mod panel;
pub mod phases;
pub mod records;
pub mod reports;
pub mod results;
pub mod rubric;
pub mod sheets;

use chrono::{DateTime, NaiveDateTime, Utc};
use lt_http::Endpoints;

/// The path prefix of every contest route.
pub const BASE: &str = "/api/v1/contest";

/// A stored UTC instant as the API shows it.
pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// Every endpoint of the service, in the order of its OpenAPI document (routes are
/// registered by specificity, not by this order).
pub fn endpoints() -> Endpoints {
    calendar::endpoints()
        .and(contests::endpoints())
        .and(rubric::endpoints())
        .and(phases::endpoints())
        .and(entries::endpoints())
        .and(entry_status::endpoints())
        .and(panel::endpoints())
        .and(sheets::endpoints())
        .and(audit::endpoints())
        .and(results::endpoints())
        .and(objections::endpoints())
        .and(reports::endpoints())
        .and(records::endpoints())
        .and(extraction::endpoints())
}

lt_http::every_documented_operation_is_routed!();
