//! Who may do what in the events service.
//!
//! | what | who |
//! |---|---|
//! | subscriptions, deliveries, replays | programme admins and service accounts with `events:manage` (the OA system); every manager manages every subscription |
//! | the pull feed | service accounts with `events:read` or `events:manage`, and admins |
//! | an inbox | its owner only; anyone else's notice answers 404 |

use lt_auth::scopes;
use lt_http::ApiError;
use lt_service::Caller;

/// Subscriptions and deliveries: admins and `events:manage` accounts.
pub fn require_manager(caller: &Caller) -> Result<(), ApiError> {
    if caller.is_admin() || caller.user.has_scope(scopes::EVENTS_MANAGE) {
        return Ok(());
    }
    if caller.user.is_service() {
        return caller.user.require_scope(scopes::EVENTS_MANAGE);
    }
    Err(ApiError::forbidden()
        .with_detail("webhook subscriptions are for the programme office and the OA system"))
}

/// The pull feed: `events:read` or `events:manage` accounts, and admins.
pub fn require_feed_reader(caller: &Caller) -> Result<(), ApiError> {
    if caller.is_admin()
        || caller.user.has_scope(scopes::EVENTS_READ)
        || caller.user.has_scope(scopes::EVENTS_MANAGE)
    {
        return Ok(());
    }
    if caller.user.is_service() {
        return caller.user.require_scope(scopes::EVENTS_READ);
    }
    Err(ApiError::forbidden()
        .with_detail("the event feed is for integrations and the programme office"))
}
