//! The merged OpenAPI document (`openapi/openapi.json`, generated from every service's code
//! by `learning-tree openapi` and committed) at `/openapi.json`, and Swagger UI at `/docs`
//! with every asset served from this binary: no CDN, works offline.

use actix_web::{HttpResponse, web};
use utoipa_swagger_ui::{Config, SwaggerUi};

/// The committed merged document, embedded at build time.
pub const MERGED_OPENAPI: &str = include_str!("../../../openapi/openapi.json");

pub fn merged_document() -> serde_json::Value {
    serde_json::from_str(MERGED_OPENAPI).unwrap_or_else(|_| serde_json::json!({}))
}

async fn docs_root() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header(("Location", "/docs/"))
        .finish()
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    let swagger = SwaggerUi::new("/docs/{_:.*}")
        .external_urls_from_iter_unchecked([("/openapi.json", merged_document())])
        .config(
            Config::new(["/openapi.json"])
                .validator_url("none")
                .try_it_out_enabled(true),
        );
    cfg.route("/docs", web::get().to(docs_root))
        .service(swagger);
}
