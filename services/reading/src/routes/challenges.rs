//! `/api/v1/reading/family-challenges`: a cadre's challenges for their family — a goal over
//! a period for some of its readers, filled from their logs. Only the cadre and admins
//! see them.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_text, field_errors, trimmed, unknown_reference};
use lt_http::{ApiError, Created, FieldError, Json, Page, PageQuery, Validate, create_once};
use lt_service::Caller;
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::families::MAX_MEMBERS;
use super::{BASE, utc};
use crate::domain::goals::{Done, Goal, GoalProgress, progress};
use crate::store::{campaigns, challenges, families, logs};

/// A family challenge with its progress.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ChallengeView {
    pub id: String,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub goal: Goal,
    /// Whether the cadre reads along.
    pub with_me: bool,
    pub family_member_ids: Vec<String>,
    /// From the readers' logs in the period.
    pub progress: GoalProgress,
    pub created_at: DateTime<Utc>,
}

pub(super) fn challenge_view(
    conn: &mut lt_store::DbConnection,
    row: challenges::ChallengeRow,
) -> Result<ChallengeView, ApiError> {
    let readers = row.reader_ids()?;
    let mut done = Done::default();
    for reader in &readers {
        let part =
            campaigns::done_by_reader(conn, &row.person_id, reader, row.starts_on, row.ends_on)?;
        done.books += part.books;
        done.pages += part.pages;
        done.minutes += part.minutes;
    }
    Ok(ChallengeView {
        progress: progress(&row.goal(), done),
        goal: row.goal(),
        with_me: readers.iter().any(|r| r == logs::SELF),
        family_member_ids: readers.into_iter().filter(|r| r != logs::SELF).collect(),
        created_at: utc(row.created_at),
        id: row.id,
        title: row.title,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
    })
}

/// A challenge to set for one's family.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewChallenge {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub goal: Goal,
    #[schema(min_items = 1, max_items = 10)]
    pub family_member_ids: Vec<String>,
    /// The cadre reads along. Default: yes.
    #[serde(default = "yes")]
    pub with_me: bool,
}

fn yes() -> bool {
    true
}

impl Validate for NewChallenge {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("title", &self.title, 100, &mut errors);
        if self.ends_on < self.starts_on {
            errors.push(FieldError::new(
                "ends_on",
                "out_of_range",
                "not before starts_on",
            ));
        }
        if !(2000..=2100).contains(&self.starts_on.year())
            || !(2000..=2100).contains(&self.ends_on.year())
        {
            errors.push(FieldError::new(
                "starts_on",
                "out_of_range",
                "days between 2000 and 2100",
            ));
        }
        if self.goal.is_empty() {
            errors.push(FieldError::new(
                "goal",
                "required",
                "books, pages or minutes",
            ));
        }
        if self.family_member_ids.is_empty() || self.family_member_ids.len() > MAX_MEMBERS {
            errors.push(FieldError::new(
                "family_member_ids",
                "out_of_range",
                "1 to 10 members",
            ));
        }
        field_errors(errors)
    }
}

/// Set a challenge for one's family.
#[utoipa::path(post, path = "/api/v1/reading/family-challenges", tag = "families", security(("bearer" = [])),
    request_body = NewChallenge, params(IdempotencyKeyHeader),
    responses((status = 201, body = ChallengeView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["any signed-in person (their family)"]))))]
pub async fn challenge(
    store: web::Data<Store>,
    req: HttpRequest,
    caller: Caller,
    body: Json<NewChallenge>,
) -> Result<HttpResponse, ApiError> {
    let person = caller.person_id()?.to_owned();
    let request = body.into_inner();
    create_once(&store, &req, &person.clone(), &request.clone(), move |tx| {
        let mut readers = Vec::new();
        if request.with_me {
            readers.push(logs::SELF.to_owned());
        }
        for (i, member) in request.family_member_ids.iter().enumerate() {
            let member = trimmed(member);
            if families::of_family(tx.conn(), &person, member)?.is_none() {
                return Err(unknown_reference(
                    &format!("family_member_ids[{i}]"),
                    "member of your family",
                ));
            }
            if !readers.iter().any(|r| r == member) {
                readers.push(member.to_owned());
            }
        }
        let row = challenges::insert(
            tx,
            &person,
            trimmed(&request.title),
            request.starts_on,
            request.ends_on,
            request.goal,
            &readers,
        )?;
        let view = challenge_view(tx.conn(), row)?;
        Ok(Created {
            location: format!("{BASE}/family-challenges/{}", view.id),
            version: None,
            body: view,
        })
    })
    .await
}

/// The caller's family challenges with their progress.
#[utoipa::path(get, path = "/api/v1/reading/family-challenges", tag = "families", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<ChallengeView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person (their family)"]))))]
pub async fn challenges_list(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let person = caller.person_id()?.to_owned();
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = challenges::of_person(conn, &person, page.after, page.fetch())?;
            Page::try_from_rows(rows, page, |r| r.seq, |r| challenge_view(conn, r))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Read a family challenge (the cadre, admins).
#[utoipa::path(get, path = "/api/v1/reading/family-challenges/{challenge_id}", tag = "families", security(("bearer" = [])),
    responses((status = 200, body = ChallengeView), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person (their family)", "admin"]))))]
pub async fn read_challenge(
    store: web::Data<Store>,
    caller: Caller,
    challenge_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let admin = caller.is_admin();
    let id = challenge_id.into_inner();
    let view = store
        .read(move |conn| -> Result<_, ApiError> {
            let row = challenges::find(conn, &id)?;
            if row.person_id != me && !admin {
                return Err(ApiError::not_found());
            }
            challenge_view(conn, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![challenge, challenges_list, read_challenge]
}
