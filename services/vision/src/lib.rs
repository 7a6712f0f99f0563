//! Vision: the fruit of the programme's tree — one shared vision (共同愿景) of the district
//! with its five targets (现代产业区, 开放先行区, 魅力生态区, 高效法治区, 人文和谐区), the team
//! visions of departments and the personal visions of cadres aligned to them, goals and key
//! results, indicators with actuals, check-ins with history, progress that rolls up the graph
//! (computed, traceable, never typed), visibility and a public board.
//!
//! In the shape every domain service has (see `training`): `SPEC`, `ApiDoc`, `configure`,
//! `SERVICE` (declared by `lt_service::domain_service!`, started by the kit), `problems`, `store/`, `routes/<resource>.rs`,
//! `domain/` (rules testable alone: `domain::rollup`), `access` (who may see and do what),
//! `operations/` (`graph`: the graph as the roll-up reads it).

pub mod access;
pub mod domain;
pub mod operations;
pub mod problems;
pub mod routes;
pub mod seed;
pub mod store;

lt_service::domain_service! {
    name: "vision", port: 8085, on_start: None, seed: Some(seed::run),
    title: "Learning Tree vision",
    description: "The district's shared vision, targets, team and personal visions, goals and key results, indicators, check-ins, computed and traceable progress (see `NodeProgressView`), the public board, reports. Events: docs/events.md.",
    tags: [
        ("nodes", "Visions, targets, goals and key results"),
        ("check-ins", "Check-ins on key results, with edit history"),
        ("progress", "Computed progress and its trace"),
        ("indicators", "Indicators and their actuals"),
        ("board", "The public board"),
        ("reports", "Reports (JSON or CSV)"),
        ("records", "The learning record"),
        ("extraction", "Changes feeds"),
    ],
}
