//! Reading: library cards of the city library tie-up, borrowing imported from the library,
//! the catalogue (ISBN) and recommended lists, department shelves with loans and holds,
//! campaigns (读书活动), reading logs and statistics, reading notes (读书心得) under review,
//! learning families (学习型家庭), leaderboards and reports. The programme's
//! nutrition-supply mechanism and its second branch (community, family, individual).
//!
//! In the shape every domain service has (see `training`): `SPEC`, `ApiDoc`, `configure`,
//! `SERVICE` (declared by `lt_service::domain_service!`, started by the kit), `problems`, `store/`, `routes/<resource>.rs`,
//! `domain/` (rules testable alone), `access` (who may do what).

pub mod access;
pub mod background;
pub mod domain;
pub mod operations;
pub mod problems;
pub mod routes;
pub mod seed;
pub mod store;

lt_service::domain_service! {
    name: "reading", port: 8083, on_start: Some(store::policies::ensure_defaults), seed: Some(seed::run),
    background: background::start,
    title: "Learning Tree reading",
    description: "Library cards, borrowing import, catalogue, department shelves, campaigns, reading logs and notes, learning families, leaderboards and reports. Events: docs/events.md.",
    tags: [
        ("catalogue", "Books by ISBN, book lists"),
        ("cards", "Library cards and their issuance"),
        ("imports", "Loan imports from the city library"),
        ("privacy", "What a cadre shares of their reading"),
        ("shelves", "Department shelves and their copies"),
        ("loans", "Shelf loans, renewals, returns, holds"),
        ("campaigns", "Reading campaigns and their progress"),
        ("logs", "Reading logs"),
        ("notes", "Reading notes, their review and featured notes"),
        ("families", "Learning families: members, challenges"),
        ("policies", "Versioned policies"),
        ("reports", "Reports (JSON or CSV)"),
        ("records", "The learning record"),
        ("extraction", "Changes feeds"),
    ],
}
