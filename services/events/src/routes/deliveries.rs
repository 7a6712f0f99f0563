//! The delivery log: every event sent to a subscription, its attempts, the last answer and
//! the next attempt; and retrying a failed delivery by hand.

use actix_web::{HttpResponse, web};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::{ApiError, Endpoints, Page, PageQuery};
use lt_service::Caller;
use lt_store::Store;

use super::views::DeliveryView;
use crate::access::require_manager;
use crate::background::Nudge;
use crate::domain::model::DeliveryStatus;
use crate::problems::NOT_RETRIABLE;
use crate::store::{deliveries, subscriptions};

/// A subscription's deliveries, in the order the events were relayed.
#[utoipa::path(get, path = "/api/v1/events/subscriptions/{subscription_id}/deliveries", tag = "deliveries", security(("bearer" = [])),
    params(PageQuery), responses((status = 200, body = Page<DeliveryView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:events:manage"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    subscription_id: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    require_manager(&caller)?;
    let page = query.resolve()?;
    let id = subscription_id.into_inner();
    let view = store
        .read(move |conn| -> Result<_, ApiError> {
            subscriptions::find(conn, &id)?;
            Ok(Page::from_rows(
                deliveries::page(conn, &id, page.after, page.fetch())?,
                page,
                |r| r.event_seq,
                DeliveryView::from,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Send a failed delivery again now, with a fresh schedule and the same `webhook-id`.
#[utoipa::path(post, path = "/api/v1/events/deliveries/{delivery_id}/retry", tag = "deliveries", security(("bearer" = [])),
    responses((status = 202, body = DeliveryView), WriteErrors),
    extensions(("x-roles" = json!(["admin", "scope:events:manage"]))))]
pub async fn retry(
    store: web::Data<Store>,
    nudge: web::Data<Nudge>,
    caller: Caller,
    delivery_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_manager(&caller)?;
    let id = delivery_id.into_inner();
    let view = store
        .write(move |tx| -> Result<_, ApiError> {
            let delivery = deliveries::find(tx.conn(), &id)?;
            if delivery.status != DeliveryStatus::Failed {
                return Err(ApiError::new(&NOT_RETRIABLE)
                    .with_detail(format!("the delivery is {}", delivery.status.as_str())));
            }
            deliveries::queue(
                tx,
                &delivery.subscription_id,
                delivery.event_seq,
                &delivery.event_id,
            )?;
            Ok(DeliveryView::from(deliveries::find(tx.conn(), &id)?))
        })
        .await?;
    nudge.wake();
    Ok(HttpResponse::Accepted().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![list, retry]
}
