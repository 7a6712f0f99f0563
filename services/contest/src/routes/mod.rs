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

use actix_web::web;
use chrono::{DateTime, NaiveDateTime, Utc};

/// The path prefix of every contest route.
pub const BASE: &str = "/api/v1/contest";

/// A stored UTC instant as the API shows it.
pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    // First: `…/contests/changes` must win over `…/contests/{contest_id}`.
    extraction::configure(cfg);
    calendar::configure(cfg);
    contests::configure(cfg);
    rubric::configure(cfg);
    phases::configure(cfg);
    entries::configure(cfg);
    entry_status::configure(cfg);
    panel::configure(cfg);
    sheets::configure(cfg);
    audit::configure(cfg);
    results::configure(cfg);
    objections::configure(cfg);
    reports::configure(cfg);
    records::configure(cfg);
}
