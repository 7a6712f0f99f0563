//! `/api/v1/reading/leaderboards`: who read most in a period — by department (by default:
//! the units cadres were in when they logged), and by person or family only for those who
//! opted in (`PUT /me/privacy`). No one is ranked who did not choose to be: forced personal
//! rankings bred formalism in comparable apps.

use actix_web::{HttpResponse, web};
use lt_http::Endpoints;
use lt_http::openapi::ReadErrors;
use lt_http::{ApiError, FieldError, kinds};
use lt_programme::Period;
use lt_service::Caller;
use lt_service::reports::{period_of, unit_names};
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::goals::Done;
use crate::store::logs::{self, NO_UNIT, month_key};
use crate::store::{campaigns, privacy};

/// Rows a leaderboard shows.
const TOP: usize = 50;

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LeaderboardQuery {
    /// `department` (default), `person` or `family`.
    #[param(pattern = "^(department|person|family)$")]
    pub by: Option<String>,
    /// `2026`, `2026-H1`, `2026-Q4` or `2026-12`; default: this year.
    #[param(pattern = r"^\d{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?$")]
    pub period: Option<String>,
}

/// One place on a leaderboard.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct LeaderRow {
    pub rank: usize,
    /// The org unit, the person, or the cadre whose family it is.
    pub id: String,
    pub name: String,
    pub pages: i64,
    pub minutes: i64,
    pub books_finished: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Leaderboard {
    pub period: Period,
    pub by: String,
    /// The top 50, most pages first (then most minutes).
    pub rows: Vec<LeaderRow>,
}

fn ranked(mut rows: Vec<(String, String, Done)>) -> Vec<LeaderRow> {
    rows.sort_by(|a, b| {
        (b.2.pages, b.2.minutes)
            .cmp(&(a.2.pages, a.2.minutes))
            .then(a.0.cmp(&b.0))
    });
    rows.into_iter()
        .filter(|(_, _, done)| done.pages > 0 || done.minutes > 0)
        .take(TOP)
        .enumerate()
        .map(|(i, (id, name, done))| LeaderRow {
            rank: i + 1,
            id,
            name,
            pages: done.pages,
            minutes: done.minutes,
            books_finished: done.books,
        })
        .collect()
}

/// A leaderboard for a period.
#[utoipa::path(get, path = "/api/v1/reading/leaderboards", tag = "reports", security(("bearer" = [])),
    params(LeaderboardQuery), responses((status = 200, body = Leaderboard), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn leaderboard(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<LeaderboardQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.person_id()?;
    let query = query.into_inner();
    let period = period_of(query.period.as_deref())?;
    let by = query.by.unwrap_or_else(|| "department".into());
    if !["department", "person", "family"].contains(&by.as_str()) {
        return Err(
            ApiError::new(&kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "by",
                "invalid",
                "department, person or family",
            )]),
        );
    }
    let (from, to) = (
        period.first_day(),
        period.end_day().pred_opt().unwrap_or_default(),
    );
    let board = by.clone();
    let rows = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = match board.as_str() {
                "department" => {
                    let totals = logs::totals_by_unit(conn, month_key(from), month_key(to) + 1)?;
                    let names = unit_names(
                        conn,
                        totals
                            .iter()
                            .map(|(u, _)| u.clone())
                            .filter(|u| u != NO_UNIT),
                    )?;
                    totals
                        .into_iter()
                        .filter_map(|(unit, t)| {
                            let name = names.get(&unit)?.clone();
                            Some((
                                unit,
                                name,
                                Done {
                                    books: t.books_finished,
                                    pages: t.pages,
                                    minutes: t.minutes,
                                },
                            ))
                        })
                        .collect()
                }
                "person" => {
                    let mut rows = Vec::new();
                    for person in privacy::on_leaderboard(conn)? {
                        let Some(entry) =
                            lt_directory::local::person(conn, &person)?.filter(|p| p.active)
                        else {
                            continue;
                        };
                        let done = campaigns::done_by_person(conn, &person, from, to, true, false)?;
                        rows.push((person, entry.name, done));
                    }
                    rows
                }
                _ => {
                    let mut rows = Vec::new();
                    for person in privacy::families_on_leaderboard(conn)? {
                        let Some(entry) =
                            lt_directory::local::person(conn, &person)?.filter(|p| p.active)
                        else {
                            continue;
                        };
                        let done = campaigns::done_by_person(conn, &person, from, to, true, true)?;
                        rows.push((person, format!("{}家", entry.name), done));
                    }
                    rows
                }
            };
            Ok(ranked(rows))
        })
        .await?;
    Ok(HttpResponse::Ok().json(Leaderboard { period, by, rows }))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![leaderboard]
}
