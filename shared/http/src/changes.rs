//! Changes feeds (`…/changes`), one handler body for every record type: the cursor resolved,
//! rows ([`lt_store::Changed`]) and tombstones read in one snapshot, merged in commit order.
//! Callers check who may extract first.

use actix_web::HttpResponse;
use lt_store::{Changed, DbConnection, Store};
use serde::Serialize;

use crate::{ApiError, ChangesPage, ChangesQuery};

/// One page of the changes feed of `R`, each row shown as `view` makes it.
pub async fn feed<R, V, F>(
    store: &Store,
    query: &ChangesQuery,
    view: F,
) -> Result<HttpResponse, ApiError>
where
    R: Changed,
    V: Serialize + Send + 'static,
    F: Fn(&mut DbConnection, R) -> Result<V, ApiError> + Send + 'static,
{
    feed_visible(store, query, move |conn, row| view(conn, row).map(Some)).await
}

/// [`feed`] for a reader who may not see every row: `view` answers `None` for a row they
/// may not see, which is left out of the page but still moves the cursor.
pub async fn feed_visible<R, V, F>(
    store: &Store,
    query: &ChangesQuery,
    view: F,
) -> Result<HttpResponse, ApiError>
where
    R: Changed,
    V: Serialize + Send + 'static,
    F: Fn(&mut DbConnection, R) -> Result<Option<V>, ApiError> + Send + 'static,
{
    let request = query.resolve()?;
    let page = store
        .snapshot(move |conn| -> Result<_, ApiError> {
            let (rows, tombstones) =
                lt_store::changes::<R>(conn, request.after, request.since, request.limit + 1)?;
            let mut live = Vec::with_capacity(rows.len());
            for row in rows {
                let seq = row.change_seq();
                live.push((seq, view(conn, row)?));
            }
            Ok(ChangesPage::merge(live, tombstones, request).flattened())
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
