//! Score sheets: a judge's scores per criterion for an entry assigned to them, saved as
//! drafts, then submitted (which locks the sheet, and, at the contest's first submitted
//! sheet, the rubric). After the lock only the programme office changes a score, with a
//! reason. Every save, submission and change is appended to the contest's hash-chained audit
//! trail in the same transaction. A judge sees only their own sheets.

use lt_http::Endpoints;
use std::collections::{BTreeMap, HashMap};

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_optional_text, check_text, field_errors};
use lt_http::{ApiError, FieldError, Json, Validate, etag};
use lt_programme::format_scaled;
use lt_service::Caller;
use lt_store::{Store, WriteTx, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::utc;
use crate::access::{Runner, require_admin};
use crate::domain::phase::Phase;
use crate::domain::rubric::parse_score;
use crate::problems::{SHEET_INCOMPLETE, SHEET_LOCKED, WINDOW_CLOSED, WRONG_PHASE};
use crate::store::contests::{self, ContestRow, CriterionRow};
use crate::store::sheets::{self, Scores, SheetRow, SheetWrite, status};
use crate::store::{entries, panel};

/// One criterion's score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreItem {
    #[schema(min_length = 1, max_length = 100)]
    pub criterion_id: String,
    /// Decimal text with at most two places, from 0 to the criterion's `max_score`.
    #[schema(pattern = r"^\d{1,4}(\.\d{1,2})?$", example = "8.5")]
    pub score: String,
}

/// A sheet as sent: scores (all or some, while a draft) and comments.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SheetInput {
    #[schema(max_items = 20)]
    pub scores: Vec<ScoreItem>,
    #[schema(min_length = 1, max_length = 4000, pattern = "\\S")]
    pub comments: Option<String>,
}

impl Validate for SheetInput {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.scores.len() > 20 {
            errors.push(FieldError::new(
                "scores",
                "out_of_range",
                "at most 20 scores",
            ));
        }
        check_optional_text("comments", self.comments.as_deref(), 4000, &mut errors);
        field_errors(errors)
    }
}

/// A score sheet.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SheetView {
    pub id: String,
    pub contest_id: String,
    pub round_no: i32,
    pub entry_id: String,
    pub judge_id: String,
    /// A trainee judge's sheet: kept, never counted.
    pub trainee: bool,
    pub scores: Vec<ScoreItem>,
    pub comments: Option<String>,
    /// `draft` or `submitted` (locked).
    pub status: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl SheetView {
    pub fn of(row: SheetRow) -> Result<Self, ApiError> {
        Ok(Self {
            scores: row
                .scores()?
                .into_iter()
                .map(|(criterion_id, s)| ScoreItem {
                    criterion_id,
                    score: format_scaled(s, 2),
                })
                .collect(),
            submitted_at: row.submitted_at.map(utc),
            updated_at: utc(row.updated_at),
            id: row.id,
            contest_id: row.contest_id,
            round_no: row.round_no,
            entry_id: row.entry_id,
            judge_id: row.judge_id,
            trainee: row.trainee,
            comments: row.comments,
            status: row.status,
            version: row.version,
        })
    }
}

/// The scores of `items` checked against the rubric: field errors name `scores[i]`.
fn checked_scores(rubric: &[CriterionRow], items: &[ScoreItem]) -> Result<Scores, ApiError> {
    let max: HashMap<&str, i64> = rubric
        .iter()
        .map(|c| (c.id.as_str(), i64::from(c.max_score)))
        .collect();
    let mut scores = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(&max_score) = max.get(item.criterion_id.as_str()) else {
            errors.push(FieldError::new(
                format!("scores[{i}].criterion_id"),
                "unknown_reference",
                "not a criterion of this contest's rubric",
            ));
            continue;
        };
        match parse_score(&item.score, max_score) {
            Err(why) => errors.push(FieldError::new(
                format!("scores[{i}].score"),
                "out_of_range",
                why,
            )),
            Ok(_) if scores.contains_key(&item.criterion_id) => {
                errors.push(FieldError::new(
                    format!("scores[{i}].criterion_id"),
                    "duplicate",
                    "one score per criterion",
                ));
            }
            Ok(s) => {
                scores.insert(item.criterion_id.clone(), s);
            }
        }
    }
    if errors.is_empty() {
        Ok(scores)
    } else {
        Err(ApiError::validation(errors))
    }
}

/// The contest of an entry, locked, when the caller may score it now; the judge's trainee flag.
fn judging(
    tx: &mut WriteTx<'_>,
    entry_id: &str,
    judge: &str,
) -> Result<(ContestRow, bool), ApiError> {
    let entry = entries::find(tx.conn(), entry_id)?;
    let contest = contests::lock(tx, &entry.contest_id)?;
    let seat = panel::judge(tx.conn(), &contest.id, contest.round_no, judge)?;
    let assigned = panel::assignment(tx.conn(), &contest.id, contest.round_no, entry_id, judge)?
        .is_some_and(|a| a.status == panel::status::ASSIGNED);
    let (Some(seat), true) = (seat, assigned) else {
        return Err(ApiError::not_found());
    };
    if contest.phase != Phase::Judging.as_str() {
        return Err(ApiError::new(&WRONG_PHASE).with_detail(format!(
            "sheets are scored in phase judging; the contest is in {}",
            contest.phase
        )));
    }
    if contest
        .judging_closes_on
        .is_some_and(|last| lt_programme::today() > last)
    {
        return Err(ApiError::new(&WINDOW_CLOSED).with_detail("the judging window is closed"));
    }
    Ok((contest, seat.trainee))
}

/// Save the caller's own sheet for an entry assigned to them (a draft; all or some
/// scores). A submitted sheet answers 409 `sheet_locked`.
#[utoipa::path(put, path = "/api/v1/contest/entries/{entry_id}/sheet", tag = "judging", security(("bearer" = [])),
    request_body = SheetInput, responses((status = 200, body = SheetView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["a judge assigned to the entry (their own sheet)"]))))]
pub async fn save(
    store: web::Data<Store>,
    caller: Caller,
    entry_id: web::Path<String>,
    body: Json<SheetInput>,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let input = body.into_inner();
    let id = entry_id.into_inner();
    let view = store
        .write(move |tx| {
            let (contest, trainee) = judging(tx, &id, &me)?;
            let rubric = contests::rubric_of(tx.conn(), &contest.id)?;
            let scores = checked_scores(&rubric, &input.scores)?;
            let write = SheetWrite::new(&rubric, &scores, input.comments.as_deref(), false);
            let row = match sheets::of_judge(tx.conn(), &contest.id, contest.round_no, &id, &me)? {
                Some(row) if row.status == status::SUBMITTED => {
                    return Err(ApiError::new(&SHEET_LOCKED));
                }
                Some(row) => sheets::rewrite(tx, &row, &write)?,
                None => {
                    sheets::insert(tx, &contest.id, contest.round_no, &id, &me, trainee, &write)?
                }
            };
            sheets::audit(tx, &row, "saved", &me, None)?;
            SheetView::of(row)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// The caller's own sheet for an entry.
#[utoipa::path(get, path = "/api/v1/contest/entries/{entry_id}/sheet", tag = "judging", security(("bearer" = [])),
    responses((status = 200, body = SheetView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["a judge (their own sheet)"]))))]
pub async fn read_own(
    store: web::Data<Store>,
    caller: Caller,
    entry_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let id = entry_id.into_inner();
    let view = store
        .read(move |conn| -> Result<_, ApiError> {
            let entry = entries::find(conn, &id)?;
            let contest = contests::find(conn, &entry.contest_id)?;
            SheetView::of(
                sheets::of_judge(conn, &contest.id, contest.round_no, &id, &me)?
                    .ok_or_else(ApiError::not_found)?,
            )
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// Submit the caller's own sheet: every criterion scored; locks it (and the rubric). A
/// repeated submission answers the sheet as it is.
#[utoipa::path(post, path = "/api/v1/contest/entries/{entry_id}/sheet/submission", tag = "judging", security(("bearer" = [])),
    responses((status = 200, body = SheetView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["a judge assigned to the entry (their own sheet)"]))))]
pub async fn submit(
    store: web::Data<Store>,
    caller: Caller,
    entry_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let id = entry_id.into_inner();
    let view = store
        .write(move |tx| {
            let (contest, _) = judging(tx, &id, &me)?;
            let row = sheets::of_judge(tx.conn(), &contest.id, contest.round_no, &id, &me)?
                .ok_or_else(|| ApiError::new(&SHEET_INCOMPLETE).with_detail("save the scores first (PUT …/sheet)"))?;
            if row.status == status::SUBMITTED {
                return SheetView::of(row);
            }
            let scores = row.scores()?;
            let rubric = contests::rubric_of(tx.conn(), &contest.id)?;
            let missing: Vec<&str> = rubric.iter().filter(|c| !scores.contains_key(&c.id)).map(|c| c.name.as_str()).collect();
            if !missing.is_empty() {
                return Err(ApiError::new(&SHEET_INCOMPLETE).with_detail(format!("not scored: {}", missing.join("、"))));
            }
            let row = sheets::rewrite(tx, &row, &SheetWrite::new(&rubric, &scores, row.comments.as_deref(), true))?;
            contests::lock_rubric(tx, &contest)?;
            sheets::audit(tx, &row, "submitted", &me, None)?;
            let view = SheetView::of(row)?;
            record_event(tx, "contest.sheet.submitted", &serde_json::json!({"contest_id": view.contest_id, "round_no": view.round_no, "entry_id": view.entry_id, "judge_id": view.judge_id, "sheet_id": view.id}))?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// A sheet by id: its judge, organisers and the programme office.
#[utoipa::path(get, path = "/api/v1/contest/sheets/{sheet_id}", tag = "judging", security(("bearer" = [])),
    responses((status = 200, body = SheetView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["its judge", "admin", "organiser (runs the contest)"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    sheet_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = sheet_id.into_inner();
    let runner = Runner::of(&caller);
    let me = caller.user.person_id().map(str::to_owned);
    let row = store
        .read(move |conn| -> Result<_, ApiError> {
            let row = sheets::find(conn, &id)?;
            if me.as_deref() == Some(row.judge_id.as_str()) {
                return Ok(row);
            }
            let contest = contests::find(conn, &row.contest_id)?;
            if runner.runs(conn, &contest)? {
                Ok(row)
            } else {
                Err(ApiError::not_found())
            }
        })
        .await?;
    let view = SheetView::of(row)?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// A change to a submitted sheet by the programme office.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    /// The full set of scores after the change.
    #[schema(min_items = 1, max_items = 20)]
    pub scores: Vec<ScoreItem>,
    #[schema(min_length = 1, max_length = 4000, pattern = "\\S")]
    pub comments: Option<String>,
    /// Why the score changes (kept in the audit trail).
    #[schema(min_length = 1, max_length = 1000, pattern = "\\S")]
    pub reason: String,
}

impl Validate for Amendment {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("reason", &self.reason, 1000, &mut errors);
        check_optional_text("comments", self.comments.as_deref(), 4000, &mut errors);
        field_errors(errors)
    }
}

/// Change a submitted sheet's scores (the programme office, with a reason; until results
/// are final). Audited with the reason.
#[utoipa::path(put, path = "/api/v1/contest/sheets/{sheet_id}", tag = "judging", security(("bearer" = [])),
    request_body = Amendment, responses((status = 200, body = SheetView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn amend(
    store: web::Data<Store>,
    caller: Caller,
    sheet_id: web::Path<String>,
    body: Json<Amendment>,
) -> Result<HttpResponse, ApiError> {
    require_admin(&caller)?;
    let actor = caller.user.subject().into_owned();
    let input = body.into_inner();
    let id = sheet_id.into_inner();
    let view = store
        .write(move |tx| {
            let row = sheets::find(tx.conn(), &id)?;
            let contest = contests::lock(tx, &row.contest_id)?;
            let row = sheets::find(tx.conn(), &id)?;
            if contest.phase == Phase::Final.as_str() {
                return Err(ApiError::new(&WRONG_PHASE).with_detail("results are final"));
            }
            if row.status != status::SUBMITTED {
                return Err(ApiError::new(&WRONG_PHASE).with_detail("a draft is the judge's to change"));
            }
            let rubric = contests::rubric_of(tx.conn(), &contest.id)?;
            let scores = checked_scores(&rubric, &input.scores)?;
            if let Some(c) = rubric.iter().find(|c| !scores.contains_key(&c.id)) {
                return Err(ApiError::validation(vec![FieldError::new("scores", "required", format!("a score for {}", c.name))]));
            }
            let reason = lt_http::validation::trimmed(&input.reason).to_owned();
            let row = sheets::rewrite(tx, &row, &SheetWrite::new(&rubric, &scores, input.comments.as_deref().or(row.comments.as_deref()), true))?;
            sheets::audit(tx, &row, "amended", &actor, Some(&reason))?;
            let view = SheetView::of(row)?;
            record_event(tx, "contest.sheet.amended", &serde_json::json!({"contest_id": view.contest_id, "sheet_id": view.id, "entry_id": view.entry_id, "judge_id": view.judge_id, "reason": reason, "by": actor}))?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![save, read_own, submit, read, amend]
}
