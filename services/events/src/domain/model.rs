//! The states of a subscription and of a delivery.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A subscription's state. `active`: delivering. `failing`: a delivery used up its attempts
/// (or was refused outright); later deliveries still go out, and the next success makes it
/// `active` again. `disabled`: the receiver answered 410 Gone, or an admin paused it; nothing
/// is sent until a `PATCH` sets it `active` (deliveries queued before then resume in order);
/// events relayed while it is disabled are not queued for it: a replay since the pause sends
/// them.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    Active,
    Failing,
    Disabled,
}

impl SubscriptionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Failing => "failing",
            Self::Disabled => "disabled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Active, Self::Failing, Self::Disabled]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A delivery's state: `pending` (waiting for its turn or its next attempt), `succeeded`
/// (a 2xx), `failed` (attempts used up, a 4xx other than 408/429, or the subscription gone:
/// `POST /deliveries/{id}/retry` sends it again).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Pending,
    Succeeded,
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Pending, Self::Succeeded, Self::Failed]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

lt_store::stored_as_text!(SubscriptionStatus);
lt_store::stored_as_text!(DeliveryStatus);
