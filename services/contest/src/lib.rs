//! Contest: innovation-contest scoring, "变评先进为赛先进" — work-innovation achievement
//! contests, job-skill contests, reading-note contests. Contests with rounds, tracks and
//! dated windows; rubrics of weighted criteria; entries by persons, teams and departments;
//! panels with conflicts derived from the org chart, recusals, blind mode and trainee
//! judges; score sheets that lock on submission, changed afterwards only by the programme
//! office with a reason, in a hash-chained audit trail; aggregation by mean, trimmed mean
//! or per-judge z-scores with a documented tie-break order and award tiers; 公示 counted on
//! the working-day calendar, with real-name objections; final and public results.
//!
//! In the shape every domain service has (see `training`): `SPEC`, `ApiDoc`, `configure`,
//! `SERVICE` (declared by `lt_service::domain_service!`, started by the kit), `problems`, `store/`, `routes/<resource>.rs`,
//! `domain/` (rules testable alone), `access` (who may do what), `operations/`
//! (`results`: a round's results from its sheets; `awards`).

pub mod access;
pub mod domain;
pub mod operations;
pub mod problems;
pub mod routes;
pub mod seed;
pub mod store;

lt_service::domain_service! {
    name: "contest", port: 8084, on_start: None, seed: Some(seed::run),
    title: "Learning Tree contest",
    description: "Contests, rubrics, entries, conflict-free panels, score sheets with a hash-chained audit trail, aggregation (mean, trimmed mean, z-scores; see the `results` schemas), 公示 with objections, results and reports. Events: docs/events.md.",
    tags: [
        ("contests", "Contests, their phases and rubrics"),
        ("calendar", "The working-day calendar of 公示"),
        ("entries", "Entries and their status"),
        ("judging", "Panels, assignments, recusals, score sheets"),
        ("results", "Results, 公示, objections, public results"),
        ("reports", "Reports (JSON or CSV)"),
        ("records", "The learning record"),
        ("extraction", "Changes feeds"),
    ],
}
