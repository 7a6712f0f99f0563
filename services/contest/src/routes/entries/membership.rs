//! `/api/v1/contest/entries/{entry_id}/membership`: a team member named on an entry
//! confirms (`PUT`) or declines (`DELETE`) before the entry counts as theirs. Until they
//! confirm, the entry is not in their learning record and does not make them conflicted as a
//! judge; a judge on the contest's panel cannot confirm (409 `judge_conflicted`).

use actix_web::{HttpResponse, web};
use lt_http::openapi::WriteErrors;
use lt_http::{ApiError, Endpoints, etag};
use lt_service::Caller;
use lt_store::{Store, WriteTx, record_event};

use super::EntryView;
use crate::domain::phase::Phase;
use crate::problems::{ENTRY_STATE, JUDGE_CONFLICTED, NOT_NAMED, WRONG_PHASE};
use crate::store::entries::{self, status};
use crate::store::{contests, from_json_text, panel, to_json_text};

/// Confirm being a member of a team entry that names the caller.
#[utoipa::path(put, path = "/api/v1/contest/entries/{entry_id}/membership", tag = "entries", security(("bearer" = [])),
    responses((status = 200, body = EntryView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["a team member named on the entry (themself)"]))))]
pub async fn confirm(
    store: web::Data<Store>,
    caller: Caller,
    entry_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    answer(&store, &caller, entry_id.into_inner(), true).await
}

/// Decline being a member of a team entry that names the caller.
#[utoipa::path(delete, path = "/api/v1/contest/entries/{entry_id}/membership", tag = "entries", security(("bearer" = [])),
    responses((status = 200, body = EntryView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["a team member named on the entry (themself)"]))))]
pub async fn decline(
    store: web::Data<Store>,
    caller: Caller,
    entry_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    answer(&store, &caller, entry_id.into_inner(), false).await
}

async fn answer(
    store: &Store,
    caller: &Caller,
    id: String,
    joins: bool,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let view = store.write(move |tx| settle(tx, &id, &me, joins)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

fn settle(tx: &mut WriteTx<'_>, id: &str, me: &str, joins: bool) -> Result<EntryView, ApiError> {
    let row = entries::find(tx.conn(), id)?;
    let contest = contests::lock(tx, &row.contest_id)?;
    let row = entries::find(tx.conn(), id)?;
    let mut members: Vec<String> = from_json_text(&row.members)?;
    let mut pending: Vec<String> = from_json_text(&row.pending_members)?;
    let Some(at) = pending.iter().position(|p| p == me) else {
        // Neither named nor a member: the entry is not the caller's to see.
        if members.iter().any(|m| m == me) {
            return Err(ApiError::new(&NOT_NAMED).with_detail("you are a member already"));
        }
        return Err(ApiError::not_found());
    };
    if [status::WITHDRAWN, status::DISQUALIFIED].contains(&row.status.as_str()) {
        return Err(ApiError::new(&ENTRY_STATE).with_detail(format!("the entry is {}", row.status)));
    }
    if Phase::parse(&contest.phase).is_some_and(Phase::published) {
        return Err(ApiError::new(&WRONG_PHASE).with_detail("results are published"));
    }
    if joins && panel::sits_on(tx.conn(), &contest.id, me)? {
        return Err(ApiError::new(&JUDGE_CONFLICTED)
            .with_detail("a judge on the contest's panel does not join an entry of it"));
    }
    pending.remove(at);
    if joins {
        members.push(me.to_owned());
    }
    let row = entries::set_members(tx, &row, &to_json_text(&members)?, &to_json_text(&pending)?)?
        .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
    let view = EntryView::of(row)?;
    let kind = if joins {
        "contest.entry.member_confirmed"
    } else {
        "contest.entry.member_declined"
    };
    record_event(
        tx,
        kind,
        &serde_json::json!({"entry_id": view.id, "contest_id": view.contest_id, "person_id": me}),
    )?;
    Ok(view)
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![confirm, decline]
}
