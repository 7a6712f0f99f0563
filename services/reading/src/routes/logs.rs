//! `/api/v1/reading/logs`: what a cadre read, when and how much — for themself and/or
//! family members in one call. A day may be logged up to the policy's days back (30 by
//! default), never ahead; one reader reads at most 24 hours a day. A log counts for its
//! readers' statistics, campaigns and challenges; the cadre's own reading also counts for
//! their department (by the unit they were in when they logged it).

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_range, check_text, field_errors, trimmed, unknown_reference};
use lt_http::{ApiError, Created, FieldError, Json, Page, PageQuery, Validate, create_once};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::books::parse_isbn;
use super::{BASE, utc};
use crate::domain::isbn::Isbn;
use crate::domain::logs::{DayError, check_day, fits_in_day};
use crate::domain::policy::ReadingLogPolicy;
use crate::store::books;
use crate::store::families;
use crate::store::logs::{self, LogRow, NewLog, SELF};
use crate::store::policies;

/// A reading log.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct LogView {
    pub id: String,
    pub person_id: String,
    pub book_id: Option<String>,
    pub title: String,
    pub read_on: NaiveDate,
    pub pages: i64,
    pub minutes: i64,
    pub finished: bool,
    /// Whether the cadre read it themself.
    pub for_me: bool,
    /// The family members who read it.
    pub family_member_ids: Vec<String>,
    pub created_at: DateTime<Utc>,
}

pub fn log_view(row: LogRow, readers: Vec<String>) -> LogView {
    LogView {
        for_me: readers.iter().any(|r| r == SELF),
        family_member_ids: readers.into_iter().filter(|r| r != SELF).collect(),
        created_at: utc(row.created_at),
        id: row.id,
        person_id: row.person_id,
        book_id: row.book_id,
        title: row.title,
        read_on: row.read_on,
        pages: row.pages,
        minutes: row.minutes,
        finished: row.finished,
    }
}

/// A reading to log. The book by `isbn` (ISBN-10 or -13) or by `title`. A book the
/// catalogue lacks is kept on the log alone (`book_id` null): a log is private, so it adds
/// nothing to the shared catalogue (an ISBN the catalogue does not know needs the title too).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLogRequest {
    /// The day read (Asia/Shanghai): today or up to the policy's days back.
    pub read_on: NaiveDate,
    #[serde(deserialize_with = "lt_http::extract::integer")]
    #[schema(minimum = 0, maximum = 100000)]
    pub pages: i32,
    #[serde(deserialize_with = "lt_http::extract::integer")]
    #[schema(minimum = 0, maximum = 1440)]
    pub minutes: i32,
    /// The book was finished with this reading.
    #[serde(default)]
    pub finished: bool,
    #[schema(min_length = 10, max_length = 17)]
    pub isbn: Option<String>,
    #[schema(min_length = 1, max_length = 300, pattern = "\\S")]
    pub title: Option<String>,
    /// Family members who read it (then the cadre only with `with_me`).
    #[serde(default)]
    #[schema(max_items = 20)]
    pub family_member_ids: Vec<String>,
    /// With `family_member_ids`: the cadre read it too. Without them the log is the
    /// cadre's.
    #[serde(default)]
    pub with_me: bool,
}

impl Validate for NewLogRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_range("pages", self.pages, 0..=100_000, &mut errors);
        check_range("minutes", self.minutes, 0..=1440, &mut errors);
        if self.pages == 0 && self.minutes == 0 && !self.finished {
            errors.push(FieldError::new(
                "minutes",
                "required",
                "pages, minutes or finished: a log says what was read",
            ));
        }
        match (&self.isbn, &self.title) {
            (None, None) => errors.push(FieldError::new(
                "title",
                "required",
                "the book, by isbn or title",
            )),
            (isbn, title) => {
                if let Some(isbn) = isbn {
                    parse_isbn("isbn", isbn, &mut errors);
                }
                if let Some(title) = title {
                    check_text("title", title, 300, &mut errors);
                }
            }
        }
        if self.family_member_ids.len() > 20 {
            errors.push(FieldError::new(
                "family_member_ids",
                "too_long",
                "at most 20 members",
            ));
        }
        for (i, id) in self.family_member_ids.iter().enumerate() {
            check_text(&format!("family_member_ids[{i}]"), id, 100, &mut errors);
            if self.family_member_ids[..i].contains(id) {
                errors.push(FieldError::new(
                    format!("family_member_ids[{i}]"),
                    "duplicate",
                    "each member once",
                ));
            }
        }
        field_errors(errors)
    }
}

impl NewLogRequest {
    /// The readers: `SELF` and/or member ids.
    fn readers(&self) -> Vec<String> {
        let mut readers: Vec<String> = self
            .family_member_ids
            .iter()
            .map(|m| trimmed(m).to_owned())
            .collect();
        if readers.is_empty() || self.with_me {
            readers.insert(0, SELF.to_owned());
        }
        readers
    }
}

fn field(name: &str, code: &str, message: impl Into<String>) -> ApiError {
    ApiError::validation(vec![FieldError::new(name, code, message.into())])
}

/// Log a reading. Retry-safe with `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/reading/logs", tag = "logs", security(("bearer" = [])),
    request_body = NewLogRequest, params(IdempotencyKeyHeader),
    responses((status = 201, body = LogView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["any signed-in person (for themself and their family)"]))))]
pub async fn create(
    store: web::Data<Store>,
    req: HttpRequest,
    caller: Caller,
    body: Json<NewLogRequest>,
) -> Result<HttpResponse, ApiError> {
    let person = caller.person()?.clone();
    let request = body.into_inner();
    let readers = request.readers();
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor, &request.clone(), move |tx| {
        let today = lt_programme::today();
        let policy = policies::in_force::<ReadingLogPolicy>(tx.conn(), today)?.document;
        match check_day(&policy, request.read_on, today) {
            Ok(()) => {}
            Err(DayError::Future) => return Err(field("read_on", "out_of_range", "not in the future")),
            Err(DayError::TooOld { earliest }) => {
                return Err(field("read_on", "out_of_range", format!("logs go back to {earliest} at most")));
            }
        }
        if i64::from(request.pages) > i64::from(policy.max_pages_per_log) {
            return Err(field("pages", "out_of_range", format!("at most {} pages in one log", policy.max_pages_per_log)));
        }
        for (i, member) in readers.iter().filter(|r| *r != SELF).enumerate() {
            if families::of_family(tx.conn(), &person.id, member)?.is_none() {
                return Err(unknown_reference(&format!("family_member_ids[{i}]"), "member of your family"));
            }
        }
        let (book_id, isbn, title) = book_of(tx, &person.id, &request)?;
        // Every log takes turns from here, so the daily sums below cannot race.
        let seq = logs::take_turn(tx)?;
        for reader in &readers {
            let logged = logs::minutes_on(tx.conn(), &person.id, reader, request.read_on)?;
            if !fits_in_day(&policy, logged, i64::from(request.minutes)) {
                let left = (i64::from(policy.max_minutes_per_day) - logged).max(0);
                return Err(field(
                    "minutes",
                    "day_limit",
                    format!("at most {} minutes of reading a day; {left} left on {}", policy.max_minutes_per_day, request.read_on),
                ));
            }
        }
        let row = logs::insert(
            tx,
            seq,
            &NewLog {
                person_id: &person.id,
                org_unit_id: person.org_unit_id.as_deref(),
                book_id: book_id.as_deref(),
                isbn: isbn.as_deref(),
                title: &title,
                read_on: request.read_on,
                pages: i64::from(request.pages),
                minutes: i64::from(request.minutes),
                finished: request.finished,
            },
            &readers,
        )?;
        if readers.iter().any(|r| r == SELF) {
            record_event(tx, "reading.log.recorded", &serde_json::json!({
                "log_id": row.id, "person_id": row.person_id, "org_unit_id": row.org_unit_id,
                "read_on": row.read_on, "pages": row.pages, "minutes": row.minutes, "finished": row.finished,
            }))?;
        }
        let view = log_view(row, readers);
        Ok(Created { location: format!("{BASE}/logs/{}", view.id), version: None, body: view })
    })
    .await
}

/// The book a log names: the catalogue's id when it holds the book (by ISBN, or by title),
/// the ISBN of a book it lacks, and the title. A book the catalogue lacks stays on the
/// cadre's private log (their next log by ISBN alone finds its title there), never added to
/// the shared catalogue.
fn book_of(
    tx: &mut lt_store::WriteTx<'_>,
    person_id: &str,
    request: &NewLogRequest,
) -> Result<(Option<String>, Option<String>, String), ApiError> {
    let title = request.title.as_deref().map(|t| trimmed(t).to_owned());
    let isbn = request
        .isbn
        .as_deref()
        .and_then(|i| Isbn::parse(i).ok())
        .map(|i| i.to_string());
    let found = match &isbn {
        Some(isbn) => books::by_isbn(tx.conn(), isbn)?,
        None => books::by_title_only(tx.conn(), title.as_deref().unwrap_or_default())?,
    };
    if let Some(book) = found {
        return Ok((Some(book.id), None, book.title));
    }
    let title = match (title, &isbn) {
        (Some(title), _) => Some(title),
        (None, Some(isbn)) => logs::own_title_by_isbn(tx.conn(), person_id, isbn)?,
        (None, None) => None,
    };
    let title = title.ok_or_else(|| {
        field(
            "title",
            "required",
            "the catalogue does not know this ISBN yet: give the title too",
        )
    })?;
    Ok((None, isbn, title))
}

/// The caller's own logs, in the order written.
#[utoipa::path(get, path = "/api/v1/reading/logs", tag = "logs", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<LogView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person (their own)"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let person = caller.person_id()?.to_owned();
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let rows = logs::of_person(conn, &person, page.after, page.fetch())?;
            Page::try_from_rows(
                rows,
                page,
                |r| r.seq,
                |row| {
                    let readers = logs::readers_of(conn, &row.id)?;
                    Ok(log_view(row, readers))
                },
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// One of the caller's logs (404 for anyone else's).
#[utoipa::path(get, path = "/api/v1/reading/logs/{log_id}", tag = "logs", security(("bearer" = [])),
    responses((status = 200, body = LogView), ReadErrors),
    extensions(("x-roles" = json!(["the cadre who logged it"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    log_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let person = caller.person_id()?.to_owned();
    let id = log_id.into_inner();
    let view = store
        .read(move |conn| -> Result<_, ApiError> {
            let row = logs::find(conn, &id)?;
            if row.person_id != person {
                return Err(ApiError::not_found());
            }
            let readers = logs::readers_of(conn, &row.id)?;
            Ok(log_view(row, readers))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, list, read]
}
