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

use actix_web::web;
use chrono::{DateTime, NaiveDateTime, Utc};

/// The path prefix of every vision route.
pub const BASE: &str = "/api/v1/vision";

/// A stored UTC instant as the API shows it.
pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    // First: `…/nodes/changes` must win over `…/nodes/{node_id}`.
    extraction::configure(cfg);
    nodes::configure(cfg);
    tree::configure(cfg);
    links::configure(cfg);
    check_ins::configure(cfg);
    progress::configure(cfg);
    indicators::configure(cfg);
    board::configure(cfg);
    reports::configure(cfg);
    records::configure(cfg);
}
