//! Reading's HTTP API, one module per resource. Every handler states who may call it in its
//! OpenAPI `x-roles`; the rules are in `crate::access`.

pub mod books;
pub mod campaigns;
pub mod card_issuances;
pub mod cards;
pub mod challenges;
pub mod export;
pub mod extraction;
pub mod families;
pub mod holds;
pub mod imports;
pub mod leaderboards;
pub mod lists;
pub mod loans;
pub mod logs;
pub mod notes;
pub mod participation;
pub mod policies;
pub mod privacy;
pub mod records;
pub mod reports;
pub mod returns;
pub mod shelves;
pub mod stats;

use actix_web::web;
use chrono::{DateTime, NaiveDateTime, Utc};

/// The path prefix of every reading route.
pub const BASE: &str = "/api/v1/reading";

/// A stored UTC instant as the API shows it.
pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    // First: `…/books/changes` must win over `…/books/{book_id}`.
    extraction::configure(cfg);
    books::configure(cfg);
    cards::configure(cfg);
    card_issuances::configure(cfg);
    privacy::configure(cfg);
    imports::configure(cfg);
    shelves::configure(cfg);
    loans::configure(cfg);
    returns::configure(cfg);
    holds::configure(cfg);
    logs::configure(cfg);
    campaigns::configure(cfg);
    participation::configure(cfg);
    notes::configure(cfg);
    families::configure(cfg);
    challenges::configure(cfg);
    stats::configure(cfg);
    policies::configure(cfg);
    records::configure(cfg);
    export::configure(cfg);
    lists::configure(cfg);
    leaderboards::configure(cfg);
    reports::configure(cfg);
}
