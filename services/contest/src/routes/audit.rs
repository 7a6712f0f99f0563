//! A contest's judging oversight: the score-sheet audit trail (hash-chained, append-only),
//! its verification, and judging progress (sheets due and submitted per judge).

use lt_http::Endpoints;
use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_directory::local;
use lt_http::openapi::ReadErrors;
use lt_http::{ApiError, Page, PageQuery};
use lt_service::Caller;
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::utc;
use crate::access::{Runner, require_admin, require_organiser};
use crate::domain::audit::{Link, verify};
use crate::store::panel::status as assignment_status;
use crate::store::sheets::{self, AuditRow, status as sheet_status};
use crate::store::{contests, panel};

/// One record of the audit trail.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditRecordView {
    pub position: i64,
    pub sheet_id: String,
    /// `saved`, `submitted` or `amended`.
    pub action: String,
    pub actor: String,
    pub reason: Option<String>,
    /// The sheet's scores after the action (criterion id → hundredths), as hashed.
    pub scores: String,
    pub prev_hash: String,
    pub hash: String,
    pub created_at: DateTime<Utc>,
}

impl From<AuditRow> for AuditRecordView {
    fn from(r: AuditRow) -> Self {
        Self {
            created_at: utc(r.created_at),
            position: r.position,
            sheet_id: r.sheet_id,
            action: r.action,
            actor: r.actor,
            reason: r.reason,
            scores: r.scores,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

/// The contest's score-sheet audit trail, oldest first (the programme office).
#[utoipa::path(get, path = "/api/v1/contest/contests/{contest_id}/audit", tag = "judging", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<AuditRecordView>), ReadErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn trail(
    store: web::Data<Store>,
    caller: Caller,
    contest_id: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    require_admin(&caller)?;
    let page = query.resolve()?;
    let id = contest_id.into_inner();
    let view = store
        .read(move |conn| -> Result<_, ApiError> {
            contests::find(conn, &id)?;
            let rows = sheets::trail(conn, &id, page.after, page.fetch())?;
            Ok(Page::from_rows(
                rows,
                page,
                |r| r.position,
                AuditRecordView::from,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Whether the chain holds.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct VerificationView {
    pub contest_id: String,
    pub intact: bool,
    pub records: usize,
    /// The first record whose hash or link does not hold.
    pub first_broken_position: Option<i64>,
}

/// Verify the audit trail's hash chain (the programme office).
#[utoipa::path(get, path = "/api/v1/contest/contests/{contest_id}/audit/verification", tag = "judging", security(("bearer" = [])),
    responses((status = 200, body = VerificationView), ReadErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn verification(
    store: web::Data<Store>,
    caller: Caller,
    contest_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_admin(&caller)?;
    let id = contest_id.into_inner();
    let view = store
        .snapshot(move |conn| -> Result<_, ApiError> {
            contests::find(conn, &id)?;
            let links: Vec<Link> = sheets::trail(conn, &id, 0, i64::MAX)?
                .into_iter()
                .map(Link::from)
                .collect();
            let verdict = verify(&links);
            Ok(VerificationView {
                contest_id: id,
                intact: verdict.first_broken.is_none(),
                records: verdict.records,
                first_broken_position: verdict.first_broken,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// One judge's progress in the round being judged.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct JudgeProgress {
    pub judge_id: String,
    pub name: Option<String>,
    pub trainee: bool,
    pub assigned: usize,
    pub recused: usize,
    pub drafts: usize,
    pub submitted: usize,
    /// Assigned entries without a submitted sheet.
    pub due: usize,
}

/// Judging progress of the round being judged.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ProgressView {
    pub contest_id: String,
    pub round_no: i32,
    pub phase: String,
    pub sheets_due: usize,
    pub sheets_submitted: usize,
    pub judges: Vec<JudgeProgress>,
}

/// Judging progress per judge (organisers).
#[utoipa::path(get, path = "/api/v1/contest/contests/{contest_id}/progress", tag = "judging", security(("bearer" = [])),
    responses((status = 200, body = ProgressView), ReadErrors),
    extensions(("x-roles" = json!(["admin", "organiser (runs the contest)"]))))]
pub async fn progress(
    store: web::Data<Store>,
    caller: Caller,
    contest_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_organiser(&caller)?;
    let runner = Runner::of(&caller);
    let id = contest_id.into_inner();
    let view = store
        .snapshot(move |conn| -> Result<_, ApiError> {
            let contest = contests::find(conn, &id)?;
            runner.require(conn, &contest)?;
            let round = contest.round_no;
            let judges = panel::judges_of(conn, &id, round)?;
            let names = local::people_names(
                conn,
                &judges
                    .iter()
                    .map(|j| j.person_id.clone())
                    .collect::<Vec<_>>(),
            )?;
            let mut by_judge: HashMap<String, JudgeProgress> = judges
                .iter()
                .map(|j| {
                    (
                        j.person_id.clone(),
                        JudgeProgress {
                            judge_id: j.person_id.clone(),
                            name: names.get(&j.person_id).cloned(),
                            trainee: j.trainee,
                            assigned: 0,
                            recused: 0,
                            drafts: 0,
                            submitted: 0,
                            due: 0,
                        },
                    )
                })
                .collect();
            for a in panel::of_round(conn, &id, round)? {
                if let Some(p) = by_judge.get_mut(&a.judge_id) {
                    if a.status == assignment_status::RECUSED {
                        p.recused += 1
                    } else {
                        p.assigned += 1
                    }
                }
            }
            for s in sheets::of_round(conn, &id, round)? {
                if let Some(p) = by_judge.get_mut(&s.judge_id) {
                    if s.status == sheet_status::SUBMITTED {
                        p.submitted += 1
                    } else {
                        p.drafts += 1
                    }
                }
            }
            let mut judges: Vec<JudgeProgress> = by_judge.into_values().collect();
            judges.sort_by(|a, b| a.judge_id.cmp(&b.judge_id));
            for j in &mut judges {
                j.due = j.assigned.saturating_sub(j.submitted);
            }
            Ok(ProgressView {
                sheets_due: judges.iter().map(|j| j.due).sum(),
                sheets_submitted: judges.iter().map(|j| j.submitted).sum(),
                contest_id: id,
                round_no: round,
                phase: contest.phase,
                judges,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![trail, verification, progress]
}
