//! Vision's HTTP API, one module per resource. Every handler states who may call it in its
//! OpenAPI `x-roles`; the rules are in `crate::access`.

pub mod board;
pub mod check_ins;
pub mod extraction;
pub mod indicators;
pub mod links;
pub mod nodes;
pub mod progress;
pub mod records;
pub mod reports;
pub mod tree;

use chrono::{DateTime, NaiveDateTime, Utc};
use lt_http::Endpoints;

/// The path prefix of every vision route.
pub const BASE: &str = "/api/v1/vision";

/// A stored UTC instant as the API shows it.
pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// Every endpoint of the service, in the order of its OpenAPI document (routes are
/// registered by specificity, not by this order).
pub fn endpoints() -> Endpoints {
    nodes::endpoints()
        .and(tree::endpoints())
        .and(links::endpoints())
        .and(check_ins::endpoints())
        .and(progress::endpoints())
        .and(indicators::endpoints())
        .and(board::endpoints())
        .and(reports::endpoints())
        .and(records::endpoints())
        .and(extraction::endpoints())
}

lt_http::every_documented_operation_is_routed!();
