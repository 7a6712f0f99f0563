//! What the events service answers with.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::model::{DeliveryStatus, SubscriptionStatus};
use crate::store::deliveries::DeliveryRow;
use crate::store::notices::NoticeRow;
use crate::store::subscriptions::SubscriptionRow;

pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// A webhook subscription (its secret is never shown again after it is made or rotated).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SubscriptionView {
    pub id: String,
    pub url: String,
    pub event_types: Vec<String>,
    pub description: String,
    pub status: SubscriptionStatus,
    /// Why it is failing or disabled.
    pub status_reason: Option<String>,
    /// Until when the previous secret still signs beside the current one (after a rotation).
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<SubscriptionRow> for SubscriptionView {
    fn from(row: SubscriptionRow) -> Self {
        let event_types = row.patterns();
        let now = lt_store::now_utc();
        Self {
            id: row.id,
            url: row.url,
            event_types,
            description: row.description,
            status: row.status,
            status_reason: row.status_reason,
            previous_secret_expires_at: row
                .previous_secret_until
                .filter(|until| *until > now)
                .map(utc),
            created_by: row.created_by,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
            version: row.version,
        }
    }
}

/// A subscription as made or rotated: with its secret, shown this once.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SubscriptionWithSecret {
    #[serde(flatten)]
    pub subscription: SubscriptionView,
    /// `whsec_…`: verify `webhook-signature` with it (Standard Webhooks). Shown only now.
    pub secret: String,
}

/// One delivery of an event to a subscription.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct DeliveryView {
    pub id: String,
    pub subscription_id: String,
    /// The event's id: the `webhook-id` of every attempt.
    pub event_id: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    /// The first 256 bytes of the receiver's last answer.
    pub last_response: Option<String>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<DeliveryRow> for DeliveryView {
    fn from(row: DeliveryRow) -> Self {
        Self {
            id: row.id,
            subscription_id: row.subscription_id,
            event_id: row.event_id,
            status: row.status,
            attempts: row.attempts,
            last_status_code: row.last_status_code,
            last_error: row.last_error,
            last_response: row.last_response,
            next_attempt_at: row.next_attempt_at.map(utc),
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        }
    }
}

/// Links of a notice.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct NoticeLinks {
    /// The API path of the record the notice is about.
    #[serde(rename = "self")]
    pub self_: Option<String>,
}

/// A notice in a cadre's inbox.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct NoticeView {
    pub id: String,
    /// The event type it comes from (`training.enrolment.promoted`, …).
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    pub links: NoticeLinks,
}

impl From<NoticeRow> for NoticeView {
    fn from(row: NoticeRow) -> Self {
        Self {
            id: row.id,
            kind: row.kind,
            title: row.title,
            body: row.body,
            created_at: utc(row.created_at),
            read_at: row.read_at.map(utc),
            links: NoticeLinks { self_: row.link },
        }
    }
}

/// An entry of a subscription's `event_types`: a type, a family ending in `.*`, or `*`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventTypePattern(pub String);

impl utoipa::PartialSchema for EventTypePattern {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(crate::domain::types::PATTERN))
            .max_length(Some(100))
            .examples(["training.*"])
            .description(Some(
                "An event type (`contest.phase_changed`), a family (`training.*`, `training.enrolment.*`) or `*` for every type",
            ))
            .into()
    }
}

impl ToSchema for EventTypePattern {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("EventTypePattern")
    }
}
