//! Pulling identity's changes feeds into the local copy, with a service account token.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use lt_http::settings::{Env, SettingsError};
use lt_http::spec::ServiceSpec;
use lt_store::{Store, StoreError, WriteTx, now_utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::local::{self, OrgUnit, PersonFeedItem};
use crate::schema::directory_sync_state;

/// Where identity is and how this service signs in to it (a service account holding
/// `directory:read`).
#[derive(Clone)]
pub struct DirectorySettings {
    /// Identity's base URL, e.g. `http://identity:8081`.
    pub identity_url: String,
    pub client_id: String,
    pub client_secret: String,
}

/// Identity's address in development (the launcher passes the real one).
pub const DEFAULT_IDENTITY_URL: &str = "http://127.0.0.1:8081";

impl DirectorySettings {
    /// Reads, for service `spec`: `IDENTITY_URL` (default [`DEFAULT_IDENTITY_URL`]), the
    /// client id `<SERVICE>_DIRECTORY_CLIENT_ID` (default: the service's name) and its secret
    /// `<SERVICE>_DIRECTORY_SECRET` (required: the launcher provisions it in development,
    /// identity's `IDENTITY_DIRECTORY_CLIENTS` in production).
    pub fn from_lookup(
        spec: &ServiceSpec,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, SettingsError> {
        let env = Env(lookup);
        let identity_url = env
            .get("IDENTITY_URL")
            .unwrap_or_else(|| DEFAULT_IDENTITY_URL.to_owned());
        if !identity_url.starts_with("http://") && !identity_url.starts_with("https://") {
            return Err(SettingsError::invalid("IDENTITY_URL", "use an http:// URL"));
        }
        let secret_variable = spec.directory_secret_variable();
        let client_secret = env.get(&secret_variable).ok_or_else(|| {
            SettingsError::invalid(
                &secret_variable,
                "required: the secret of this service's directory:read account (set the same value in identity's IDENTITY_DIRECTORY_CLIENTS)",
            )
        })?;
        Ok(Self {
            identity_url: identity_url.trim_end_matches('/').to_owned(),
            client_id: env
                .get(&format!("{}_DIRECTORY_CLIENT_ID", spec.env_prefix()))
                .unwrap_or_else(|| spec.name.to_owned()),
            client_secret,
        })
    }
}

impl std::fmt::Debug for DirectorySettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectorySettings")
            .field("identity_url", &self.identity_url)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error("identity unreachable: {0}")]
    Unreachable(String),
    #[error("identity answered {status}: {body}")]
    Refused { status: u16, body: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

/// What one refresh changed locally.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RefreshReport {
    pub org_units_changed: usize,
    pub org_units_removed: usize,
    pub people_changed: usize,
    pub people_removed: usize,
}

#[derive(Deserialize)]
struct Tombstone {
    id: String,
}

#[derive(Deserialize)]
struct ChangesPage<T> {
    items: Vec<T>,
    tombstones: Vec<Tombstone>,
    next_cursor: String,
    has_more: bool,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: u64,
}

/// Keeps a local copy of the directory in the calling service's own database.
pub struct DirectoryClient {
    settings: DirectorySettings,
    http: reqwest::Client,
    token: AccountToken,
}

/// A platform account's access token (client credentials at identity), kept until shortly
/// before it expires: the directory copy's (`directory:read`) and the events relay's
/// (`events:read`).
pub struct AccountToken {
    account: DirectorySettings,
    scope: &'static str,
    token: Mutex<Option<(String, Instant)>>,
}

impl std::fmt::Debug for AccountToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountToken")
            .field("account", &self.account)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl AccountToken {
    /// `account`'s token for `scope`.
    pub fn new(account: DirectorySettings, scope: &'static str) -> Self {
        Self {
            account,
            scope,
            token: Mutex::new(None),
        }
    }

    /// The token: the kept one, or a new one from identity (with `http`).
    pub async fn get(&self, http: &reqwest::Client) -> Result<String, DirectoryError> {
        let cached = self
            .token
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        if let Some((token, until)) = cached
            && Instant::now() < until
        {
            return Ok(token);
        }
        let response = http
            .post(format!("{}/api/v1/auth/token", self.account.identity_url))
            .basic_auth(&self.account.client_id, Some(&self.account.client_secret))
            .form(&[("grant_type", "client_credentials"), ("scope", self.scope)])
            .send()
            .await
            .map_err(|e| DirectoryError::Unreachable(e.to_string()))?;
        let issued: TokenResponse = DirectoryClient::read(response).await?;
        // Renew a little before expiry.
        let now = Instant::now();
        let until = now
            .checked_add(Duration::from_secs(issued.expires_in.saturating_sub(30)))
            .unwrap_or(now);
        *self
            .token
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some((issued.access_token.clone(), until));
        Ok(issued.access_token)
    }

    /// Forgets the kept token (identity no longer accepts it): the next `get` signs in again.
    pub fn forget(&self) {
        *self
            .token
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }
}

impl std::fmt::Debug for DirectoryClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectoryClient")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

const PAGE: u32 = 500;

fn cursor_of(conn: &mut lt_store::DbConnection, stream: &str) -> QueryResult<Option<String>> {
    directory_sync_state::table
        .find(stream)
        .select(directory_sync_state::cursor)
        .first(conn)
        .optional()
}

/// Saves where `stream` was read up to; `caught_up` when that was its end. A stream once
/// caught up stays so: the copy is complete, if perhaps behind.
fn save_cursor(
    tx: &mut WriteTx<'_>,
    stream: &str,
    cursor: &str,
    caught_up: bool,
) -> QueryResult<()> {
    let row = directory_sync_state::table.find(stream);
    let updated = if caught_up {
        diesel::update(row)
            .set((
                directory_sync_state::cursor.eq(cursor),
                directory_sync_state::synced_at.eq(now_utc()),
                directory_sync_state::complete.eq(true),
            ))
            .execute(tx.conn())?
    } else {
        diesel::update(row)
            .set((
                directory_sync_state::cursor.eq(cursor),
                directory_sync_state::synced_at.eq(now_utc()),
            ))
            .execute(tx.conn())?
    };
    if updated == 0 {
        diesel::insert_into(directory_sync_state::table)
            .values((
                directory_sync_state::stream.eq(stream),
                directory_sync_state::cursor.eq(cursor),
                directory_sync_state::synced_at.eq(now_utc()),
                directory_sync_state::complete.eq(caught_up),
            ))
            .execute(tx.conn())?;
    }
    Ok(())
}

impl DirectoryClient {
    pub fn new(settings: DirectorySettings) -> Result<Self, DirectoryError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(2))
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| DirectoryError::Unreachable(e.to_string()))?;
        Ok(Self {
            token: AccountToken::new(settings.clone(), "directory:read"),
            settings,
            http,
        })
    }

    async fn read<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, DirectoryError> {
        let status = response.status();
        let body = response
            .text()
            .await
            .map_err(|e| DirectoryError::Unreachable(e.to_string()))?;
        if !status.is_success() {
            // Enough to diagnose, never a whole page in a log line.
            let body: String = body.chars().take(300).collect();
            return Err(DirectoryError::Refused {
                status: status.as_u16(),
                body,
            });
        }
        serde_json::from_str(&body).map_err(|e| DirectoryError::Refused {
            status: status.as_u16(),
            body: e.to_string(),
        })
    }

    async fn fetch<T: DeserializeOwned>(&self, url: &str) -> Result<T, DirectoryError> {
        let token = self.token.get(&self.http).await?;
        let response = self
            .http
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| DirectoryError::Unreachable(e.to_string()))?;
        Self::read(response).await
    }

    /// Reads one feed from the saved cursor to its end; each page and its cursor commit together.
    async fn pull<T, A, R>(
        &self,
        store: &Store,
        stream: &'static str,
        apply: A,
        remove: R,
    ) -> Result<(usize, usize), DirectoryError>
    where
        T: DeserializeOwned + Send + 'static,
        A: Fn(&mut WriteTx<'_>, &T) -> QueryResult<()> + Send + Sync + Copy + 'static,
        R: Fn(&mut WriteTx<'_>, &str) -> QueryResult<()> + Send + Sync + Copy + 'static,
    {
        let (mut changed, mut removed) = (0, 0);
        let mut cursor = store
            .read(move |conn| -> Result<_, DirectoryError> { Ok(cursor_of(conn, stream)?) })
            .await?;
        loop {
            let mut url = format!(
                "{}/api/v1/identity/{stream}/changes?limit={PAGE}",
                self.settings.identity_url
            );
            if let Some(cursor) = &cursor {
                url.push_str(&format!("&cursor={cursor}"));
            }
            let page: ChangesPage<T> = match self.fetch(&url).await {
                // A token identity no longer accepts (its key retired, the account reset):
                // forget it and sign in again, once.
                Err(DirectoryError::Refused { status: 401, .. }) => {
                    self.token.forget();
                    self.fetch(&url).await?
                }
                other => other?,
            };
            let has_more = page.has_more;
            changed += page.items.len();
            removed += page.tombstones.len();
            let next = page.next_cursor.clone();
            store
                .write(move |tx| -> Result<(), DirectoryError> {
                    for item in &page.items {
                        apply(tx, item)?;
                    }
                    for gone in &page.tombstones {
                        remove(tx, &gone.id)?;
                    }
                    save_cursor(tx, stream, &page.next_cursor, !page.has_more)?;
                    Ok(())
                })
                .await?;
            cursor = Some(next);
            if !has_more {
                return Ok((changed, removed));
            }
        }
    }

    /// Brings the local copy up to date with identity (org units first, then people).
    pub async fn refresh(&self, store: &Store) -> Result<RefreshReport, DirectoryError> {
        let (org_units_changed, org_units_removed) = self
            .pull::<OrgUnit, _, _>(
                store,
                "org-units",
                local::upsert_org_unit,
                local::remove_org_unit,
            )
            .await?;
        let (people_changed, people_removed) = self
            .pull::<PersonFeedItem, _, _>(
                store,
                "people",
                local::upsert_person,
                local::remove_person,
            )
            .await?;
        Ok(RefreshReport {
            org_units_changed,
            org_units_removed,
            people_changed,
            people_removed,
        })
    }
}
