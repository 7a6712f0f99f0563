//! Training: the course catalogue, sessions, enrolment with waitlist and automatic
//! promotion, venue check-in, leave, completion with credited hours (学时) under versioned
//! policies, required-hours compliance with catch-up after promotion, in-service degree study
//! with tuition reimbursement, self-study certificates, reports, and each cadre's training
//! record. The team-learning, practice, deepening and incentive mechanisms of the programme.
//!
//! The shape every domain service copies (docs/adding-a-service.md): `SPEC`, `ApiDoc`,
//! `configure`, `SERVICE` (declared by `lt_service::domain_service!`, started by the kit), `problems` (its problem kinds), `store/`
//! (schema, rows, queries), `routes/<resource>.rs` (HTTP only: handlers with their OpenAPI),
//! `domain/` (pure rules), `access` (who may do what), and `operations/` (what runs in one
//! transaction across stores: `seats`, `crediting`).

pub mod access;

pub mod domain;
pub mod operations;
pub mod problems;
pub mod routes;
pub mod seed;
pub mod store;

lt_service::domain_service! {
    name: "training", port: 8082, on_start: Some(store::policies::ensure_defaults), seed: Some(seed::run),
    title: "Learning Tree training",
    description: "Courses, sessions, enrolment with waitlist, venue check-in, credited hours, required-hours compliance, degree study and reimbursement. Events: docs/events.md.",
    tags: [
        ("courses", "The course catalogue"),
        ("sessions", "Sessions of a course"),
        ("enrolments", "Enrolment, waitlist, withdrawal, assigned batches"),
        ("attendance", "Check-in, attendance, leave, assessment, completion"),
        ("feedback", "Course feedback"),
        ("certificates", "Public verification of completion certificates"),
        ("requirements", "Required hours and who is behind"),
        ("policies", "Versioned policies"),
        ("degree study", "Degree study, tuition reimbursement, self-study"),
        ("reports", "Reports (JSON or CSV)"),
        ("records", "The learning record"),
        ("extraction", "Changes feeds"),
    ],
}
