//! The merged OpenAPI document: every service's document as it is (services serve their
//! full public paths), plus the platform's info and security schemes. Committed at
//! `openapi/openapi.json` (`learning-tree openapi > openapi/openapi.json`); the gateway
//! serves the committed file and a test fails when it is stale.

use utoipa::openapi::security::{ClientCredentials, Flow, OAuth2, Scopes, SecurityScheme};
use utoipa::openapi::{InfoBuilder, OpenApi as Document, ServerBuilder};

use crate::registry::Service;

/// Every service's document, merged (the services' paths never overlap: each owns its
/// prefixes).
pub fn merged(services: &[Service]) -> Document {
    let mut documents = services.iter().map(|s| (s.openapi)());
    let mut doc = documents.next().unwrap_or_default();
    for mut other in documents {
        // `merge` leaves webhooks out: every service's are kept (the events service's).
        if let Some(webhooks) = other.webhooks.take() {
            doc.webhooks
                .get_or_insert_with(Default::default)
                .merge(webhooks);
        }
        doc.merge(other);
    }
    doc.info = InfoBuilder::new()
        .title("Learning Tree (学习树) API")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "The platform of the district's learning-oriented agency programme (the \"45231\" tree model). \
             Every path is as clients call it through the gateway. Errors are RFC 9457 problem+json with a \
             stable `code`; each operation's `x-roles` says who may call it. Lists are cursor-paginated; \
             creating calls accept `Idempotency-Key`; updates need `If-Match`.",
        ))
        .build();
    doc.servers = Some(vec![
        ServerBuilder::new()
            .url("/")
            .description(Some("this gateway"))
            .build(),
    ]);
    let components = doc.components.get_or_insert_with(Default::default);
    let scopes = Scopes::from_iter([
        ("directory:read", "read the org directory"),
        ("directory:write", "push the OA directory"),
        ("reports:read", "read reports and extracts"),
        (
            "events:manage",
            "manage webhook subscriptions and read the event feed",
        ),
        (
            "events:read",
            "read the event feed (and, for the platform's relay, every outbox)",
        ),
    ]);
    components.add_security_scheme(
        "oauth2",
        SecurityScheme::OAuth2(OAuth2::with_description(
            [Flow::ClientCredentials(ClientCredentials::new(
                "/api/v1/auth/token",
                scopes,
            ))],
            "Service accounts: client credentials at the token endpoint.",
        )),
    );
    doc
}

/// The merged document as committed: pretty JSON with a final newline, the same bytes on
/// every run (extensions, which utoipa keeps in a hash map, come last in name order).
pub fn merged_json(services: &[Service]) -> String {
    let mut value = serde_json::to_value(merged(services)).unwrap_or_default();
    extensions_in_order(&mut value);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Moves every object's `x-…` keys to its end, sorted.
fn extensions_in_order(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            let mut extensions: Vec<String> = map
                .keys()
                .filter(|k| k.starts_with("x-"))
                .cloned()
                .collect();
            extensions.sort();
            for key in extensions {
                if let Some(v) = map.shift_remove(&key) {
                    map.insert(key, v);
                }
            }
            map.values_mut().for_each(extensions_in_order);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(extensions_in_order),
        _ => {}
    }
}
