//! Objections (异议) during 公示: real-name and written — the objector's name and unit are
//! taken from the directory when filed — accepted from the day results are published until
//! 公示's last day is over (Asia/Shanghai); answered in writing by the programme office.
//! The objector sees their own; organisers and the programme office see all.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_optional_text, check_text, field_errors, trimmed};
use lt_http::{ApiError, Created, FieldError, Json, Page, PageQuery, Validate, create_once};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{BASE, utc};
use crate::access::{Runner, require_admin};
use crate::domain::phase::Phase;
use crate::problems::{ENTRY_STATE, OBJECTION_ANSWERED, WRONG_PHASE};
use crate::store::publications::{self, NewObjection, ObjectionRow, objection_status};
use crate::store::{contests, entries};

/// An objection.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ObjectionView {
    pub id: String,
    pub contest_id: String,
    pub entry_id: Option<String>,
    pub person_id: String,
    /// The objector's name as the directory had it when filed.
    pub person_name: String,
    pub org_unit_id: Option<String>,
    pub text: String,
    /// `open` or `answered`.
    pub status: String,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl From<ObjectionRow> for ObjectionView {
    fn from(r: ObjectionRow) -> Self {
        Self {
            answered_at: r.answered_at.map(utc),
            created_at: utc(r.created_at),
            id: r.id,
            contest_id: r.contest_id,
            entry_id: r.entry_id,
            person_id: r.person_id,
            person_name: r.person_name,
            org_unit_id: r.org_unit_id,
            text: r.text,
            status: r.status,
            answer: r.answer,
            version: r.version,
        }
    }
}

/// A new objection.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewObjectionBody {
    /// The entry objected to (absent: the results as a whole).
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub entry_id: Option<String>,
    #[schema(min_length = 1, max_length = 4000, pattern = "\\S")]
    pub text: String,
}

impl Validate for NewObjectionBody {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("text", &self.text, 4000, &mut errors);
        check_optional_text("entry_id", self.entry_id.as_deref(), 100, &mut errors);
        field_errors(errors)
    }
}

/// File an objection during 公示 (real name: the caller's directory entry).
#[utoipa::path(post, path = "/api/v1/contest/contests/{contest_id}/objections", tag = "results", security(("bearer" = [])),
    request_body = NewObjectionBody, params(IdempotencyKeyHeader),
    responses((status = 201, body = ObjectionView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn file(
    store: web::Data<Store>,
    req: HttpRequest,
    caller: Caller,
    contest_id: web::Path<String>,
    body: Json<NewObjectionBody>,
) -> Result<HttpResponse, ApiError> {
    let person = caller.person()?.clone();
    let request = body.into_inner();
    let id = contest_id.into_inner();
    let fingerprint = (id.clone(), request.clone());
    create_once(&store, &req, &person.id.clone(), &fingerprint, move |tx| {
        let contest = contests::find(tx.conn(), &id)?;
        let in_notice = contest.phase == Phase::Notice.as_str()
            && contest
                .notice_ends_on
                .is_none_or(|end| lt_programme::today() <= end);
        if !in_notice {
            return Err(
                ApiError::new(&WRONG_PHASE).with_detail("objections are taken during 公示 only")
            );
        }
        if let Some(entry_id) = &request.entry_id {
            let entry = entries::find(tx.conn(), entry_id)
                .map_err(lt_http::validation::referenced("entry_id", "entry"))?;
            if entry.contest_id != id {
                return Err(lt_http::validation::unknown_reference(
                    "entry_id",
                    "entry of this contest",
                ));
            }
            if entry.status != entries::status::SUBMITTED {
                return Err(
                    ApiError::new(&ENTRY_STATE).with_detail("the entry is not in the results")
                );
            }
        }
        let row = publications::file(
            tx,
            &NewObjection {
                contest_id: &id,
                entry_id: request.entry_id.as_deref(),
                person_id: &person.id,
                person_name: &person.name,
                org_unit_id: person.org_unit_id.as_deref(),
                text: trimmed(&request.text),
            },
        )?;
        let view = ObjectionView::from(row);
        record_event(tx, "contest.objection.filed", &view)?;
        Ok(Created {
            location: format!("{BASE}/objections/{}", view.id),
            version: Some(view.version),
            body: view,
        })
    })
    .await
}

/// A contest's objections: all for organisers and the programme office, one's own for
/// anyone else.
#[utoipa::path(get, path = "/api/v1/contest/contests/{contest_id}/objections", tag = "results", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<ObjectionView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "organiser (runs the contest)", "any signed-in person (their own)"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    contest_id: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let runner = Runner::of(&caller);
    let me = caller.user.person_id().map(str::to_owned);
    let page = query.resolve()?;
    let id = contest_id.into_inner();
    let view = store
        .read(move |conn| -> Result<_, ApiError> {
            let contest = contests::find(conn, &id)?;
            let only = if runner.runs(conn, &contest)? {
                None
            } else {
                Some(me.ok_or_else(ApiError::forbidden)?)
            };
            let rows =
                publications::of_contest(conn, &id, only.as_deref(), page.after, page.fetch())?;
            Ok(Page::from_rows(rows, page, |r| r.seq, ObjectionView::from))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The programme office's written answer.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectionAnswer {
    #[schema(min_length = 1, max_length = 4000, pattern = "\\S")]
    pub answer: String,
}

impl Validate for ObjectionAnswer {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("answer", &self.answer, 4000, &mut errors);
        field_errors(errors)
    }
}

/// Answer an objection (the programme office; once).
#[utoipa::path(post, path = "/api/v1/contest/objections/{objection_id}/answer", tag = "results", security(("bearer" = [])),
    request_body = ObjectionAnswer, responses((status = 200, body = ObjectionView), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn answer(
    store: web::Data<Store>,
    caller: Caller,
    objection_id: web::Path<String>,
    body: Json<ObjectionAnswer>,
) -> Result<HttpResponse, ApiError> {
    require_admin(&caller)?;
    let actor = caller.user.subject().into_owned();
    let text = trimmed(&body.answer).to_owned();
    let id = objection_id.into_inner();
    let view = store
        .write(move |tx| {
            let row = publications::find_objection(tx.conn(), &id)?;
            if row.status != objection_status::OPEN {
                return Err(ApiError::new(&OBJECTION_ANSWERED));
            }
            let row = publications::answer(tx, &row, row.version, &text, &actor)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            let view = ObjectionView::from(row);
            record_event(tx, "contest.objection.answered", &view)?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![file, list, answer]
}
