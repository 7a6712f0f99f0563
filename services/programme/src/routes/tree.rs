//! `GET /api/v1/programme/tree`: the programme's 45231 tree as reference data.

use actix_web::HttpResponse;
use lt_http::openapi::ReadErrors;
use lt_http::{ApiError, Endpoints};
use lt_service::Caller;

use crate::domain::tree::{Tree, tree};

/// The tree: 4 concepts, 5 mechanisms, 2 branches, 3 key projects, 1 shared vision, with
/// their wire names (what every record's `mechanism` and `key_project` say) and labels.
#[utoipa::path(get, path = "/api/v1/programme/tree", tag = "tree", security(("bearer" = [])),
    responses((status = 200, body = Tree), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in caller"]))))]
pub async fn read(_caller: Caller) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, max-age=3600"))
        .json(tree()))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![read]
}
