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

use chrono::{DateTime, NaiveDateTime, Utc};
use lt_http::Endpoints;

/// The path prefix of every reading route.
pub const BASE: &str = "/api/v1/reading";

/// A stored UTC instant as the API shows it.
pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// Every endpoint of the service, in the order of its OpenAPI document (routes are
/// registered by specificity, not by this order).
pub fn endpoints() -> Endpoints {
    books::endpoints()
        .and(card_issuances::endpoints())
        .and(cards::endpoints())
        .and(imports::endpoints())
        .and(shelves::endpoints())
        .and(loans::endpoints())
        .and(returns::endpoints())
        .and(holds::endpoints())
        .and(campaigns::endpoints())
        .and(participation::endpoints())
        .and(notes::endpoints())
        .and(families::endpoints())
        .and(challenges::endpoints())
        .and(lists::endpoints())
        .and(export::endpoints())
        .and(leaderboards::endpoints())
        .and(reports::endpoints())
        .and(extraction::endpoints())
        .and(privacy::endpoints())
        .and(logs::endpoints())
        .and(stats::endpoints())
        .and(policies::endpoints())
        .and(records::endpoints())
}

lt_http::every_documented_operation_is_routed!();
