//! The authorization matrix, generated from the merged OpenAPI document: every operation is
//! called through the gateway by every caller its `x-roles` does not allow, and each must be
//! refused — 401 without a token, else 401, 403 or 404 (where existence is private) — with
//! nothing done. An operation without `x-roles`, or with a phrase this test cannot read,
//! fails it: new operations state who may call them in the shared vocabulary below.
//!
//! This is the role level (who may call an operation at all). Object-level rules (another
//! cadre's record, a coordinator of another department, an unassigned judge, an organiser
//! of another provider) are proven per service in their `access` / `ownership` tests.

use std::collections::BTreeSet;

use lt_test_support::on_both_backends;
use reqwest::Method;
use serde_json::{Map, Value, json};

use learning_tree_tests::harness::Harness;

/// Who calls: one of each kind the platform knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Anonymous,
    Cadre,
    Judge,
    Coordinator,
    Organiser,
    ReadingCoordinator,
    Admin,
    Reports,
    DirectoryReader,
    DirectoryWriter,
    EventsReader,
    EventsManager,
}

const PEOPLE: [Kind; 6] = [
    Kind::Cadre,
    Kind::Judge,
    Kind::Coordinator,
    Kind::Organiser,
    Kind::ReadingCoordinator,
    Kind::Admin,
];
const ALL: [Kind; 12] = [
    Kind::Anonymous,
    Kind::Cadre,
    Kind::Judge,
    Kind::Coordinator,
    Kind::Organiser,
    Kind::ReadingCoordinator,
    Kind::Admin,
    Kind::Reports,
    Kind::DirectoryReader,
    Kind::DirectoryWriter,
    Kind::EventsReader,
    Kind::EventsManager,
];

/// Phrases naming one kind of caller, by how they start (the longer prefix first where one
/// begins another: `reading_coordinator` before `coordinator`).
const ONE_KIND: [(&str, Kind); 9] = [
    ("scope:reports:read", Kind::Reports),
    ("scope:events:read", Kind::EventsReader),
    ("scope:events:manage", Kind::EventsManager),
    ("scope:directory:read", Kind::DirectoryReader),
    ("scope:directory:write", Kind::DirectoryWriter),
    ("admin", Kind::Admin),
    ("reading_coordinator", Kind::ReadingCoordinator),
    ("coordinator", Kind::Coordinator),
    ("organiser", Kind::Organiser),
];

/// Phrases for everyone, with or without a token (sign-in and token endpoints included).
const ANYONE: [&str; 4] = [
    "anyone",
    "holder of",
    "service account (client",
    "OA system (token",
];

/// Phrases for a person in some relation to the record: any person may try, the record
/// decides.
const SOME_PERSON: [&str; 7] = [
    "any signed-in person",
    "the ",
    "its ",
    "a judge",
    "a team member",
    "cadre",
    "whoever",
];

/// The callers one `x-roles` phrase lets in at the role level; `None` for a phrase this
/// test does not know (the test fails on it).
fn allowed_by(phrase: &str) -> Option<Vec<Kind>> {
    let p = phrase.trim();
    if ANYONE.iter().any(|prefix| p.starts_with(prefix)) {
        return Some(ALL.to_vec());
    }
    if p.starts_with("any signed-in caller") {
        return Some(
            ALL.iter()
                .copied()
                .filter(|k| *k != Kind::Anonymous)
                .collect(),
        );
    }
    if let Some((_, kind)) = ONE_KIND.iter().find(|(prefix, _)| p.starts_with(prefix)) {
        return Some(vec![*kind]);
    }
    SOME_PERSON
        .iter()
        .any(|prefix| p.starts_with(prefix))
        .then(|| PEOPLE.to_vec())
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap_or_default();
            resolve(doc, &doc["components"]["schemas"][name])
        }
        None => schema,
    }
}

/// A string the common patterns of the document accept.
fn string_for(name: &str, schema: &Value) -> String {
    if let Some(example) = schema["example"].as_str() {
        return example.to_owned();
    }
    let pattern = schema["pattern"].as_str().unwrap_or_default();
    if let Some(alternatives) = pattern
        .strip_prefix("^(")
        .and_then(|p| p.strip_suffix(")$"))
    {
        return alternatives
            .split('|')
            .next()
            .unwrap_or_default()
            .to_owned();
    }
    if pattern.contains("\\d") || pattern.contains("[0-9]") {
        return if pattern.contains("\\.") {
            "1.00".into()
        } else {
            "1".into()
        };
    }
    if pattern.starts_with("^https?") {
        return "https://example.org/x".into();
    }
    if pattern.contains("[0-9a-f]{64}") {
        return "0".repeat(64);
    }
    if name.contains("isbn") {
        return "9787020026265".into();
    }
    let length = schema["minLength"].as_u64().unwrap_or(1).max(1);
    "x".repeat(usize::try_from(length).unwrap_or(1))
}

/// A value of `schema` (every property, optional ones too) that passes its types, patterns
/// and bounds where it can: the refusal should come from who calls, not from the body.
fn sample(doc: &Value, name: &str, schema: &Value, depth: usize) -> Value {
    let schema = resolve(doc, schema);
    if depth > 6 {
        return Value::Null;
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(first) = schema[key]
            .as_array()
            .and_then(|all| all.iter().find(|s| s["type"] != "null"))
        {
            return sample(doc, name, first, depth + 1);
        }
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    let kind = match &schema["type"] {
        Value::Array(types) => types
            .iter()
            .find(|t| *t != "null")
            .cloned()
            .unwrap_or_default(),
        other => other.clone(),
    };
    // Ends come after starts.
    let later = name.starts_with("ends") || name.starts_with("until") || name.contains("closes");
    match kind
        .as_str()
        .unwrap_or(if schema["properties"].is_object() {
            "object"
        } else {
            ""
        }) {
        "string" => match schema["format"].as_str() {
            Some("date") if later => json!("2026-12-31"),
            Some("date") => json!("2026-06-01"),
            Some("date-time") if later => json!("2026-12-31T00:00:00Z"),
            Some("date-time") => json!("2026-06-01T00:00:00Z"),
            _ => json!(string_for(name, schema)),
        },
        "integer" | "number" if name == "weight" => json!(100),
        "integer" | "number" => json!(schema["minimum"].as_i64().unwrap_or(1).max(1)),
        "boolean" => json!(name == "consent"),
        "array" => match schema["minItems"].as_u64() {
            Some(n) if n > 0 => json!([sample(doc, name, &schema["items"], depth + 1)]),
            _ => json!([]),
        },
        "object" => {
            let mut object = Map::new();
            for (field, property) in schema["properties"].as_object().into_iter().flatten() {
                object.insert(field.clone(), sample(doc, field, property, depth + 1));
            }
            Value::Object(object)
        }
        _ => Value::Null,
    }
}

/// A path parameter's value: an id nobody has, or a value of its type.
fn parameter_value(schema: &Value) -> String {
    match (schema["type"].as_str(), schema["format"].as_str()) {
        (Some("integer"), _) => "1".into(),
        (_, Some("date")) => "2026-06-01".into(),
        _ => "matrix-unknown-id".into(),
    }
}

on_both_backends! {
    async fn every_operation_refuses_every_caller_its_x_roles_do_not_allow(db: TestDb) {
        let app = Harness::start_services(learning_tree::registry::SERVICES, db, "the platform").await;
        let doc: Value = serde_json::from_str(&learning_tree::openapi::merged_json(learning_tree::registry::SERVICES)).expect("merged spec");
        let district = app.unit("钟楼区", None).await;
        let person = |roles: &'static [&'static str], provider: Option<&'static str>| {
            let (app, district) = (&app, &district);
            async move { app.person_with(district, "矩阵", "一级主任科员", "2020-01-01", roles, provider, 1985).await.token }
        };
        let tokens = vec![
            (Kind::Anonymous, None),
            (Kind::Cadre, Some(person(&["cadre"], None).await)),
            (Kind::Judge, Some(person(&["judge", "cadre"], None).await)),
            (Kind::Coordinator, Some(person(&["coordinator", "cadre"], None).await)),
            (Kind::Organiser, Some(person(&["organiser", "cadre"], Some("party_school")).await)),
            (Kind::ReadingCoordinator, Some(person(&["reading_coordinator", "cadre"], None).await)),
            (Kind::Admin, Some(app.admin.clone())),
            (Kind::Reports, Some(app.service("matrix-reports", &["reports:read"]).await)),
            (Kind::DirectoryReader, Some(app.service("matrix-directory-reader", &["directory:read"]).await)),
            (Kind::DirectoryWriter, Some(app.service("matrix-oa", &["directory:write"]).await)),
            (Kind::EventsReader, Some(app.service("matrix-events-reader", &["events:read"]).await)),
            (Kind::EventsManager, Some(app.service("matrix-events-manager", &["events:manage"]).await)),
        ];

        let (mut operations, mut tried, mut refused) = (0, 0, 0);
        let mut before_the_role_check = Vec::new();
        let mut failures = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("operations") {
                let Ok(verb) = method.to_uppercase().parse::<Method>() else { continue };
                operations += 1;
                let Some(phrases) = operation["x-roles"].as_array() else {
                    failures.push(format!("{method} {path}: no x-roles"));
                    continue;
                };
                let mut allowed = BTreeSet::new();
                for phrase in phrases.iter().filter_map(Value::as_str) {
                    match allowed_by(phrase) {
                        Some(kinds) => allowed.extend(kinds),
                        None => failures.push(format!("{method} {path}: x-roles phrase {phrase:?} is not in the vocabulary")),
                    }
                }
                let mut concrete = path.clone();
                for parameter in operation["parameters"].as_array().into_iter().flatten().filter(|p| p["in"] == "path") {
                    let name = parameter["name"].as_str().unwrap_or_default();
                    concrete = concrete.replace(&format!("{{{name}}}"), &parameter_value(&parameter["schema"]));
                }
                let body = operation["requestBody"]["content"]["application/json"]["schema"].clone();
                for (kind, token) in &tokens {
                    if allowed.contains(kind) {
                        continue;
                    }
                    tried += 1;
                    let mut request = app.platform.gateway.request(verb.clone(), &concrete)
                        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
                        .header("If-Match", "\"1\"");
                    if let Some(token) = token {
                        request = request.header("Authorization", format!("Bearer {token}"));
                    }
                    if !body.is_null() {
                        request = request.json(&sample(&doc, "", &body, 0));
                    }
                    let answer = app.platform.gateway.send(request).await;
                    let status = answer.status.as_u16();
                    // The sign-in throttle refusing one more failed attempt is a refusal too.
                    let throttled = status == 429 && answer.problem_code() == "too_many_attempts";
                    let ok = throttled || if *kind == Kind::Anonymous { status == 401 } else { matches!(status, 401 | 403 | 404) };
                    if ok {
                        refused += 1;
                    } else if matches!(status, 400 | 415 | 422 | 428) {
                        // The request was refused for its shape before the role check ran.
                        before_the_role_check.push(format!("{method} {path} as {kind:?}: {status} {}", answer.json()["errors"]));
                    } else {
                        failures.push(format!("{method} {path} as {kind:?}: {status} {}", answer.text.chars().take(200).collect::<String>()));
                    }
                }
            }
        }
        println!(
            "authorization matrix: {operations} operations x {} callers: {tried} disallowed calls, {refused} refused, {} refused for the request's shape before the role check",
            ALL.len(),
            before_the_role_check.len()
        );
        for line in &before_the_role_check {
            println!("  shape first: {line}");
        }
        assert!(failures.is_empty(), "{} calls were not refused:\n{}", failures.len(), failures.join("\n"));
        assert!(refused * 10 >= tried * 9, "most disallowed calls must be proven refused: {refused} of {tried}");
    }
}
