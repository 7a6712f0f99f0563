//! `POST /api/v1/contest/contests/{contest_id}/phase`: the organiser moves a contest to its
//! next phase (early, before a window closes, if needed; never back), and
//! `POST …/advancement` moves the best entries of a round on to the next round.
//!
//! Opening judging needs a rubric. Moving to `notice` (公示) publishes the round's results
//! as they stand and counts 公示's last day on the working-day calendar. Moving to `final`
//! before that day is over needs a `reason` (recorded), and publishes the results again (an
//! objection may have led the programme office to correct a score).

use actix_web::{HttpResponse, web};
use chrono::Days;
use lt_http::Endpoints;
use lt_http::openapi::WriteErrors;
use lt_http::validation::{check_optional_text, field_errors};
use lt_http::{ApiError, FieldError, Json, Validate, etag};
use lt_service::Caller;
use lt_store::{Store, WriteTx, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::contests::ContestView;
use crate::access::{Runner, require_organiser};
use crate::domain::calendar::lookahead_days;
use crate::domain::phase::Phase;
use crate::domain::setup::Round;
use crate::operations::results::{ResultsView, compute};
use crate::problems::{NO_RUBRIC, NOTICE_RUNNING, WRONG_PHASE};
use crate::store::contests::{self, ContestRow, PhaseMove};
use crate::store::publications::{self, stage};
use crate::store::{calendar, entries, from_json_text, to_json_text};

/// The phase to move to.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseChange {
    /// `submission`, `judging`, `notice` or `final`: the phase after the current one.
    pub phase: Phase,
    /// Why 公示 ends before its last day (needed then, recorded).
    #[schema(min_length = 1, max_length = 1000, pattern = "\\S")]
    pub reason: Option<String>,
}

impl Validate for PhaseChange {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_optional_text("reason", self.reason.as_deref(), 1000, &mut errors);
        field_errors(errors)
    }
}

fn wrong_phase(row: &ContestRow, detail: impl Into<String>) -> ApiError {
    ApiError::new(&WRONG_PHASE).with_detail(format!(
        "the contest is in phase {}: {}",
        row.phase,
        detail.into()
    ))
}

/// Publishes the round's results as they stand for a stage.
fn publish(
    tx: &mut WriteTx<'_>,
    row: &ContestRow,
    stage_name: &str,
    by: &str,
) -> Result<ResultsView, ApiError> {
    let results = compute(tx.conn(), row)?.into_view(stage_name);
    publications::publish(
        tx,
        &row.id,
        stage_name,
        row.round_no,
        &to_json_text(&results)?,
        by,
    )?;
    Ok(results)
}

/// Move the contest to its next phase.
#[utoipa::path(post, path = "/api/v1/contest/contests/{contest_id}/phase", tag = "contests", security(("bearer" = [])),
    request_body = PhaseChange, responses((status = 200, body = ContestView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (runs the contest)"]))))]
pub async fn change(
    store: web::Data<Store>,
    caller: Caller,
    contest_id: web::Path<String>,
    body: Json<PhaseChange>,
) -> Result<HttpResponse, ApiError> {
    require_organiser(&caller)?;
    let runner = Runner::of(&caller);
    let request = body.into_inner();
    let id = contest_id.into_inner();
    let actor = caller.user.subject().into_owned();
    let view = store
        .write(move |tx| {
            let row = contests::lock(tx, &id)?;
            runner.require(tx.conn(), &row)?;
            let current = Phase::parse(&row.phase).ok_or_else(|| anyhow::anyhow!("contest {id}: phase unreadable"))?;
            if current.next() != Some(request.phase) {
                let next = current.next().map_or("none (final)", Phase::as_str);
                return Err(wrong_phase(&row, format!("the next phase is {next}")));
            }
            let today = lt_programme::today();
            let mut to = PhaseMove { phase: request.phase.as_str(), round_no: row.round_no, notice: None, early_final_reason: None };
            match request.phase {
                Phase::Judging if contests::rubric_of(tx.conn(), &id)?.is_empty() => return Err(ApiError::new(&NO_RUBRIC)),
                Phase::Notice => {
                    let rounds: Vec<Round> = from_json_text(&row.rounds)?;
                    if usize::try_from(row.round_no).unwrap_or(0) < rounds.len() {
                        return Err(wrong_phase(&row, "rounds remain: advance the best entries to the next round first"));
                    }
                    let working_days = u32::try_from(row.notice_working_days).unwrap_or(5);
                    let until = today.checked_add_days(Days::new(lookahead_days(working_days))).unwrap_or(today);
                    let days = calendar::calendar(tx.conn(), today, until)?;
                    to.notice = Some(days.notice(today, working_days).ok_or_else(|| anyhow::anyhow!("no notice end before year 9999"))?);
                    publish(tx, &row, stage::NOTICE, &actor)?;
                }
                Phase::Final => {
                    if row.notice_ends_on.is_some_and(|end| today <= end) {
                        match request.reason.as_deref() {
                            None => {
                                return Err(ApiError::new(&NOTICE_RUNNING).with_detail(format!(
                                    "公示 runs until {}; give a reason to make the results final earlier",
                                    row.notice_ends_on.map(|d| d.to_string()).unwrap_or_default()
                                )));
                            }
                            Some(reason) => to.early_final_reason = Some(reason),
                        }
                    }
                    publish(tx, &row, stage::FINAL, &actor)?;
                }
                _ => {}
            }
            let row = contests::move_to(tx, &row, &to)?;
            let view = ContestView::try_from(row)?;
            // 公示 and the final results are news for every entrant (their inbox).
            let entrants = match request.phase {
                Phase::Notice | Phase::Final => entries::entrants(tx.conn(), &id)?,
                _ => Vec::new(),
            };
            record_event(tx, "contest.phase_changed", &serde_json::json!({
                "contest_id": view.id, "phase": view.phase, "round_no": view.round_no,
                "notice_starts_on": view.notice_starts_on, "notice_ends_on": view.notice_ends_on,
                "early_final_reason": view.early_final_reason, "by": actor, "entrants": entrants,
            }))?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// What an advancement did.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AdvancementView {
    pub contest_id: String,
    /// The round now being judged.
    pub round_no: i32,
    /// Entries that moved on (per track, the best `advance` by rank; shared ranks at the
    /// boundary all move on).
    pub advanced: Vec<String>,
}

/// Close the round being judged and move its best entries on to the next round (phase
/// stays `judging`; the new round needs its own panel and assignments).
#[utoipa::path(post, path = "/api/v1/contest/contests/{contest_id}/advancement", tag = "contests", security(("bearer" = [])),
    responses((status = 200, body = AdvancementView), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (runs the contest)"]))))]
pub async fn advance(
    store: web::Data<Store>,
    caller: Caller,
    contest_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_organiser(&caller)?;
    let runner = Runner::of(&caller);
    let id = contest_id.into_inner();
    let view = store
        .write(move |tx| {
            let row = contests::lock(tx, &id)?;
            runner.require(tx.conn(), &row)?;
            if row.phase != Phase::Judging.as_str() {
                return Err(wrong_phase(&row, "rounds advance during judging"));
            }
            let rounds: Vec<Round> = from_json_text(&row.rounds)?;
            let Some(advance) = rounds
                .get(usize::try_from(row.round_no - 1).unwrap_or(usize::MAX))
                .and_then(|r| r.advance)
            else {
                return Err(wrong_phase(&row, "this is the last round"));
            };
            let standings = compute(tx.conn(), &row)?;
            let advanced: Vec<String> = standings
                .entries
                .iter()
                .filter(|s| s.result.rank.is_some_and(|rank| rank <= advance))
                .map(|s| s.result.entry_id.clone())
                .collect();
            let next = row.round_no + 1;
            entries::advance(tx, &advanced, next)?;
            contests::move_to(
                tx,
                &row,
                &PhaseMove {
                    phase: &row.phase,
                    round_no: next,
                    notice: None,
                    early_final_reason: None,
                },
            )?;
            let view = AdvancementView {
                contest_id: id,
                round_no: next,
                advanced,
            };
            record_event(tx, "contest.round_advanced", &view)?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![change, advance]
}
