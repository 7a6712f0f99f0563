//! `/api/v1/reading/imports/loans`: loans exported by the city library, imported in batches
//! (JSON, or CSV as the library exports it). Each row is checked alone: bad rows (an ISBN
//! with a wrong check digit, an unknown card, a future day) come back in the report with
//! their row number and field, the good ones land. Loans are keyed by the library's loan
//! id, so a rerun of a batch changes nothing and a later export of a loan (now returned)
//! updates it. A cadre sees imported loans only if they keep their library history; the
//! loans of a cadre who does not are stored without the book (ISBN, title, author), so
//! opting in later reveals nothing of the past, and opting out forgets the books kept.

use lt_http::Endpoints;
use std::collections::{HashMap, HashSet};

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use lt_http::extract::{parse_json, read_body};
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::{ApiError, Created, FieldError, Page, PageQuery, create_once, kinds};
use lt_service::Caller;
use lt_store::{Store, now_utc, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{BASE, utc};
use crate::access::require_programme;
use crate::domain::import::{self, CsvError, LoanRecord, LoanRow, MAX_ROWS, RowError};
use crate::store::imports::{self, BatchRow, LibraryLoanRow, LoanFacts};
use crate::store::{cards, new_id, privacy};

/// Largest import body (bytes): 10,000 rows of CSV fit with room to spare.
pub const IMPORT_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// A batch of loan rows as JSON.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoanBatch {
    #[schema(min_items = 1, max_items = 10000)]
    pub rows: Vec<LoanRow>,
}

/// What an import did.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ImportReport {
    pub id: String,
    /// `json` or `csv`.
    pub format: String,
    pub rows: i64,
    /// Rows written: new loans, or known ones that changed (e.g. now returned).
    pub landed: i64,
    /// Rows the service already had exactly so (a rerun).
    pub unchanged: i64,
    pub rejected: i64,
    /// Why each rejected row was refused, by row (1 = the first data row).
    pub errors: Vec<RowError>,
    pub submitted_by: String,
    pub created_at: DateTime<Utc>,
}

impl ImportReport {
    fn from_row(row: BatchRow) -> Result<Self, ApiError> {
        let errors: Vec<RowError> = serde_json::from_str(&row.report)
            .map_err(|e| anyhow::anyhow!("import report {} is not JSON: {e}", row.id))?;
        Ok(Self {
            created_at: utc(row.created_at),
            id: row.id,
            format: row.format,
            rows: row.rows_total,
            landed: row.rows_landed,
            unchanged: row.rows_unchanged,
            rejected: row.rows_rejected,
            errors,
            submitted_by: row.submitted_by,
        })
    }
}

fn csv_problem(error: CsvError) -> ApiError {
    match error {
        CsvError::TooManyRows => ApiError::new(&kinds::PAYLOAD_TOO_LARGE)
            .with_detail(format!("at most {MAX_ROWS} rows per batch")),
        CsvError::MissingColumn(column) => {
            ApiError::new(&kinds::INVALID_BODY).with_errors(vec![FieldError::new(
                "header",
                "required",
                format!("the header row lacks {column}"),
            )])
        }
        CsvError::UnknownColumn(column) => {
            ApiError::new(&kinds::INVALID_BODY).with_errors(vec![FieldError::new(
                "header",
                "unknown_field",
                format!("unknown column {column:?}"),
            )])
        }
        CsvError::Unreadable(why) => ApiError::new(&kinds::INVALID_BODY)
            .with_errors(vec![FieldError::new("body", "invalid", why)]),
    }
}

/// The rows of the body, by its content type.
fn rows_of(
    content_type: &str,
    body: &[u8],
) -> Result<(String, Vec<Result<LoanRow, RowError>>), ApiError> {
    if content_type.starts_with("text/csv") {
        return Ok(("csv".into(), import::parse_csv(body).map_err(csv_problem)?));
    }
    if content_type.starts_with("application/json") {
        let batch: LoanBatch = parse_json(body)?;
        if batch.rows.len() > MAX_ROWS {
            return Err(ApiError::new(&kinds::PAYLOAD_TOO_LARGE)
                .with_detail(format!("at most {MAX_ROWS} rows per batch")));
        }
        if batch.rows.is_empty() {
            return Err(ApiError::validation(vec![FieldError::new(
                "rows",
                "required",
                "at least one row",
            )]));
        }
        return Ok(("json".into(), batch.rows.into_iter().map(Ok).collect()));
    }
    Err(ApiError::new(&kinds::UNSUPPORTED_MEDIA_TYPE)
        .with_detail("send application/json ({\"rows\": [...]}) or text/csv"))
}

/// A parsed batch: the records that passed the row checks and the rows refused.
struct CheckedBatch {
    format: String,
    records: Vec<LoanRecord>,
    errors: Vec<RowError>,
    total: i64,
}

/// Parses the body by its content type and checks every row (pure: runs off the workers).
fn checked_batch(
    content_type: &str,
    body: &[u8],
    today: chrono::NaiveDate,
) -> Result<CheckedBatch, ApiError> {
    let (format, rows) = rows_of(content_type, body)?;
    let mut errors = Vec::new();
    let mut records: Vec<LoanRecord> = Vec::new();
    let mut seen = HashSet::new();
    for (i, row) in rows.into_iter().enumerate() {
        let number = i + 1;
        match row
            .map_err(|e| vec![e])
            .and_then(|r| import::check(number, &r, today))
        {
            Ok(record) if !seen.insert(record.loan_id.clone()) => errors.push(RowError::new(
                number,
                "loan_id",
                "duplicate",
                "this loan id is on an earlier row of the batch",
            )),
            Ok(record) => records.push(record),
            Err(row_errors) => errors.extend(row_errors),
        }
    }
    let total =
        i64::try_from(records.len() + errors.iter().map(|e| e.row).collect::<HashSet<_>>().len())
            .unwrap_or(i64::MAX);
    Ok(CheckedBatch {
        format,
        records,
        errors,
        total,
    })
}

/// Import a batch of library loans. Retry-safe with `Idempotency-Key`; a rerun without it
/// changes nothing either. Bodies up to 4 MiB, 10,000 rows.
#[utoipa::path(post, path = "/api/v1/reading/imports/loans", tag = "imports", security(("bearer" = [])),
    request_body(content((LoanBatch = "application/json"), (String = "text/csv")),
        description = "JSON rows, or the library's CSV export (header row in English or the library's Chinese names)"),
    params(IdempotencyKeyHeader),
    responses((status = 201, body = ImportReport, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "reading_coordinator"])), ("x-body-limit" = json!(4194304))))]
pub async fn import_loans(
    req: HttpRequest,
    store: web::Data<Store>,
    caller: Caller,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    require_programme(&caller)?;
    let body = read_body(payload, IMPORT_BODY_LIMIT).await?;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    // Up to 4 MiB of CSV or JSON: parsed and checked on the blocking pool, never on an actix
    // worker (a worker parsing for a second would stall every request it holds).
    let parsing = body.clone();
    let CheckedBatch {
        format,
        records,
        mut errors,
        total,
    } = web::block(move || checked_batch(&content_type, &parsing, lt_programme::today()))
        .await
        .map_err(|e| anyhow::anyhow!("import parsing task: {e}"))??;
    let actor = caller.user.subject().into_owned();
    let fingerprint = String::from_utf8_lossy(&body).into_owned();
    create_once(&store, &req, &actor.clone(), &fingerprint, move |tx| {
        imports::take_turn(tx)?;
        let numbers: Vec<String> = records.iter().map(|r| r.card_number.clone()).collect();
        let holders = cards::holders_by_number(tx.conn(), &numbers)?;
        let people: Vec<String> = holders
            .values()
            .cloned()
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let units = units_of(tx.conn(), &people)?;
        let choices = privacy::choices_of(tx.conn(), &people)?;
        let mut loans = Vec::with_capacity(records.len());
        for record in records {
            let Some(person) = holders.get(&record.card_number) else {
                errors.push(RowError::new(
                    record.row,
                    "card_number",
                    "unknown_card",
                    "no card has this number",
                ));
                continue;
            };
            let kept = choices.get(person).is_some_and(|c| c.keep_library_history);
            loans.push(LoanFacts {
                org_unit_id: units.get(person).cloned().flatten(),
                person_id: person.clone(),
                library_loan_id: record.loan_id,
                card_number: record.card_number,
                isbn: record.isbn.filter(|_| kept).map(|i| i.to_string()),
                title: if kept { record.title } else { String::new() },
                author: record.author.filter(|_| kept),
                borrowed_on: record.borrowed_on,
                due_on: record.due_on,
                returned_on: record.returned_on,
            });
        }
        let batch_id = new_id();
        let applied = imports::apply(tx, &batch_id, &loans)?;
        errors.sort_by_key(|e| e.row);
        let rejected = i64::try_from(errors.iter().map(|e| e.row).collect::<HashSet<_>>().len())
            .unwrap_or(i64::MAX);
        let batch = BatchRow {
            id: batch_id,
            format,
            rows_total: total,
            rows_landed: applied.inserted + applied.updated,
            rows_unchanged: applied.unchanged,
            rows_rejected: rejected,
            report: serde_json::to_string(&errors).map_err(|e| anyhow::anyhow!("report: {e}"))?,
            submitted_by: actor.clone(),
            created_at: now_utc(),
        };
        imports::record_batch(tx, &batch)?;
        record_event(
            tx,
            "reading.loans.imported",
            &serde_json::json!({
                "batch_id": batch.id, "rows": batch.rows_total, "landed": batch.rows_landed,
                "unchanged": batch.rows_unchanged, "rejected": batch.rows_rejected,
            }),
        )?;
        let report = ImportReport::from_row(batch)?;
        Ok(Created {
            location: format!("{BASE}/imports/{}", report.id),
            version: None,
            body: report,
        })
    })
    .await
}

/// Each person's org unit now, from the directory copy.
fn units_of(
    conn: &mut lt_store::DbConnection,
    people: &[String],
) -> diesel::QueryResult<HashMap<String, Option<String>>> {
    use diesel::prelude::*;
    use lt_directory::schema::directory_people;
    let mut units = HashMap::new();
    // One query per 500 people: a batch of 10,000 rows names thousands of them.
    for chunk in people.chunks(500) {
        let rows: Vec<(String, Option<String>)> = directory_people::table
            .filter(directory_people::id.eq_any(chunk))
            .select((directory_people::id, directory_people::org_unit_id))
            .load(conn)?;
        units.extend(rows);
    }
    Ok(units)
}

/// Read an import's report.
#[utoipa::path(get, path = "/api/v1/reading/imports/{import_id}", tag = "imports", security(("bearer" = [])),
    responses((status = 200, body = ImportReport), ReadErrors),
    extensions(("x-roles" = json!(["admin", "reading_coordinator"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    import_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_programme(&caller)?;
    let id = import_id.into_inner();
    let report = store
        .read(move |conn| -> Result<_, ApiError> {
            ImportReport::from_row(imports::find_batch(conn, &id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// A loan at the city library.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct LibraryLoanView {
    pub id: String,
    pub library_loan_id: String,
    pub card_number: String,
    pub isbn: Option<String>,
    pub title: String,
    pub author: Option<String>,
    pub borrowed_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
}

impl From<LibraryLoanRow> for LibraryLoanView {
    fn from(row: LibraryLoanRow) -> Self {
        Self {
            id: row.id,
            library_loan_id: row.library_loan_id,
            card_number: row.card_number,
            isbn: row.isbn,
            title: row.title,
            author: row.author,
            borrowed_on: row.borrowed_on,
            due_on: row.due_on,
            returned_on: row.returned_on,
        }
    }
}

/// The caller's loans at the city library, in the order imported: empty unless they keep
/// their library history (`PUT /me/privacy`).
#[utoipa::path(get, path = "/api/v1/reading/me/library-loans", tag = "imports", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<LibraryLoanView>), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn mine(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let person = caller.person_id()?.to_owned();
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let kept = privacy::of(conn, &person)?.is_some_and(|p| p.keep_library_history);
            if !kept {
                return Ok(Page {
                    items: Vec::new(),
                    next_cursor: None,
                });
            }
            let rows = imports::of_person(conn, &person, page.after, page.fetch())?;
            Ok(Page::from_rows(
                rows,
                page,
                |r| r.seq,
                LibraryLoanView::from,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![import_loans, read, mine]
}
