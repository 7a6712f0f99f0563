//! `/.well-known/jwks.json` (public) and key rotation (admins, audited).

use actix_web::{HttpResponse, web};
use lt_auth::{AuthUser, roles};
use lt_http::ApiError;
use lt_http::Endpoints;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::state::IdentityState;
use crate::store::audit;

/// A JSON Web Key Set (RFC 7517): every key that may still verify a live token.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct JwksDocument {
    /// Ed25519 public keys (`kty: OKP`, `crv: Ed25519`, `alg: EdDSA`, `use: sig`, `kid`, `x`).
    #[schema(value_type = Vec<Object>)]
    pub keys: Vec<serde_json::Value>,
}

/// The platform's token-signing public keys. Services cache them by `kid`.
#[utoipa::path(get, path = "/.well-known/jwks.json", tag = "auth",
    responses((status = 200, body = JwksDocument), ReadErrors),
    extensions(("x-roles" = json!(["anyone"]))))]
pub async fn jwks(state: web::Data<IdentityState>) -> Result<HttpResponse, ApiError> {
    let keyring = state.tokens.keyring.clone();
    let set = web::block(move || keyring.jwks())
        .await
        .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("reading keys: {e}")))??;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=300"))
        .json(set))
}

/// The new active key.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct RotatedKey {
    pub kid: String,
    /// When it starts signing: it is published at once and signs two minutes later, so every
    /// verifier knows it before any token carries it.
    pub active_from: chrono::DateTime<chrono::Utc>,
}

/// Rotate the signing key: the new key is published in the JWKS at once and signs new tokens
/// from `active_from` (two minutes later); the old one stays in the JWKS for 24 hours after
/// that, so tokens it signed keep verifying.
#[utoipa::path(post, path = "/api/v1/identity/keys/rotate", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = RotatedKey), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn rotate(
    store: web::Data<Store>,
    state: web::Data<IdentityState>,
    user: AuthUser,
) -> Result<HttpResponse, ApiError> {
    user.require_role(roles::ADMIN)?;
    let keyring = state.tokens.keyring.clone();
    let (kid, active_from) = web::block(move || keyring.rotate())
        .await
        .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("rotating keys: {e}")))??;
    let (actor, target) = (user.subject().into_owned(), kid.clone());
    store
        .write(move |tx| -> Result<(), ApiError> {
            audit::record(
                tx,
                &actor,
                "signing_key.rotated",
                &target,
                &serde_json::json!({ "active_from": active_from }),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok().json(RotatedKey { kid, active_from }))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![jwks, rotate]
}
