//! What a receiver gets: `{"type", "timestamp", "data"}` (the Standard Webhooks payload
//! shape), `data` being the documented payload plus `links.self`, the API path of the record
//! the event is about (for deep links from the OA system), where it has one.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

/// `(type prefix, path of the record, payload fields that may hold its id, first found)`.
/// More specific prefixes come first.
const LINKS: &[(&str, &str, &[&str])] = &[
    (
        "training.course.",
        "/api/v1/training/courses/",
        &["id", "course_id"],
    ),
    (
        "training.session.",
        "/api/v1/training/sessions/",
        &["id", "session_id"],
    ),
    (
        "training.enrolment.",
        "/api/v1/training/enrolments/",
        &["enrolment_id"],
    ),
    (
        "training.degree_application.",
        "/api/v1/training/degree-applications/",
        &["application_id"],
    ),
    (
        "training.reimbursement_claim.",
        "/api/v1/training/reimbursement-claims/",
        &["claim_id"],
    ),
    (
        "reading.book_list.",
        "/api/v1/reading/book-lists/",
        &["list_id"],
    ),
    (
        "reading.book.",
        "/api/v1/reading/books/",
        &["id", "book_id"],
    ),
    ("reading.card.", "/api/v1/reading/cards/", &["card_id"]),
    (
        "reading.loans.imported",
        "/api/v1/reading/imports/",
        &["batch_id"],
    ),
    ("reading.log.", "/api/v1/reading/logs/", &["log_id"]),
    ("reading.shelf.", "/api/v1/reading/shelves/", &["id"]),
    ("reading.copy.", "/api/v1/reading/copies/", &["copy_id"]),
    ("reading.loan.", "/api/v1/reading/loans/", &["loan_id"]),
    ("reading.hold.", "/api/v1/reading/holds/", &["hold_id"]),
    (
        "reading.campaign.",
        "/api/v1/reading/campaigns/",
        &["campaign_id", "id"],
    ),
    ("reading.note.", "/api/v1/reading/notes/", &["note_id"]),
    (
        "contest.entry.",
        "/api/v1/contest/entries/",
        &["id", "entry_id"],
    ),
    ("contest.sheet.", "/api/v1/contest/sheets/", &["sheet_id"]),
    ("contest.calendar.", "", &[]),
    (
        "contest.",
        "/api/v1/contest/contests/",
        &["contest_id", "id"],
    ),
    ("vision.check_in.", "/api/v1/vision/check-ins/", &["id"]),
    ("vision.node.", "/api/v1/vision/nodes/", &["node_id", "id"]),
    ("vision.indicator.", "/api/v1/vision/nodes/", &["node_id"]),
];

/// The API path of the record `data` of an event of type `kind` is about, if it has one.
pub fn self_link(kind: &str, data: &Value) -> Option<String> {
    let (_, base, fields) = LINKS
        .iter()
        .find(|(prefix, _, _)| kind.starts_with(prefix))?;
    let id = fields
        .iter()
        .find_map(|field| data.get(*field).and_then(Value::as_str))?;
    let plain = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (plain && !base.is_empty()).then(|| format!("{base}{id}"))
}

/// The body delivered for an event, as text (signed and sent byte for byte).
pub fn body(kind: &str, occurred_at: DateTime<Utc>, data: Value) -> String {
    let link = self_link(kind, &data);
    let mut data = match data {
        Value::Object(map) => map,
        other => Map::from_iter([("value".to_owned(), other)]),
    };
    data.insert("links".to_owned(), json!({ "self": link }));
    json!({
        "type": kind,
        "timestamp": occurred_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        "data": data,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_link_to_their_api_path_and_others_link_to_nothing() {
        let promoted = json!({"enrolment_id": "0190-ab", "session_id": "s", "person_id": "p"});
        assert_eq!(
            self_link("training.enrolment.promoted", &promoted).as_deref(),
            Some("/api/v1/training/enrolments/0190-ab")
        );
        let contest = json!({"id": "c1", "title": "岗位技能大赛"});
        assert_eq!(
            self_link("contest.created", &contest).as_deref(),
            Some("/api/v1/contest/contests/c1")
        );
        let entry = json!({"id": "e1", "contest_id": "c1"});
        assert_eq!(
            self_link("contest.entry.submitted", &entry).as_deref(),
            Some("/api/v1/contest/entries/e1")
        );
        assert_eq!(
            self_link("contest.calendar.day_set", &json!({"date": "2026-10-01"})),
            None
        );
        assert_eq!(self_link("identity.directory.synced", &json!({})), None);
        assert_eq!(
            self_link("reading.log.recorded", &json!({"log_id": "../x"})),
            None
        );
    }

    #[test]
    fn the_body_is_type_timestamp_and_data_with_its_link() {
        let at = DateTime::parse_from_rfc3339("2026-12-04T08:00:00Z")
            .expect("instant")
            .with_timezone(&Utc);
        let body: Value =
            serde_json::from_str(&body("reading.hold.ready", at, json!({"hold_id": "h1"})))
                .expect("json");
        assert_eq!(body["type"], "reading.hold.ready");
        assert_eq!(body["timestamp"], "2026-12-04T08:00:00.000Z");
        assert_eq!(body["data"]["hold_id"], "h1");
        assert_eq!(body["data"]["links"]["self"], "/api/v1/reading/holds/h1");
    }
}
