//! Every problem kind the events service answers with besides the shared catalogue
//! (`lt_http::kinds`: `validation_failed` for bad fields — an unsafe or malformed webhook URL
//! is a field error on `url` with code `unsafe_target` or `invalid`, an unknown event-type
//! pattern one on `event_types` —, `not_found` for a subscription, delivery or notice the
//! caller may not see, `precondition_failed` for a stale `If-Match`). The only kind of its
//! own:
//!
//! | kind | status | when |
//! |---|---|---|
//! | [`NOT_RETRIABLE`] | 409 | retrying a delivery that is still pending or already succeeded |

use lt_http::ProblemKind;

pub const NOT_RETRIABLE: ProblemKind = ProblemKind::new(
    "not_retriable",
    409,
    "该投递无需重试",
    "Only a failed delivery can be retried",
);
