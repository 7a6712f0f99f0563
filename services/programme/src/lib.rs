//! Programme: the programme as a whole. Every cadre's learning archive (学习档案) is composed
//! from each service's learning record (`GET /api/v1/<service>/people/{id}/record`, one
//! request per service, concurrently, each with its own timeout), never from their
//! databases; a service that is down or slow is named in `unavailable` and the rest is
//! answered. The programme's tree — 4 concepts, 5 mechanisms, 3 key projects, 1 shared
//! vision — is reference data (`GET /api/v1/programme/tree`).
//!
//! In the shape every domain service has: `SPEC`, `ApiDoc`, `configure`, `SERVICE` (declared
//! by `lt_service::domain_service!`); where the sources are, read by the kit's `background`
//! hook (`background`).

pub mod access;
pub mod background;
pub mod domain;
pub mod operations;
pub mod routes;
pub mod store;

lt_service::domain_service! {
    name: "programme", port: 8087, on_start: None, seed: None,
    background: background::start,
    title: "Learning Tree programme",
    description: "Every cadre's learning archive (学习档案), composed from every service's learning record (JSON, CSV, printable HTML), and the programme's 45231 tree as reference data.",
    tags: [
        ("archive", "A cadre's learning archive across every service"),
        ("tree", "The programme's tree: concepts, mechanisms, key projects, the shared vision"),
    ],
}
