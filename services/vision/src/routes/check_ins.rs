//! `/api/v1/vision/nodes/{node_id}/check-ins`: progress reported on a key result — value,
//! confidence (1–10), comment, day — by whoever keeps it. The full history stays; a check-in
//! recorded after the key result's period closed is marked late; its author may edit it for
//! `CHECK_IN_EDIT_DAYS` days, every edit kept (`…/check-ins/{id}` shows them).

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::idempotency::{IdempotencyKeyHeader, IfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_optional_text, field_errors};
use lt_http::{
    ApiError, Created, FieldError, IfMatch, Json, Page, PageQuery, Validate, create_once, etag,
};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::nodes::{decimal_text, visible_node};
use super::{BASE, utc};
use crate::access::Viewer;
use crate::domain::model::{self, CHECK_IN_EDIT_DAYS, Kind};
use crate::problems::{EDIT_WINDOW_CLOSED, NOT_MEASURED};
use crate::store::check_ins::{self, CheckInFields, CheckInRow, EditRow};
use crate::store::nodes;

/// A check-in.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ResultCheckInView {
    pub id: String,
    pub node_id: String,
    pub value: String,
    pub confidence: i32,
    pub comment: Option<String>,
    pub checked_on: NaiveDate,
    /// Recorded after the key result's period closed.
    pub late: bool,
    pub author_id: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Earlier versions, oldest first (on a read of one check-in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edits: Option<Vec<EditView>>,
}

/// A check-in as it was before an edit.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct EditView {
    pub version: i64,
    pub value: String,
    pub confidence: i32,
    pub comment: Option<String>,
    pub edited_by: String,
    pub edited_at: DateTime<Utc>,
}

impl From<EditRow> for EditView {
    fn from(r: EditRow) -> Self {
        Self {
            value: decimal_text(r.value),
            edited_at: utc(r.edited_at),
            version: r.version,
            confidence: r.confidence,
            comment: r.comment,
            edited_by: r.edited_by,
        }
    }
}

impl From<CheckInRow> for ResultCheckInView {
    fn from(r: CheckInRow) -> Self {
        Self {
            value: decimal_text(r.value),
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            id: r.id,
            node_id: r.node_id,
            confidence: r.confidence,
            comment: r.comment,
            checked_on: r.checked_on,
            late: r.late,
            author_id: r.author_id,
            version: r.version,
            edits: None,
        }
    }
}

/// A new check-in.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCheckIn {
    /// Decimal text (up to six places).
    #[schema(pattern = r"^-?\d{1,13}(\.\d{1,6})?$", example = "140")]
    pub value: String,
    /// How sure the author is of reaching the target, 1–10.
    #[schema(minimum = 1, maximum = 10)]
    pub confidence: i32,
    #[schema(min_length = 1, max_length = 2000, pattern = "\\S")]
    pub comment: Option<String>,
    /// The day it reports on (default today); never ahead.
    pub checked_on: Option<NaiveDate>,
}

fn check_common(
    value: &str,
    confidence: i32,
    comment: Option<&str>,
    errors: &mut Vec<FieldError>,
) -> Option<i64> {
    if !(1..=10).contains(&confidence) {
        errors.push(FieldError::new("confidence", "out_of_range", "1 to 10"));
    }
    check_optional_text("comment", comment, 2000, errors);
    model::value("value", value, errors)
}

impl Validate for NewCheckIn {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_common(
            &self.value,
            self.confidence,
            self.comment.as_deref(),
            &mut errors,
        );
        if self.checked_on.is_some_and(|d| d > lt_programme::today()) {
            errors.push(FieldError::new(
                "checked_on",
                "out_of_range",
                "not ahead of today",
            ));
        }
        field_errors(errors)
    }
}

/// Report progress on a key result (whoever keeps it).
#[utoipa::path(post, path = "/api/v1/vision/nodes/{node_id}/check-ins", tag = "check-ins", security(("bearer" = [])),
    request_body = NewCheckIn, params(IdempotencyKeyHeader),
    responses((status = 201, body = ResultCheckInView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["whoever keeps the key result: its owner, coordinators over its unit, admin"]))))]
pub async fn create(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    req: HttpRequest,
    caller: Caller,
    node_id: web::Path<String>,
    body: Json<NewCheckIn>,
) -> Result<HttpResponse, ApiError> {
    let person = caller.person()?.clone();
    let viewer = Viewer::of(&directory, &caller).await?;
    let node = visible_node(&store, &directory, &viewer, &node_id).await?;
    if !viewer.keeps(&directory, &node).await? {
        return Err(
            ApiError::forbidden().with_detail("check-ins are for whoever keeps the key result")
        );
    }
    if node.kind != Kind::KeyResult {
        return Err(ApiError::new(&NOT_MEASURED));
    }
    let request = body.into_inner();
    let mut errors = Vec::new();
    let value = check_common(
        &request.value,
        request.confidence,
        request.comment.as_deref(),
        &mut errors,
    )
    .ok_or_else(|| ApiError::validation(errors))?;
    let checked_on = request.checked_on.unwrap_or_else(lt_programme::today);
    // Late: recorded after the key result's period closed.
    let late = node
        .period
        .as_deref()
        .and_then(|p| lt_service::reports::period_of(Some(p)).ok())
        .is_some_and(|p| lt_programme::today() >= p.end_day());
    let fields = CheckInFields {
        value,
        confidence: request.confidence,
        comment: request.comment.clone(),
    };
    let fingerprint = (node.id.clone(), request);
    create_once(&store, &req, &person.id.clone(), &fingerprint, move |tx| {
        let row = check_ins::insert(
            tx,
            &node.id,
            &fields,
            checked_on,
            late,
            &person.id,
            person.org_unit_id.as_deref(),
        )?;
        nodes::refresh_current(tx, &node.id)?;
        let view = ResultCheckInView::from(row);
        record_event(tx, "vision.check_in.recorded", &view)?;
        Ok(Created {
            location: format!("{BASE}/check-ins/{}", view.id),
            version: Some(view.version),
            body: view,
        })
    })
    .await
}

/// A key result's check-ins, oldest first (whoever sees the node).
#[utoipa::path(get, path = "/api/v1/vision/nodes/{node_id}/check-ins", tag = "check-ins", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<ResultCheckInView>), ReadErrors),
    extensions(("x-roles" = json!(["whoever sees the node"]))))]
pub async fn list(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    node_id: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.resolve()?;
    let viewer = Viewer::of(&directory, &caller).await?;
    let node = visible_node(&store, &directory, &viewer, &node_id).await?;
    let view = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(Page::from_rows(
                check_ins::of_node(conn, &node.id, page.after, page.fetch())?,
                page,
                |r| r.seq,
                ResultCheckInView::from,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Read a check-in with its edit history (whoever sees its node).
#[utoipa::path(get, path = "/api/v1/vision/check-ins/{check_in_id}", tag = "check-ins", security(("bearer" = [])),
    responses((status = 200, body = ResultCheckInView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["whoever sees its node"]))))]
pub async fn read(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    check_in_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = check_in_id.into_inner();
    let (row, edits) = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok((check_ins::find(conn, &id)?, check_ins::edits_of(conn, &id)?))
        })
        .await?;
    let viewer = Viewer::of(&directory, &caller).await?;
    visible_node(&store, &directory, &viewer, &row.node_id).await?;
    let mut view = ResultCheckInView::from(row);
    view.edits = Some(edits.into_iter().map(EditView::from).collect());
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// A corrected check-in.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInEdit {
    #[schema(pattern = r"^-?\d{1,13}(\.\d{1,6})?$")]
    pub value: String,
    #[schema(minimum = 1, maximum = 10)]
    pub confidence: i32,
    #[schema(min_length = 1, max_length = 2000, pattern = "\\S")]
    pub comment: Option<String>,
}

impl Validate for CheckInEdit {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_common(
            &self.value,
            self.confidence,
            self.comment.as_deref(),
            &mut errors,
        );
        field_errors(errors)
    }
}

/// Correct a check-in: its author only, within `CHECK_IN_EDIT_DAYS` days of recording it.
/// The earlier version is kept. Needs `If-Match`.
#[utoipa::path(put, path = "/api/v1/vision/check-ins/{check_in_id}", tag = "check-ins", security(("bearer" = [])),
    request_body = CheckInEdit, params(IfMatchHeader),
    responses((status = 200, body = ResultCheckInView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["its author"]))))]
pub async fn edit(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    check_in_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<CheckInEdit>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.required()?.clone();
    let me = caller.person_id()?.to_owned();
    let id = check_in_id.into_inner();
    let found = {
        let id = id.clone();
        store
            .read(move |conn| -> Result<_, ApiError> { Ok(check_ins::find(conn, &id)?) })
            .await?
    };
    if found.author_id != me {
        // Someone else's: 404 unless the caller sees its node (no oracle for check-ins of
        // private visions), then 403.
        let viewer = Viewer::of(&directory, &caller).await?;
        visible_node(&store, &directory, &viewer, &found.node_id).await?;
        return Err(ApiError::forbidden().with_detail("only its author edits a check-in"));
    }
    let request = body.into_inner();
    let mut errors = Vec::new();
    let value = check_common(
        &request.value,
        request.confidence,
        request.comment.as_deref(),
        &mut errors,
    )
    .ok_or_else(|| ApiError::validation(errors))?;
    let view = store
        .write(move |tx| {
            let row = check_ins::find(tx.conn(), &id)?;
            if row.author_id != me {
                return Err(ApiError::forbidden().with_detail("only its author edits a check-in"));
            }
            precondition.check(row.version)?;
            if lt_store::now_utc() - row.created_at > chrono::Duration::days(CHECK_IN_EDIT_DAYS) {
                return Err(ApiError::new(&EDIT_WINDOW_CLOSED).with_detail(format!(
                    "check-ins are edited within {CHECK_IN_EDIT_DAYS} days"
                )));
            }
            let fields = CheckInFields {
                value,
                confidence: request.confidence,
                comment: request.comment.clone(),
            };
            let updated = check_ins::edit(tx, &row, &fields, &me)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            nodes::refresh_current(tx, &updated.node_id)?;
            let mut view = ResultCheckInView::from(updated);
            view.edits = Some(
                check_ins::edits_of(tx.conn(), &id)?
                    .into_iter()
                    .map(EditView::from)
                    .collect(),
            );
            record_event(tx, "vision.check_in.edited", &view)?;
            Ok::<_, ApiError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, list, read, edit]
}
