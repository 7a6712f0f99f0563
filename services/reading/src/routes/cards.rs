//! Library cards of the city library tie-up: reading coordinators issue them in bulk (every
//! active cadre, or a subtree, who holds no live card: a rerun issues nothing new) and set a
//! card's status (lost, suspended, cancelled, active again); a cadre sees their own.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use lt_directory::Directory;
use lt_directory::local;
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

use super::{BASE, utc};
use crate::access::require_programme;
use crate::problems::CARD_HELD;
use crate::store::cards::{self, CardRow, status};

/// A library card.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CardView {
    pub id: String,
    pub person_id: String,
    /// The holder's org unit when issued.
    pub org_unit_id: Option<String>,
    /// The number the city library knows the reader by (`ZLQ` and eight digits).
    pub card_number: String,
    /// `active`, `suspended`, `lost` or `cancelled`.
    pub status: String,
    pub issued_on: NaiveDate,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<CardRow> for CardView {
    fn from(row: CardRow) -> Self {
        Self {
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
            id: row.id,
            person_id: row.person_id,
            org_unit_id: row.org_unit_id,
            card_number: row.card_number,
            status: row.status,
            issued_on: row.issued_on,
            version: row.version,
        }
    }
}

pub(super) fn card_event(card: &CardRow) -> serde_json::Value {
    serde_json::json!({
        "card_id": card.id, "person_id": card.person_id, "org_unit_id": card.org_unit_id,
        "card_number": card.card_number, "status": card.status,
    })
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CardFilter {
    #[param(pattern = "^(active|suspended|lost|cancelled)$")]
    pub status: Option<String>,
    /// Only holders of this org unit and its subtree (when issued).
    pub org_unit_id: Option<String>,
}

/// Cards in the order issued.
#[utoipa::path(get, path = "/api/v1/reading/cards", tag = "cards", security(("bearer" = [])),
    params(PageQuery, CardFilter), responses((status = 200, body = Page<CardView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "reading_coordinator"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<PageQuery>,
    filter: web::Query<CardFilter>,
) -> Result<HttpResponse, ApiError> {
    require_programme(&caller)?;
    let page = query.resolve()?;
    let filter = filter.into_inner();
    if filter
        .status
        .as_deref()
        .is_some_and(|s| !status::ALL.contains(&s))
    {
        return Err(
            ApiError::new(&lt_http::kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                "status",
                "invalid",
                "active, suspended, lost or cancelled",
            )]),
        );
    }
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            let units = match &filter.org_unit_id {
                Some(root) => Some(local::subtree(conn, root)?),
                None => None,
            };
            let rows = cards::list(
                conn,
                page.after,
                page.fetch(),
                filter.status.as_deref(),
                units.as_deref(),
            )?;
            Ok(Page::from_rows(rows, page, |r| r.seq, CardView::from))
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// Read a card (its holder, reading coordinators, admins).
#[utoipa::path(get, path = "/api/v1/reading/cards/{card_id}", tag = "cards", security(("bearer" = [])),
    responses((status = 200, body = CardView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["the holder", "admin", "reading_coordinator"]))))]
pub async fn read(
    store: web::Data<Store>,
    caller: Caller,
    card_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = card_id.into_inner();
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(cards::find(conn, &id)?) })
        .await?;
    if caller.user.person_id() != Some(row.person_id.as_str())
        && !crate::access::runs_programme(&caller)
    {
        return Err(ApiError::not_found());
    }
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(row.version)))
        .json(CardView::from(row)))
}

/// The caller's live card (404 without one).
#[utoipa::path(get, path = "/api/v1/reading/me/card", tag = "cards", security(("bearer" = [])),
    responses((status = 200, body = CardView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn mine(store: web::Data<Store>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let person = caller.person_id()?.to_owned();
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(cards::live_of(conn, &person)?) })
        .await?
        .ok_or_else(|| ApiError::not_found().with_detail("no library card yet"))?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(row.version)))
        .json(CardView::from(row)))
}

/// A card's new status.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CardChange {
    /// `active`, `suspended`, `lost` or `cancelled`. A lost or cancelled card stays so
    /// (issue a new one); a suspended one becomes active again.
    #[schema(pattern = "^(active|suspended|lost|cancelled)$")]
    pub status: String,
}

impl Validate for CardChange {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        if status::ALL.contains(&self.status.as_str()) {
            Ok(())
        } else {
            Err(vec![FieldError::new(
                "status",
                "invalid",
                "active, suspended, lost or cancelled",
            )])
        }
    }
}

/// Change a card's status. Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/reading/cards/{card_id}", tag = "cards", security(("bearer" = [])),
    request_body = CardChange, params(IfMatchHeader),
    responses((status = 200, body = CardView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "reading_coordinator"]))))]
pub async fn update(
    store: web::Data<Store>,
    caller: Caller,
    card_id: web::Path<String>,
    if_match: IfMatch,
    body: Json<CardChange>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.required()?.clone();
    require_programme(&caller)?;
    let id = card_id.into_inner();
    let to = body.into_inner().status;
    let view = store
        .write(move |tx| {
            let row = cards::find(tx.conn(), &id)?;
            precondition.check(row.version)?;
            let live = status::LIVE.contains(&row.status.as_str());
            if !live && to != row.status {
                return Err(ApiError::new(&crate::problems::WRONG_STATE)
                    .with_detail(format!("a {} card stays so: issue a new one", row.status)));
            }
            let row = cards::set_status(tx, &row, &to)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            record_event(tx, "reading.card.status_changed", &card_event(&row))?;
            Ok::<_, ApiError>(CardView::from(row))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// Issue one card to one person (a newcomer, or after a lost card).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCard {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub person_id: String,
}

impl Validate for NewCard {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("person_id", &self.person_id, 100, &mut errors);
        field_errors(errors)
    }
}

/// Issue a card to one active person who holds no live card (`card_held` otherwise).
#[utoipa::path(post, path = "/api/v1/reading/cards", tag = "cards", security(("bearer" = [])),
    request_body = NewCard, params(IdempotencyKeyHeader),
    responses((status = 201, body = CardView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "reading_coordinator"]))))]
pub async fn create(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    req: HttpRequest,
    caller: Caller,
    body: Json<NewCard>,
) -> Result<HttpResponse, ApiError> {
    require_programme(&caller)?;
    let request = body.into_inner();
    let person = directory
        .person(trimmed(&request.person_id))
        .await?
        .filter(|p| p.active)
        .ok_or_else(|| unknown_reference("person_id", "active person"))?;
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor, &request, move |tx| {
        lt_store::next_change_seq(tx, "card_issuances")?;
        if cards::live_of(tx.conn(), &person.id)?.is_some() {
            return Err(ApiError::new(&CARD_HELD));
        }
        let made = cards::issue(
            tx,
            &[(person.id.clone(), person.org_unit_id.clone())],
            lt_programme::today(),
            None,
        )?;
        let card = made
            .into_iter()
            .next()
            .ok_or_else(|| anyhow::anyhow!("the card was not written"))?;
        record_event(tx, "reading.card.issued", &card_event(&card))?;
        let view = CardView::from(card);
        Ok(Created {
            location: format!("{BASE}/cards/{}", view.id),
            version: Some(view.version),
            body: view,
        })
    })
    .await
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![list, create, read, update, mine]
}
