//! Changes feeds (`…/changes`): the cursor resolved, rows and tombstones read in one
//! snapshot, merged in commit order. Callers check who may extract first.

use actix_web::HttpResponse;
use lt_http::{ApiError, ChangesPage, ChangesQuery, ChangesRequest};
use lt_store::{DbConnection, Store, Tombstone};
use serde::Serialize;

/// Answers one page of a changes feed. `load` reads, after `request.after` (and since
/// `request.since`), at most `request.limit + 1` live rows with their `change_seq` and as
/// many tombstones.
pub async fn feed<T, F>(
    store: &Store,
    query: &ChangesQuery,
    load: F,
) -> Result<HttpResponse, ApiError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(
            &mut DbConnection,
            ChangesRequest,
        ) -> Result<(Vec<(i64, T)>, Vec<Tombstone>), ApiError>
        + Send
        + 'static,
{
    let request = query.resolve()?;
    let page = store
        .snapshot(move |conn| -> Result<_, ApiError> {
            let (rows, tombstones) = load(conn, request)?;
            Ok(ChangesPage::merge(rows, tombstones, request))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
