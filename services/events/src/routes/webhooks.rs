//! The webhooks the service sends, documented: one entry per event type of
//! `domain::catalogue` in the OpenAPI document's `webhooks` section (OpenAPI 3.1), each a
//! `POST` of a [`WebhookEvent`] with the three Standard Webhooks headers.

use serde::{Deserialize, Serialize};
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::{
    ContentBuilder, OpenApi, Paths, PathsBuilder, Ref, Required, ResponseBuilder, ResponsesBuilder,
};
use utoipa::{PartialSchema, ToSchema};

use crate::domain::catalogue::TYPES;

/// What a receiver gets (and what the pull feed lists, with the event's `id`).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct WebhookEvent {
    /// The event type, `<service>.<record>.<what happened>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// When the change committed at its source (RFC 3339, UTC).
    #[schema(value_type = String, format = DateTime)]
    pub timestamp: String,
    /// The payload of docs/events.md for this type, plus `links.self` (the record's API path,
    /// or null).
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

fn header(name: &str, description: &str) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(Required::True)
        .description(Some(description))
        .schema(Some(String::schema()))
        .build()
}

/// The `webhooks` section: every event type.
pub fn webhooks() -> Paths {
    let mut paths = PathsBuilder::new();
    for (kind, when) in TYPES {
        let operation = OperationBuilder::new()
            .operation_id(Some(format!("webhook_{}", kind.replace('.', "_"))))
            .summary(Some(format!("`{kind}`: {when}")))
            .tag("webhooks")
            .parameter(header("webhook-id", "The event's stable id: the same on every retry; deduplicate by it"))
            .parameter(header("webhook-timestamp", "Unix seconds of this attempt"))
            .parameter(header(
                "webhook-signature",
                "`v1,` + base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` with the subscription's secret; two, space-separated, during a secret rotation",
            ))
            .request_body(Some(
                RequestBodyBuilder::new()
                    .required(Some(Required::True))
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("WebhookEvent")))
                            .build(),
                    )
                    .build(),
            ))
            .responses(
                ResponsesBuilder::new()
                    .response("200", ResponseBuilder::new().description("Received (any 2xx). 410 disables the subscription; 408, 429 and 5xx are retried; other answers fail the delivery."))
                    .build(),
            )
            .build();
        paths = paths.path(kind.to_string(), PathItem::new(HttpMethod::Post, operation));
    }
    paths.build()
}

/// The service's document with its `webhooks` section and their schema (the registry's).
pub fn document(mut doc: OpenApi) -> OpenApi {
    doc.webhooks = Some(webhooks());
    doc.components
        .get_or_insert_with(Default::default)
        .schemas
        .insert("WebhookEvent".to_owned(), WebhookEvent::schema());
    let mut tags = doc.tags.take().unwrap_or_default();
    tags.push(
        utoipa::openapi::tag::TagBuilder::new()
            .name("webhooks")
            .description(Some(
                "What the OA system receives: one entry per event type",
            ))
            .build(),
    );
    doc.tags = Some(tags);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_webhooks_section_names_every_type_of_the_catalogue() {
        let doc = document(<crate::ApiDoc as utoipa::OpenApi>::openapi());
        let named: Vec<&String> = doc
            .webhooks
            .as_ref()
            .expect("webhooks")
            .paths
            .keys()
            .collect();
        let listed: Vec<&str> = TYPES.iter().map(|(t, _)| *t).collect();
        assert_eq!(named.len(), listed.len());
        assert!(listed.iter().all(|t| named.iter().any(|n| n == t)));
        let components = doc.components.expect("components");
        assert!(components.schemas.contains_key("WebhookEvent"));
    }
}
