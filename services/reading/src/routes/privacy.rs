//! `/api/v1/reading/me/privacy`: a cadre's privacy choices. Everything is private until they
//! choose otherwise: their library borrowing history is not kept in their reading history,
//! and neither they nor their family appear on leaderboards (departments do, in aggregate).

use actix_web::{HttpResponse, web};
use lt_http::Endpoints;
use lt_http::idempotency::IfMatchHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::{ApiError, FieldError, IfMatch, Json, Validate, etag};
use lt_service::Caller;
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::store::imports;
use crate::store::privacy::{self, Choices};

/// A cadre's privacy choices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrivacyView {
    /// Loans imported from the city library enter the reading history (`GET
    /// /me/library-loans`). Default: no (as Koha keeps a reader's history private). While
    /// it is no, imported loans are stored without the book (so opting in later reveals no
    /// past), and turning it off forgets the books of the loans kept.
    pub keep_library_history: bool,
    /// The cadre's reading is shown by name: on person leaderboards, and in a campaign's
    /// progress and report to the coordinators over their unit and the reading programme
    /// (otherwise those see it only folded into an aggregate). Default: no.
    pub show_on_leaderboard: bool,
    /// The cadre's family appears on family leaderboards (by the cadre's name, members by
    /// relation only). Default: no.
    pub family_on_leaderboard: bool,
}

impl Validate for PrivacyView {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        Ok(())
    }
}

impl From<Choices> for PrivacyView {
    fn from(c: Choices) -> Self {
        Self {
            keep_library_history: c.keep_library_history,
            show_on_leaderboard: c.show_on_leaderboard,
            family_on_leaderboard: c.family_on_leaderboard,
        }
    }
}

/// The caller's privacy choices (the defaults until saved, with ETag `"0"`).
#[utoipa::path(get, path = "/api/v1/reading/me/privacy", tag = "privacy", security(("bearer" = [])),
    responses((status = 200, body = PrivacyView, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn read(store: web::Data<Store>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let person = caller.person_id()?.to_owned();
    let row = store
        .read(move |conn| -> Result<_, ApiError> { Ok(privacy::of(conn, &person)?) })
        .await?;
    let (version, choices) = row
        .as_ref()
        .map_or((0, Choices::default()), |r| (r.version, Choices::from(r)));
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(version)))
        .json(PrivacyView::from(choices)))
}

/// Save the caller's privacy choices. Needs `If-Match` (`"0"` before the first save).
#[utoipa::path(put, path = "/api/v1/reading/me/privacy", tag = "privacy", security(("bearer" = [])),
    request_body = PrivacyView, params(IfMatchHeader),
    responses((status = 200, body = PrivacyView, headers(("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn save(
    store: web::Data<Store>,
    caller: Caller,
    if_match: IfMatch,
    body: Json<PrivacyView>,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match.required()?.clone();
    let person = caller.person_id()?.to_owned();
    let wanted = body.into_inner();
    let row = store
        .write(move |tx| {
            let current = privacy::of(tx.conn(), &person)?.map_or(0, |r| r.version);
            precondition.check(current)?;
            let choices = Choices {
                keep_library_history: wanted.keep_library_history,
                show_on_leaderboard: wanted.show_on_leaderboard,
                family_on_leaderboard: wanted.family_on_leaderboard,
            };
            let saved = privacy::save(tx, &person, current, choices)?
                .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
            if !choices.keep_library_history {
                // History no longer kept: forget which books were borrowed.
                imports::forget_books_of(tx, &person)?;
            }
            Ok::<_, ApiError>(saved)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(row.version)))
        .json(PrivacyView::from(Choices::from(&row))))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![read, save]
}
