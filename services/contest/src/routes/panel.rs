//! `/api/v1/contest/contests/{contest_id}/judges` and `…/assignments`: the panel of the
//! round being judged, and who scores which entry. Conflicts come from the org chart
//! (`domain::panel`): a judge never gets an entry they belong to, nor one from their own
//! department's subtree; declared recusals (with a reason) come on top. Trainee judges
//! score like the others; their sheets are kept and shown, never counted.

use lt_http::Endpoints;
use std::collections::HashSet;

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_directory::{Directory, local};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{
    check_optional_text, check_text, field_errors, trimmed, unknown_reference,
};
use lt_http::{ApiError, FieldError, Json, Validate};
use lt_service::Caller;
use lt_store::{DbConnection, Store, now_utc, record_event};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::entries::EntryView;
use super::utc;
use crate::access::{Runner, require_organiser, runs_contests};
use crate::domain::panel::{self, PanelEntry, PanelJudge, Spread};
use crate::domain::phase::Phase;
use crate::problems::{JUDGE_CONFLICTED, SHEET_LOCKED, WRONG_PHASE};
use crate::store::panel::{self as panel_store, AssignmentRow, JudgeRow, status};
use crate::store::{contests, entries, from_json_text, sheets};

mod views;
pub use views::*;

/// Add a judge to the panel of the round being judged (before results are published). A
/// second add of the same person changes nothing.
#[utoipa::path(post, path = "/api/v1/contest/contests/{contest_id}/judges", tag = "judging", security(("bearer" = [])),
    request_body = NewJudge, responses((status = 201, body = JudgeView), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (runs the contest)"]))))]
pub async fn add(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    contest_id: web::Path<String>,
    body: Json<NewJudge>,
) -> Result<HttpResponse, ApiError> {
    require_organiser(&caller)?;
    let request = body.into_inner();
    let person = directory
        .person(trimmed(&request.person_id))
        .await?
        .ok_or_else(|| unknown_reference("person_id", "person"))?;
    let id = contest_id.into_inner();
    let actor = caller.user.subject().into_owned();
    let runner = Runner::of(&caller);
    let view = store
        .write(move |tx| {
            let contest = contests::lock(tx, &id)?;
            runner.require(tx.conn(), &contest)?;
            if contest.created_by == person.id || entries::is_entrant(tx.conn(), &id, &person.id)? {
                return Err(ApiError::new(&JUDGE_CONFLICTED).with_errors(vec![FieldError::new(
                    "person_id",
                    "conflict",
                    "the contest's creator and its entrants do not sit on its panel",
                )]));
            }
            if Phase::parse(&contest.phase).is_some_and(Phase::published) {
                return Err(ApiError::new(&WRONG_PHASE).with_detail("results are published"));
            }
            let row = JudgeRow {
                contest_id: id.clone(),
                round_no: contest.round_no,
                person_id: person.id.clone(),
                trainee: request.trainee,
                org_unit_id: person.org_unit_id.clone(),
                added_by: actor,
                created_at: now_utc(),
            };
            if panel_store::add_judge(tx, &row)? {
                record_event(tx, "contest.judge.added", &serde_json::json!({"contest_id": id, "round_no": row.round_no, "person_id": row.person_id, "trainee": row.trainee}))?;
            }
            let row = panel_store::judge(tx.conn(), &id, contest.round_no, &person.id)?.ok_or_else(ApiError::not_found)?;
            Ok::<_, ApiError>(JudgeView { name: Some(person.name.clone()), created_at: utc(row.created_at), contest_id: row.contest_id, round_no: row.round_no, person_id: row.person_id, trainee: row.trainee, org_unit_id: row.org_unit_id })
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// The panel of the round being judged (organisers).
#[utoipa::path(get, path = "/api/v1/contest/contests/{contest_id}/judges", tag = "judging", security(("bearer" = [])),
    responses((status = 200, body = Vec<JudgeView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "organiser (runs the contest)"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    contest_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_organiser(&caller)?;
    let runner = Runner::of(&caller);
    let id = contest_id.into_inner();
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let contest = contests::find(conn, &id)?;
            runner.require(conn, &contest)?;
            let rows = panel_store::judges_of(conn, &id, contest.round_no)?;
            let names = local::people_names(
                conn,
                &rows.iter().map(|r| r.person_id.clone()).collect::<Vec<_>>(),
            )?;
            Ok(rows
                .into_iter()
                .map(|r| JudgeView {
                    name: names.get(&r.person_id).cloned(),
                    created_at: utc(r.created_at),
                    contest_id: r.contest_id,
                    round_no: r.round_no,
                    person_id: r.person_id,
                    trainee: r.trainee,
                    org_unit_id: r.org_unit_id,
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// An assignment of an entry to a judge.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct JudgeAssignmentView {
    pub contest_id: String,
    pub round_no: i32,
    pub entry_id: String,
    pub judge_id: String,
    /// `assigned` or `recused`.
    pub status: String,
    pub recusal_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<AssignmentRow> for JudgeAssignmentView {
    fn from(r: AssignmentRow) -> Self {
        Self {
            created_at: utc(r.created_at),
            contest_id: r.contest_id,
            round_no: r.round_no,
            entry_id: r.entry_id,
            judge_id: r.judge_id,
            status: r.status,
            recusal_reason: r.recusal_reason,
        }
    }
}

/// How to spread the entries; absent: every judge every entry without a conflict.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentSpread {
    /// A balanced subset: each entry to this many judges (the least loaded first).
    #[schema(minimum = 1, maximum = 100)]
    pub judges_per_entry: Option<u32>,
}

impl Validate for AssignmentSpread {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Some(n) = self.judges_per_entry {
            lt_http::validation::check_range("judges_per_entry", n, 1..=100, &mut errors);
        }
        field_errors(errors)
    }
}

/// The judge's department subtree: the nearest `department` unit at or above their unit.
fn department_subtree(
    conn: &mut DbConnection,
    unit: Option<&str>,
) -> Result<HashSet<String>, ApiError> {
    let Some(unit) = unit else {
        return Ok(HashSet::new());
    };
    let ancestry = local::ancestry(conn, unit)?;
    let mut root = unit.to_owned();
    for id in &ancestry {
        if local::org_unit(conn, id)?.is_some_and(|u| u.kind == "department") {
            root.clone_from(id);
            break;
        }
    }
    Ok(local::subtree(conn, &root)?.into_iter().collect())
}

/// Assign the round's submitted entries to its judges, skipping conflicts and recusals;
/// what is assigned already stays. Answers every assignment of the round.
#[utoipa::path(post, path = "/api/v1/contest/contests/{contest_id}/assignments", tag = "judging", security(("bearer" = [])),
    request_body = Option<AssignmentSpread>, responses((status = 200, body = Vec<JudgeAssignmentView>), WriteErrors),
    extensions(("x-roles" = json!(["admin", "organiser (runs the contest)"]))))]
pub async fn assign(
    store: web::Data<Store>,
    caller: Caller,
    contest_id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    require_organiser(&caller)?;
    // The body is optional (absent: every judge every entry), but when sent it is checked
    // like any other.
    let text = String::from_utf8_lossy(&body);
    let request: AssignmentSpread = if matches!(text.trim(), "" | "null") {
        AssignmentSpread::default()
    } else {
        let request: AssignmentSpread = lt_http::extract::parse_json(&body)?;
        request.validate().map_err(ApiError::validation)?;
        request
    };
    let spread = match request.judges_per_entry {
        Some(n) => Spread::Balanced(usize::try_from(n).unwrap_or(1)),
        None => Spread::Every,
    };
    let id = contest_id.into_inner();
    let runner = Runner::of(&caller);
    let views = store
        .write(move |tx| {
            let contest = contests::lock(tx, &id)?;
            runner.require(tx.conn(), &contest)?;
            if Phase::parse(&contest.phase).is_some_and(Phase::published) {
                return Err(ApiError::new(&WRONG_PHASE).with_detail("results are published"));
            }
            let round = contest.round_no;
            let mut judges = Vec::new();
            for j in panel_store::judges_of(tx.conn(), &id, round)? {
                let department_subtree = department_subtree(tx.conn(), j.org_unit_id.as_deref())?;
                judges.push(PanelJudge { person_id: j.person_id, department_subtree });
            }
            let round_entries = entries::in_round(tx.conn(), &id, round)?
                .into_iter()
                .map(|e| Ok(PanelEntry { members: from_json_text(&e.members)?, id: e.id, org_unit_id: e.org_unit_id }))
                .collect::<Result<Vec<_>, ApiError>>()?;
            let existing_rows = panel_store::of_round(tx.conn(), &id, round)?;
            let existing = existing_rows.iter().filter(|a| a.status == status::ASSIGNED).map(|a| (a.entry_id.clone(), a.judge_id.clone())).collect();
            let recused = existing_rows.iter().filter(|a| a.status == status::RECUSED).map(|a| (a.entry_id.clone(), a.judge_id.clone())).collect();
            let pairs = panel::assign(&judges, &round_entries, spread, &existing, &recused);
            panel_store::assign(tx, &id, round, &pairs)?;
            // Who got how many (never which entries: the judges' inboxes say "new assignments").
            let mut per_judge: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
            for (_, judge) in &pairs {
                *per_judge.entry(judge.as_str()).or_default() += 1;
            }
            let judges: Vec<serde_json::Value> = per_judge.into_iter().map(|(person_id, count)| serde_json::json!({"person_id": person_id, "new_assignments": count})).collect();
            record_event(tx, "contest.assigned", &serde_json::json!({"contest_id": id, "round_no": round, "new_assignments": pairs.len(), "judges": judges}))?;
            Ok::<_, ApiError>(panel_store::of_round(tx.conn(), &id, round)?.into_iter().map(JudgeAssignmentView::from).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// An assignment as its judge sees it: with the entry (no identity in blind contests) and
/// the state of their own sheet.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct MyJudgingView {
    pub contest_id: String,
    pub contest_title: String,
    pub round_no: i32,
    pub status: String,
    pub entry: EntryView,
    /// `none`, `draft` or `submitted`.
    pub sheet_status: String,
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssignmentFilter {
    /// Only this contest's.
    #[param(min_length = 1, max_length = 100)]
    pub contest_id: Option<String>,
}

/// The caller's own assignments in rounds being judged (as a judge).
#[utoipa::path(get, path = "/api/v1/contest/me/assignments", tag = "judging", security(("bearer" = [])),
    params(AssignmentFilter), responses((status = 200, body = Vec<MyJudgingView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person (their own)"]))))]
pub async fn mine(
    store: web::Data<Store>,
    caller: Caller,
    filter: web::Query<AssignmentFilter>,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let contest_filter = filter.into_inner().contest_id;
    if contest_filter
        .as_deref()
        .is_some_and(|c| c.is_empty() || c.len() > 100)
    {
        return Err(
            ApiError::new(&lt_http::kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "contest_id",
                "invalid",
                "a contest id",
            )]),
        );
    }
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let mut out = Vec::new();
            for a in panel_store::of_judge(conn, &me, contest_filter.as_deref())? {
                let contest = contests::find(conn, &a.contest_id)?;
                if a.round_no != contest.round_no
                    || a.status != status::ASSIGNED
                    || contest.phase != Phase::Judging.as_str()
                {
                    continue;
                }
                let sheet = sheets::of_judge(conn, &a.contest_id, a.round_no, &a.entry_id, &me)?;
                out.push(MyJudgingView {
                    entry: EntryView::for_judge(entries::find(conn, &a.entry_id)?, contest.blind)?,
                    contest_title: contest.title,
                    contest_id: a.contest_id,
                    round_no: a.round_no,
                    status: a.status,
                    sheet_status: sheet.map_or_else(|| "none".to_owned(), |s| s.status),
                });
            }
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// A recusal: the caller's own (as a judge), or, by an organiser, a named judge's.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Recusal {
    #[schema(min_length = 1, max_length = 1000, pattern = "\\S")]
    pub reason: String,
    /// The judge (organisers only; absent: the caller).
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub judge_id: Option<String>,
}

impl Validate for Recusal {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("reason", &self.reason, 1000, &mut errors);
        check_optional_text("judge_id", self.judge_id.as_deref(), 100, &mut errors);
        field_errors(errors)
    }
}

/// Recuse a judge from an entry of the round being judged, with a reason. Refused once the
/// judge has submitted a sheet for it. The entry's result is the mean of the other sheets.
#[utoipa::path(post, path = "/api/v1/contest/entries/{entry_id}/recusal", tag = "judging", security(("bearer" = [])),
    request_body = Recusal, responses((status = 200, body = JudgeAssignmentView), WriteErrors),
    extensions(("x-roles" = json!(["a judge of the round (their own)", "admin", "organiser (runs the contest)"]))))]
pub async fn recuse(
    store: web::Data<Store>,
    caller: Caller,
    entry_id: web::Path<String>,
    body: Json<Recusal>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    let judge_id = match &request.judge_id {
        Some(judge) if runs_contests(&caller) => judge.clone(),
        Some(_) => {
            return Err(ApiError::forbidden()
                .with_detail("organisers recuse others; a judge recuses themself"));
        }
        None => caller.person_id()?.to_owned(),
    };
    let reason = trimmed(&request.reason).to_owned();
    let id = entry_id.into_inner();
    let runner = request.judge_id.is_some().then(|| Runner::of(&caller));
    let view = store
        .write(move |tx| {
            let entry = entries::find(tx.conn(), &id)?;
            let contest = contests::lock(tx, &entry.contest_id)?;
            if let Some(runner) = &runner {
                runner.require(tx.conn(), &contest)?;
            }
            if panel_store::judge(tx.conn(), &contest.id, contest.round_no, &judge_id)?.is_none() {
                return Err(ApiError::not_found());
            }
            if Phase::parse(&contest.phase).is_some_and(Phase::published) {
                return Err(ApiError::new(&WRONG_PHASE).with_detail("results are published"));
            }
            let sheet = sheets::of_judge(tx.conn(), &contest.id, contest.round_no, &id, &judge_id)?;
            if sheet.is_some_and(|s| s.status == sheets::status::SUBMITTED) {
                return Err(ApiError::new(&SHEET_LOCKED)
                    .with_detail("the judge has submitted a sheet for this entry"));
            }
            panel_store::recuse(tx, &contest.id, contest.round_no, &id, &judge_id, &reason)?;
            let row =
                panel_store::assignment(tx.conn(), &contest.id, contest.round_no, &id, &judge_id)?
                    .ok_or_else(ApiError::not_found)?;
            let view = JudgeAssignmentView::from(row);
            record_event(tx, "contest.judge.recused", &view)?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![add, list, assign, mine, recuse]
}
