//! Builds and runs the identity service: opens the store, applies migrations (development),
//! loads or makes the signing keys, creates the bootstrap admin, binds, serves.

use std::sync::Arc;

use actix_web::web;
use anyhow::Context;
use lt_auth::{Verifier, VerifierSettings};
use lt_http::RouteTable;
use lt_http::server::Running;
use lt_http::spec::Lookup;
use lt_store::Store;
use utoipa::OpenApi;

use crate::domain::keyring::KeyRing;
use crate::domain::passwords::decoy_hash;
use crate::domain::sso::OaKeys;
use crate::domain::tokens::TokenIssuer;
use crate::settings::Settings;
use crate::state::IdentityState;
use crate::store::MIGRATIONS;

/// Builds the service; the result is [`Running`].
pub struct Application;

/// The verifier identity uses for its own endpoints: the key ring's published keys, re-read
/// when a token names a key it has not seen (a rotation by another replica).
fn own_verifier(keyring: &Arc<KeyRing>, settings: &Settings) -> anyhow::Result<Verifier> {
    let ring = Arc::clone(keyring);
    let provider = move || ring.published().map_err(|e| e.to_string());
    Verifier::with_key_provider(
        Arc::new(provider),
        VerifierSettings::new(&settings.issuer, &settings.audience),
    )
    .map_err(|e| anyhow::anyhow!("token verifier: {e}"))
}

impl Application {
    /// Opens the database, migrates it when configured to, loads keys and binds the listener
    /// (`127.0.0.1:0` in tests: read the port with [`Running::port`]).
    pub async fn build(settings: Settings) -> anyhow::Result<Running> {
        let service = &settings.service;
        let store = Store::open(&service.store)
            .with_context(|| format!("opening the identity database at {}", service.store.url))?;
        let keyring = Arc::new(KeyRing::open(&settings.keys_dir, settings.generate_keys)?);
        let oa = match &settings.oa_sso {
            Some(sso) => Some(OaKeys::load(
                &sso.issuer,
                &settings.audience,
                &sso.jwks_file,
            )?),
            None => None,
        };
        let verifier = own_verifier(&keyring, &settings)?;
        let (prepared, prepare_settings) = (store.clone(), settings.clone());
        let decoy = tokio::task::spawn_blocking(move || -> anyhow::Result<String> {
            if prepare_settings.service.migrate_on_start {
                prepared
                    .migrate(&[&MIGRATIONS])
                    .context("migrating the identity database")?;
            }
            if let Some(password) = &prepare_settings.bootstrap_admin_password
                && crate::bootstrap::ensure_admin(
                    &prepared,
                    password,
                    prepare_settings.password_cost,
                )?
            {
                tracing::info!(
                    username = crate::bootstrap::BOOTSTRAP_USERNAME,
                    "bootstrap admin created"
                );
            }
            let provisioned = crate::bootstrap::ensure_directory_clients(
                &prepared,
                &prepare_settings.directory_clients,
            )?;
            if provisioned > 0 {
                tracing::info!(count = provisioned, "directory clients provisioned");
            }
            Ok(decoy_hash(prepare_settings.password_cost))
        })
        .await
        .context("start-up task")??;
        let reload = keyring.spawn_reload();
        let state = web::Data::new(IdentityState {
            tokens: TokenIssuer {
                keyring,
                issuer: settings.issuer.clone(),
                audience: settings.audience.clone(),
                access_ttl: settings.access_ttl,
                refresh_ttl: settings.refresh_ttl,
            },
            password_cost: settings.password_cost,
            decoy_hash: decoy,
            hashing: crate::domain::hashing_gate::HashingGate::for_this_machine(),
            trusted_proxies: settings.trusted_proxies.clone(),
            oa,
        });
        let verifier = web::Data::new(verifier);
        let routes = RouteTable::from_openapi(&crate::ApiDoc::openapi());
        let running = lt_http::server::serve(service, store, routes, move |cfg| {
            cfg.app_data(state.clone()).app_data(verifier.clone());
            crate::configure(cfg);
        })?;
        Ok(running.with_companion(reload))
    }
}

/// Reads the settings through `lookup` and builds the service (the launcher's entry point).
pub async fn start(lookup: Lookup) -> anyhow::Result<Running> {
    let settings = Settings::from_lookup(|key| lookup(key)).context("reading identity settings")?;
    Application::build(settings).await
}

/// Applies pending migrations and exits (the `migrate` subcommand; production runs it once
/// before starting replicas). Reads only the database settings: no keys, no SSO.
pub fn migrate(lookup: Lookup) -> anyhow::Result<Vec<String>> {
    let service = lt_http::settings::ServiceSettings::from_lookup(
        crate::SPEC.name,
        crate::SPEC.default_port,
        |key| lookup(key),
    )
    .context("reading identity's database settings")?;
    let store = Store::open(&service.store).context("opening the identity database")?;
    Ok(store.migrate(&[&MIGRATIONS])?)
}
