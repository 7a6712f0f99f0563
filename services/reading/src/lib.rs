//! Reading: library cards of the city library tie-up, borrowing imported from the library,
//! the catalogue (ISBN) and recommended lists, department shelves with loans and holds,
//! campaigns (读书活动), reading logs and statistics, reading notes (读书心得) under review,
//! learning families (学习型家庭), leaderboards and reports. The programme's
//! nutrition-supply mechanism and its second branch (community, family, individual).
//!
//! In the shape every domain service has (see `training`): `SPEC`, `ApiDoc`, `configure`,
//! `start`/`migrate` (`startup`), `settings`, `problems`, `store/`, `routes/<resource>.rs`,
//! `domain/` (rules testable alone), `access` (who may do what).

pub mod access;
pub mod domain;
pub mod problems;
pub mod routes;
pub mod seed;
pub mod settings;
pub mod startup;
pub mod store;

use actix_web::web;
use lt_http::openapi::{
    BearerAuth, DefaultDescriptions, OperationIds, PathParameters, TextPatterns,
};
use lt_http::service::ServiceSpec;
use utoipa::OpenApi;

pub use settings::Settings;
pub use startup::{Application, migrate, start};

/// Reading as the platform knows it (the registry behind the launcher reads this).
pub const SPEC: ServiceSpec = ServiceSpec {
    name: "reading",
    default_port: 8083,
    prefixes: &["/api/v1/reading/"],
    directory: true,
};

/// Reading's OpenAPI document, generated from the handlers' annotations.
#[derive(OpenApi)]
#[openapi(
    info(title = "Learning Tree reading", version = "1.0.0",
        description = "Library cards, borrowing import, catalogue, department shelves, campaigns, reading logs and notes, learning families, leaderboards and reports. Events: docs/events.md."),
    modifiers(&BearerAuth, &DefaultDescriptions, &OperationIds, &PathParameters, &TextPatterns),
    components(schemas(lt_http::Problem, lt_http::FieldError)),
    paths(
        routes::books::create,
        routes::books::list,
        routes::books::read,
        routes::books::update,
        routes::card_issuances::issue,
        routes::card_issuances::read_issuance,
        routes::cards::list,
        routes::cards::create,
        routes::cards::read,
        routes::cards::update,
        routes::cards::mine,
        routes::imports::import_loans,
        routes::imports::read,
        routes::imports::mine,
        routes::shelves::create,
        routes::shelves::list,
        routes::shelves::read,
        routes::shelves::add_copy,
        routes::shelves::copies,
        routes::shelves::read_copy,
        routes::loans::create,
        routes::loans::read,
        routes::returns::renew,
        routes::returns::give_back,
        routes::loans::mine,
        routes::loans::on_shelf,
        routes::holds::place,
        routes::holds::mine,
        routes::holds::read,
        routes::holds::cancel,
        routes::campaigns::create,
        routes::campaigns::list,
        routes::campaigns::read,
        routes::campaigns::update,
        routes::participation::join,
        routes::participation::progress_of,
        routes::notes::submit,
        routes::notes::mine,
        routes::notes::queue,
        routes::notes::read,
        routes::notes::rewrite,
        routes::notes::review,
        routes::notes::featured_list,
        routes::families::add,
        routes::families::list,
        routes::families::remove,
        routes::families::stats,
        routes::challenges::challenge,
        routes::challenges::challenges_list,
        routes::challenges::read_challenge,
        routes::lists::create,
        routes::lists::list,
        routes::lists::read,
        routes::export::export,
        routes::leaderboards::leaderboard,
        routes::reports::reading,
        routes::reports::campaign,
        routes::reports::card_coverage,
        routes::extraction::loan_changes,
        routes::extraction::campaign_changes,
        routes::privacy::read,
        routes::privacy::save,
        routes::logs::create,
        routes::logs::list,
        routes::logs::read,
        routes::stats::mine,
        routes::policies::circulation::list,
        routes::policies::circulation::read,
        routes::policies::circulation::publish,
        routes::policies::reading_log::list,
        routes::policies::reading_log::read,
        routes::policies::reading_log::publish,
        routes::records::mine,
        routes::records::of_person,
        routes::records::stats,
        routes::extraction::book_changes,
        routes::extraction::card_changes,
    )
)]
pub struct ApiDoc;

/// Registers every reading route (the kit adds the shared middleware and health routes).
pub fn configure(cfg: &mut web::ServiceConfig) {
    routes::configure(cfg);
}
