//! `/api/v1/contest/…/entries`: entries by a person, a team (the author and named
//! colleagues) or a department (entered by its coordinator), with attachments as metadata.
//! An entry is written in phase `submission` while its window is open, edited as a draft,
//! then submitted (`entry_status`). Each entry is stamped with the entrant's org unit when
//! created, so reports by department stay right after people move.

use actix_web::{HttpRequest, HttpResponse, web};
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::idempotency::{IdempotencyKeyHeader, IfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_text, field_errors, trimmed, unknown_reference};
use lt_http::{
    ApiError, Created, FieldError, IfMatch, Json, Page, PageQuery, Validate, create_once, etag,
};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

mod membership;
mod view;

use view::check_attachments;
pub use view::{Attachment, EntrantKind, EntryView, visible_entry};

use super::BASE;
use crate::access::{Runner, require_organiser};
use crate::domain::phase::Phase;
use crate::problems::{ENTRY_STATE, JUDGE_CONFLICTED, WINDOW_CLOSED, WRONG_PHASE};
use crate::store::contests::{self, ContestRow};
use crate::store::entries::{self, EntryFields, EntryRow, status};
use crate::store::{from_json_text, panel, to_json_text};

/// A new entry: the caller's own.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEntry {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: String,
    #[schema(min_length = 1, max_length = 5000, pattern = "\\S")]
    pub summary: String,
    /// One of the contest's tracks (required when it has tracks).
    #[schema(min_length = 1, max_length = 50)]
    pub track: Option<String>,
    #[serde(default)]
    pub entrant_kind: EntrantKind,
    /// The caller's team-mates (`team` entries only).
    #[serde(default)]
    #[schema(max_items = 20)]
    pub team_member_ids: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub attachments: Vec<Attachment>,
}

impl Validate for NewEntry {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("title", &self.title, 200, &mut errors);
        check_text("summary", &self.summary, 5000, &mut errors);
        check_attachments(&self.attachments, &mut errors);
        match (self.entrant_kind, self.team_member_ids.is_empty()) {
            (EntrantKind::Team, true) => errors.push(FieldError::new(
                "team_member_ids",
                "required",
                "a team names its members",
            )),
            (EntrantKind::Person | EntrantKind::Department, false) => {
                errors.push(FieldError::new(
                    "team_member_ids",
                    "invalid",
                    "only team entries name members",
                ));
            }
            _ => {}
        }
        if self.team_member_ids.len() > 20 {
            errors.push(FieldError::new(
                "team_member_ids",
                "out_of_range",
                "at most 20 members",
            ));
        }
        field_errors(errors)
    }
}

/// Checks the contest accepts entries now.
pub fn check_open(contest: &ContestRow) -> Result<(), ApiError> {
    if contest.phase != Phase::Submission.as_str() {
        return Err(ApiError::new(&WRONG_PHASE).with_detail(format!(
            "entries are taken in phase submission; the contest is in {}",
            contest.phase
        )));
    }
    if contest
        .submission_closes_on
        .is_some_and(|last| lt_programme::today() > last)
    {
        return Err(ApiError::new(&WINDOW_CLOSED).with_detail("the submission window is closed"));
    }
    Ok(())
}

fn check_track(contest: &ContestRow, track: Option<&str>) -> Result<Option<String>, ApiError> {
    let tracks: Vec<String> = from_json_text(&contest.tracks)?;
    match (tracks.is_empty(), track.map(trimmed)) {
        (true, None) => Ok(None),
        (true, Some(_)) => Err(ApiError::validation(vec![FieldError::new(
            "track",
            "invalid",
            "the contest has no tracks",
        )])),
        (false, None) => Err(ApiError::validation(vec![FieldError::new(
            "track",
            "required",
            format!("one of {}", tracks.join(", ")),
        )])),
        (false, Some(t)) if tracks.iter().any(|x| x == t) => Ok(Some(t.to_owned())),
        (false, Some(_)) => Err(ApiError::validation(vec![FieldError::new(
            "track",
            "invalid",
            format!("one of {}", tracks.join(", ")),
        )])),
    }
}

/// Enter a contest (a draft; submit it with `POST /entries/{entry_id}/submission`).
#[utoipa::path(post, path = "/api/v1/contest/contests/{contest_id}/entries", tag = "entries", security(("bearer" = [])),
    request_body = NewEntry, params(IdempotencyKeyHeader),
    responses((status = 201, body = EntryView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["any signed-in person (their own entry)", "coordinator (a department entry)"]))))]
pub async fn create(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    req: HttpRequest,
    caller: Caller,
    contest_id: web::Path<String>,
    body: Json<NewEntry>,
) -> Result<HttpResponse, ApiError> {
    let person = caller.person()?.clone();
    let request = body.into_inner();
    if request.entrant_kind == EntrantKind::Department && caller.coordinated_unit().is_none() {
        return Err(
            ApiError::forbidden().with_detail("a department's entry is entered by its coordinator")
        );
    }
    // Named team members confirm before the entry counts as theirs (`membership`).
    let mut named: Vec<String> = Vec::new();
    for (i, id) in request.team_member_ids.iter().enumerate() {
        if directory.person(id).await?.is_none() {
            return Err(unknown_reference(
                &format!("team_member_ids[{i}]"),
                "person",
            ));
        }
        if *id != person.id && !named.contains(id) {
            named.push(id.clone());
        }
    }
    let members = vec![person.id.clone()];
    let id = contest_id.into_inner();
    let actor = person.id.clone();
    let fingerprint = (id.clone(), request.clone());
    create_once(&store, &req, &actor.clone(), &fingerprint, move |tx| {
        let contest = contests::find(tx.conn(), &id)?;
        check_open(&contest)?;
        if panel::sits_on(tx.conn(), &id, &actor)? {
            return Err(ApiError::new(&JUDGE_CONFLICTED)
                .with_detail("a judge on the contest's panel does not enter it"));
        }
        let fields = EntryFields {
            track: check_track(&contest, request.track.as_deref())?,
            title: trimmed(&request.title).to_owned(),
            summary: trimmed(&request.summary).to_owned(),
            entrant_kind: request.entrant_kind.as_str().to_owned(),
            members: to_json_text(&members)?,
            pending_members: to_json_text(&named)?,
            org_unit_id: person.org_unit_id.clone(),
            attachments: to_json_text(&request.attachments)?,
        };
        let view = EntryView::of(entries::insert(tx, &id, &fields, &actor)?)?;
        record_event(tx, "contest.entry.created", &view)?;
        for person_id in &named {
            record_event(
                tx,
                "contest.entry.member_named",
                &serde_json::json!({"entry_id": view.id, "contest_id": id, "person_id": person_id}),
            )?;
        }
        Ok(Created {
            location: format!("{BASE}/entries/{}", view.id),
            version: Some(view.version),
            body: view,
        })
    })
    .await
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntryFilter {
    #[param(pattern = "^(draft|submitted|withdrawn|disqualified)$")]
    pub status: Option<String>,
}

/// A contest's entries (organisers).
#[utoipa::path(get, path = "/api/v1/contest/contests/{contest_id}/entries", tag = "entries", security(("bearer" = [])),
    params(PageQuery, EntryFilter), responses((status = 200, body = Page<EntryView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "organiser (runs the contest)"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    contest_id: web::Path<String>,
    query: web::Query<PageQuery>,
    filter: web::Query<EntryFilter>,
) -> Result<HttpResponse, ApiError> {
    require_organiser(&caller)?;
    let page = query.resolve()?;
    let status = filter.status.clone();
    if status.as_deref().is_some_and(|s| {
        ![
            status::DRAFT,
            status::SUBMITTED,
            status::WITHDRAWN,
            status::DISQUALIFIED,
        ]
        .contains(&s)
    }) {
        return Err(
            ApiError::new(&lt_http::kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "status",
                "invalid",
                "an entry status",
            )]),
        );
    }
    let id = contest_id.into_inner();
    let runner = Runner::of(&caller);
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let contest = contests::find(conn, &id)?;
            runner.require(conn, &contest)?;
            let rows = entries::of_contest(conn, &id, status.as_deref(), page.after, page.fetch())?;
            entry_page(rows, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

pub fn entry_page(
    rows: Vec<EntryRow>,
    page: lt_http::PageRequest,
) -> Result<Page<EntryView>, ApiError> {
    Page::try_from_rows(rows, page, |r| r.seq, EntryView::of)
}

/// The caller's own entries (as author or team member: as author here).
#[utoipa::path(get, path = "/api/v1/contest/me/entries", tag = "entries", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<EntryView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn mine(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let page = query.resolve()?;
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            entry_page(
                entries::of_person(conn, &me, page.after, page.fetch())?,
                page,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Read an entry.
#[utoipa::path(get, path = "/api/v1/contest/entries/{entry_id}", tag = "entries", security(("bearer" = [])),
    responses((status = 200, body = EntryView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["its members", "a judge assigned to it", "admin", "organiser (runs the contest)"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    entry_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = entry_id.into_inner();
    let view = store
        .read(move |conn| -> Result<_, ApiError> { Ok(visible_entry(conn, &caller, &id)?.0) })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// Fields to change on a draft; absent fields stay.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryChanges {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: Option<String>,
    #[schema(min_length = 1, max_length = 5000, pattern = "\\S")]
    pub summary: Option<String>,
    #[schema(min_length = 1, max_length = 50)]
    pub track: Option<String>,
    #[schema(max_items = 20)]
    pub attachments: Option<Vec<Attachment>>,
}

impl Validate for EntryChanges {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        lt_http::validation::check_optional_text("title", self.title.as_deref(), 200, &mut errors);
        lt_http::validation::check_optional_text(
            "summary",
            self.summary.as_deref(),
            5000,
            &mut errors,
        );
        if let Some(a) = &self.attachments {
            check_attachments(a, &mut errors);
        }
        field_errors(errors)
    }
}

/// Change a draft entry (its author, while submission is open). Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/contest/entries/{entry_id}", tag = "entries", security(("bearer" = [])),
    request_body = EntryChanges, params(IfMatchHeader),
    responses((status = 200, body = EntryView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["its author"]))))]
pub async fn update(
    store: web::Data<Store>,
    caller: Caller,
    entry_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<EntryChanges>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.required()?.clone();
    let me = caller.person_id()?.to_owned();
    let id = entry_id.into_inner();
    let changes = body.into_inner();
    let view = store
        .write(move |tx| {
            let row = entries::find(tx.conn(), &id)?;
            if row.person_id != me {
                return Err(ApiError::not_found());
            }
            precondition.check(row.version)?;
            if row.status != status::DRAFT {
                return Err(ApiError::new(&ENTRY_STATE)
                    .with_detail(format!("the entry is {}; only drafts change", row.status)));
            }
            let contest = contests::find(tx.conn(), &row.contest_id)?;
            check_open(&contest)?;
            let fields = EntryFields {
                track: match &changes.track {
                    Some(t) => check_track(&contest, Some(t))?,
                    None => row.track.clone(),
                },
                title: changes
                    .title
                    .as_deref()
                    .map_or(row.title.clone(), |t| trimmed(t).to_owned()),
                summary: changes
                    .summary
                    .as_deref()
                    .map_or(row.summary.clone(), |t| trimmed(t).to_owned()),
                entrant_kind: row.entrant_kind.clone(),
                members: row.members.clone(),
                pending_members: row.pending_members.clone(),
                org_unit_id: row.org_unit_id.clone(),
                attachments: match &changes.attachments {
                    Some(a) => to_json_text(a)?,
                    None => row.attachments.clone(),
                },
            };
            let row = entries::update(tx, &row, row.version, &fields)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            let view = EntryView::of(row)?;
            record_event(tx, "contest.entry.updated", &view)?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, list, mine, read, update].and(membership::endpoints())
}
