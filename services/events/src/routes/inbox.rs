//! `/api/v1/events/me/inbox`: the caller's notices, newest first — enrolment confirmed,
//! promoted from the waitlist, a session cancelled, a decision on a degree application or a
//! reimbursement claim, a hold ready, a note featured or returned, a judging invitation,
//! results in 公示 and final, an objection answered (`domain::notices`). Only the addressee
//! reads a notice (anyone else: 404). Notices are kept `EVENTS_NOTICE_RETENTION_DAYS` (365)
//! days. The summary is cheap and answers 304 to its own ETag, for a phone to poll.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::pagination::encode_cursor;
use lt_http::{ApiError, Endpoints, Page, PageQuery};
use lt_service::Caller;
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::views::NoticeView;
use crate::store::notices;

/// `?unread=true` of the inbox.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// Only notices not read yet.
    pub unread: Option<bool>,
}

/// The caller's notices, newest first.
#[utoipa::path(get, path = "/api/v1/events/me/inbox", tag = "inbox", security(("bearer" = [])),
    params(PageQuery, InboxQuery), responses((status = 200, body = Page<NoticeView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person (their own)"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    page: web::Query<PageQuery>,
    filter: web::Query<InboxQuery>,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let request = page.resolve()?;
    // Newest first: the cursor is the number of the last notice shown (0: the first page).
    let before = (request.after > 0).then_some(request.after);
    let unread = filter.unread.unwrap_or(false);
    let mut rows = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(notices::page(conn, &me, before, unread, request.fetch())?)
        })
        .await?;
    let more = rows.len() as i64 > request.limit;
    rows.truncate(usize::try_from(request.limit).unwrap_or(usize::MAX));
    let next_cursor = more
        .then(|| rows.last().map(|r| encode_cursor(r.seq)))
        .flatten();
    Ok(HttpResponse::Ok().json(Page {
        items: rows.into_iter().map(NoticeView::from).collect::<Vec<_>>(),
        next_cursor,
    }))
}

/// Mark one of the caller's notices read.
#[utoipa::path(post, path = "/api/v1/events/me/inbox/{notice_id}/read", tag = "inbox", security(("bearer" = [])),
    responses((status = 200, body = NoticeView), WriteErrors),
    extensions(("x-roles" = json!(["the notice's addressee"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    notice_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let id = notice_id.into_inner();
    let view = store
        .write(move |tx| -> Result<_, ApiError> {
            if !notices::mark_read(tx, &me, &id)? {
                return Err(ApiError::not_found());
            }
            Ok(NoticeView::from(notices::find_own(tx.conn(), &me, &id)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// How many notices were marked read.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Marked {
    pub marked: u64,
}

/// Mark every notice of the caller read.
#[utoipa::path(post, path = "/api/v1/events/me/inbox/read-all", tag = "inbox", security(("bearer" = [])),
    responses((status = 200, body = Marked), WriteErrors),
    extensions(("x-roles" = json!(["any signed-in person (their own)"]))))]
pub async fn read_all(store: web::Data<Store>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let marked = store
        .write(move |tx| -> Result<_, ApiError> { Ok(notices::mark_all_read(tx, &me)?) })
        .await?;
    Ok(HttpResponse::Ok().json(Marked {
        marked: u64::try_from(marked).unwrap_or(0),
    }))
}

/// The caller's unread count.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct InboxSummary {
    pub unread: i64,
}

/// The caller's unread count, with an ETag: send it back as `If-None-Match` and get 304
/// while nothing changed.
#[utoipa::path(get, path = "/api/v1/events/me/inbox/summary", tag = "inbox", security(("bearer" = [])),
    responses((status = 200, body = InboxSummary, headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag sent in `If-None-Match`"), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person (their own)"]))))]
pub async fn summary(
    req: HttpRequest,
    store: web::Data<Store>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let (unread, newest) = store
        .read(move |conn| -> Result<_, ApiError> { Ok(notices::summary(conn, &me)?) })
        .await?;
    let tag = format!("W/\"{newest}-{unread}\"");
    let unchanged = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|sent| sent.split(',').any(|t| t.trim() == tag));
    if unchanged {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, tag))
            .finish());
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .json(InboxSummary { unread }))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![list, read, read_all, summary]
}
