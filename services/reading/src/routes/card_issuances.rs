//! `/api/v1/reading/card-issuances`: library cards issued in bulk — to every active cadre,
//! or every one of a subtree, who holds no live card, in one all-or-nothing call; a rerun
//! issues only to cadres added since.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_directory::Directory;
use lt_directory::local;
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_text, field_errors, trimmed, unknown_reference};
use lt_http::{ApiError, Created, FieldError, Validate, create_once};
use lt_service::Caller;
use lt_store::{Store, now_utc, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::cards::{CardView, card_event};
use super::{BASE, utc};
use crate::access::require_programme;
use crate::store::cards::{self, IssuanceRow};
use crate::store::new_id;

/// Who a bulk issue is for.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssuanceRequest {
    /// Only the cadres of this org unit and its subtree; absent: every active cadre.
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub org_unit_id: Option<String>,
}

impl Validate for IssuanceRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Some(unit) = &self.org_unit_id {
            check_text("org_unit_id", unit, 100, &mut errors);
        }
        field_errors(errors)
    }
}

/// What a bulk issue did.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct IssuanceView {
    pub id: String,
    pub org_unit_id: Option<String>,
    /// Cards issued now.
    pub issued: i64,
    /// Active cadres of the scope who already held a live card.
    pub already_held: i64,
    pub issued_by: String,
    pub created_at: DateTime<Utc>,
    /// The cards issued (on a read of the issuance: absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cards: Option<Vec<CardView>>,
}

impl IssuanceView {
    fn new(row: IssuanceRow, cards: Option<Vec<CardView>>) -> Self {
        Self {
            created_at: utc(row.created_at),
            id: row.id,
            org_unit_id: row.org_unit_id,
            issued: row.issued,
            already_held: row.already_held,
            issued_by: row.issued_by,
            cards,
        }
    }
}

/// Issue a library card to every active cadre (or every one of a subtree) who holds no live
/// card, in one all-or-nothing call. Running it again issues only to cadres added since.
#[utoipa::path(post, path = "/api/v1/reading/card-issuances", tag = "cards", security(("bearer" = [])),
    request_body = Option<IssuanceRequest>, params(IdempotencyKeyHeader),
    responses((status = 201, body = IssuanceView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin", "reading_coordinator"]))))]
pub async fn issue(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    req: HttpRequest,
    caller: Caller,
    body: lt_http::JsonOrEmpty<IssuanceRequest>,
) -> Result<HttpResponse, ApiError> {
    require_programme(&caller)?;
    let request = body.into_inner();
    let unit = request
        .org_unit_id
        .as_deref()
        .map(|u| trimmed(u).to_owned());
    if let Some(unit) = &unit
        && directory.org_unit(unit).await?.is_none()
    {
        return Err(unknown_reference("org_unit_id", "org unit"));
    }
    let actor = caller.user.subject().into_owned();
    create_once(&store, &req, &actor.clone(), &request, move |tx| {
        let mut people = local::active_people(tx.conn(), None)?;
        if let Some(root) = &unit {
            let units = local::subtree(tx.conn(), root)?;
            people.retain(|p| p.org_unit_id.as_ref().is_some_and(|u| units.contains(u)));
        }
        // Cards are issued one batch at a time: a second issuance waits for this one and
        // then finds these cards held.
        lt_store::next_change_seq(tx, "card_issuances")?;
        let ids: Vec<String> = people.iter().map(|p| p.id.clone()).collect();
        let holders = cards::holders_among(tx.conn(), &ids)?;
        let to_issue: Vec<(String, Option<String>)> = people
            .iter()
            .filter(|p| !holders.contains(&p.id))
            .map(|p| (p.id.clone(), p.org_unit_id.clone()))
            .collect();
        let issuance = IssuanceRow {
            id: new_id(),
            org_unit_id: unit.clone(),
            issued: i64::try_from(to_issue.len()).unwrap_or(i64::MAX),
            already_held: i64::try_from(holders.len()).unwrap_or(i64::MAX),
            issued_by: actor.clone(),
            created_at: now_utc(),
        };
        cards::record_issuance(tx, &issuance)?;
        let made = cards::issue(tx, &to_issue, lt_programme::today(), Some(&issuance.id))?;
        for card in &made {
            record_event(tx, "reading.card.issued", &card_event(card))?;
        }
        let view = IssuanceView::new(
            issuance,
            Some(made.into_iter().map(CardView::from).collect()),
        );
        Ok(Created {
            location: format!("{BASE}/card-issuances/{}", view.id),
            version: None,
            body: view,
        })
    })
    .await
}

/// Read an issuance (without its cards: list them with `GET /cards`).
#[utoipa::path(get, path = "/api/v1/reading/card-issuances/{issuance_id}", tag = "cards", security(("bearer" = [])),
    responses((status = 200, body = IssuanceView), ReadErrors),
    extensions(("x-roles" = json!(["admin", "reading_coordinator"]))))]
pub async fn read_issuance(
    store: web::Data<Store>,
    caller: Caller,
    issuance_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_programme(&caller)?;
    let id = issuance_id.into_inner();
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(cards::find_issuance(conn, &id)?) })
        .await?;
    Ok(HttpResponse::Ok().json(IssuanceView::new(row, None)))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![issue, read_issuance]
}
