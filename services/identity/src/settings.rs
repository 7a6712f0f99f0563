//! Identity's settings: the common service settings (`lt_http::settings`) plus its own.
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `LT_TOKEN_ISSUER` | `iss` of access tokens | `learning-tree-identity` |
//! | `LT_TOKEN_AUDIENCE` | the one platform `aud` | `learning-tree` |
//! | `ACCESS_TOKEN_TTL_SECONDS` | access token lifetime | `900` |
//! | `REFRESH_TOKEN_TTL_HOURS` | refresh token lifetime | `336` (14 days) |
//! | `IDENTITY_KEYS_DIR` | signing keys (PKCS#8 PEM + `keyring.json`) | `$DATA_DIR/keys/identity`, generated on first start in development; required and never generated in production |
//! | `BOOTSTRAP_ADMIN_PASSWORD` | if no admin exists, create user `admin` with this password | unset: no admin is created |
//! | `IDENTITY_OA_ISSUER`, `IDENTITY_OA_JWKS_FILE` | the OA system's token issuer and its public keys (JWKS), for single sign-on | unset: SSO off |
//! | `IDENTITY_TRUSTED_PROXIES` | comma-separated peer IPs whose `Forwarded` / `X-Forwarded-For` is believed | `127.0.0.1,::1` |
//! | `IDENTITY_PASSWORD_HASH` | `strong` or `fast` (tests only; refused in production) | `strong` |
//! | `IDENTITY_DIRECTORY_CLIENTS` | comma-separated `client_id:secret` pairs: the `directory:read` accounts of the platform services that keep a directory copy (each secret at least 32 characters; the service gets the same value as `<SERVICE>_DIRECTORY_SECRET`) | none (the launcher sets it in development) |
//! | `IDENTITY_EVENT_READERS` | comma-separated client ids of `IDENTITY_DIRECTORY_CLIENTS` whose accounts also read every service's outbox (`events:read`): the events service's relay | none (the launcher names the events service in development) |

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use lt_http::settings::{Env, Environment, ServiceSettings, SettingsError};
use secrecy::SecretString;

use crate::bootstrap::DirectoryClient;
use crate::domain::passwords::HashCost;

/// Identity listens on 8081 by default; the gateway on 8080 fronts it.
pub const DEFAULT_PORT: u16 = crate::SPEC.default_port;

/// Single sign-on from the OA system (RFC 8693 token exchange).
#[derive(Clone, Debug)]
pub struct OaSso {
    pub issuer: String,
    pub jwks_file: PathBuf,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub service: ServiceSettings,
    pub issuer: String,
    pub audience: String,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    pub keys_dir: PathBuf,
    /// Generate a key ring when `keys_dir` has none (development only).
    pub generate_keys: bool,
    pub bootstrap_admin_password: Option<SecretString>,
    pub oa_sso: Option<OaSso>,
    pub trusted_proxies: Vec<IpAddr>,
    pub password_cost: HashCost,
    /// Provisioned at start: see [`crate::bootstrap::ensure_directory_clients`].
    pub directory_clients: Vec<DirectoryClient>,
}

/// Parses `IDENTITY_DIRECTORY_CLIENTS`: `training:<secret>,reading:<secret>`.
fn directory_clients(text: Option<String>) -> Result<Vec<DirectoryClient>, SettingsError> {
    const NAME: &str = "IDENTITY_DIRECTORY_CLIENTS";
    let mut clients: Vec<DirectoryClient> = Vec::new();
    // Errors name the entry by its position, never by its text: it holds a secret.
    for (i, entry) in text
        .iter()
        .flat_map(|t| t.split(','))
        .map(str::trim)
        .enumerate()
    {
        if entry.is_empty() {
            continue;
        }
        let n = i + 1;
        let Some((client_id, secret)) = entry.split_once(':') else {
            return Err(SettingsError::invalid(
                NAME,
                format!("entry {n} is not `client_id:secret`"),
            ));
        };
        let plain = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if client_id.is_empty() || client_id.len() > 64 || !client_id.chars().all(plain) {
            return Err(SettingsError::invalid(
                NAME,
                format!("entry {n}: the client id must be 1 to 64 of a-z, 0-9 and -"),
            ));
        }
        if secret.chars().count() < 32 || secret.chars().any(char::is_whitespace) {
            return Err(SettingsError::invalid(
                NAME,
                format!(
                    "entry {n} ({client_id}): the secret must be at least 32 characters without spaces (e.g. `openssl rand -hex 24`)"
                ),
            ));
        }
        if clients.iter().any(|c| c.client_id == client_id) {
            return Err(SettingsError::invalid(
                NAME,
                format!("entry {n}: {client_id} appears twice"),
            ));
        }
        clients.push(DirectoryClient {
            client_id: client_id.to_owned(),
            secret: SecretString::from(secret.to_owned()),
            reads_events: false,
        });
    }
    Ok(clients)
}

/// Marks the clients `IDENTITY_EVENT_READERS` names as readers of every outbox; a name that
/// is not a directory client is a mistake, refused.
fn event_readers(
    mut clients: Vec<DirectoryClient>,
    names: Option<String>,
) -> Result<Vec<DirectoryClient>, SettingsError> {
    for name in names.iter().flat_map(|t| t.split(',')).map(str::trim) {
        if name.is_empty() {
            continue;
        }
        let client = clients
            .iter_mut()
            .find(|c| c.client_id == name)
            .ok_or_else(|| {
                SettingsError::invalid(
                    "IDENTITY_EVENT_READERS",
                    format!("`{name}` is not a client of IDENTITY_DIRECTORY_CLIENTS"),
                )
            })?;
        client.reads_events = true;
    }
    Ok(clients)
}

impl Settings {
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let service = ServiceSettings::from_lookup(crate::SERVICE, DEFAULT_PORT, &lookup)?;
        let env = Env(lookup);
        let get = |key: &str| env.get(key);
        let production = service.environment == Environment::Production;
        let seconds = |key: &str, default: u64| env.number(key, default).map(Duration::from_secs);
        let keys_dir = match get("IDENTITY_KEYS_DIR") {
            Some(dir) => PathBuf::from(dir),
            None if production => {
                return Err(SettingsError::Missing {
                    name: "IDENTITY_KEYS_DIR".into(),
                });
            }
            None => service.data_dir.join("keys").join("identity"),
        };
        let oa_sso = match (get("IDENTITY_OA_ISSUER"), get("IDENTITY_OA_JWKS_FILE")) {
            (Some(issuer), Some(file)) => Some(OaSso {
                issuer,
                jwks_file: PathBuf::from(file),
            }),
            (None, None) => None,
            _ => {
                return Err(SettingsError::invalid(
                    "IDENTITY_OA_ISSUER",
                    "set IDENTITY_OA_ISSUER and IDENTITY_OA_JWKS_FILE together",
                ));
            }
        };
        let trusted_proxies = env.ip_list("IDENTITY_TRUSTED_PROXIES", "127.0.0.1,::1")?;
        let password_cost = match get("IDENTITY_PASSWORD_HASH").as_deref() {
            None | Some("strong") => HashCost::Strong,
            Some("fast") if !production => HashCost::Fast,
            Some(other) => {
                return Err(SettingsError::invalid(
                    "IDENTITY_PASSWORD_HASH",
                    format!("`{other}` (fast is for tests, never production)"),
                ));
            }
        };
        Ok(Self {
            issuer: get("LT_TOKEN_ISSUER").unwrap_or_else(|| "learning-tree-identity".into()),
            audience: get("LT_TOKEN_AUDIENCE").unwrap_or_else(|| "learning-tree".into()),
            access_ttl: seconds("ACCESS_TOKEN_TTL_SECONDS", 900)?,
            refresh_ttl: seconds("REFRESH_TOKEN_TTL_HOURS", 336)?.saturating_mul(3600),
            generate_keys: !production,
            keys_dir,
            bootstrap_admin_password: get("BOOTSTRAP_ADMIN_PASSWORD").map(SecretString::from),
            oa_sso,
            trusted_proxies,
            password_cost,
            directory_clients: event_readers(
                directory_clients(get("IDENTITY_DIRECTORY_CLIENTS"))?,
                get("IDENTITY_EVENT_READERS"),
            )?,
            service,
        })
    }

    /// Settings for a test: port 0, the given database, keys in `dir`, fast hashing.
    pub fn for_tests(url: lt_store::DatabaseUrl, dir: PathBuf) -> Self {
        let service = ServiceSettings::for_tests(crate::SERVICE, url, dir.clone());
        Self {
            service,
            issuer: "learning-tree-identity".into(),
            audience: "learning-tree".into(),
            access_ttl: Duration::from_secs(900),
            refresh_ttl: Duration::from_secs(3600),
            keys_dir: dir.join("keys"),
            generate_keys: true,
            bootstrap_admin_password: None,
            oa_sso: None,
            trusted_proxies: vec![IpAddr::from([127, 0, 0, 1])],
            password_cost: HashCost::Fast,
            directory_clients: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_client_errors_never_echo_a_secret() {
        let secret = "a-secret-that-must-never-be-logged-0123456789";
        for text in [
            format!("training={secret}"),
            secret.to_owned(),
            format!("Training:{secret}"),
            "training:short".to_owned(),
            format!("training:{secret},training:{secret}"),
        ] {
            let error = directory_clients(Some(text.clone()))
                .expect_err(&text)
                .to_string();
            assert!(
                !error.contains(secret) && !error.contains("short"),
                "{error}"
            );
            assert!(error.contains("entry"), "{error}");
        }
        let parsed = directory_clients(Some(format!(" training:{secret} , reading:{secret}x ")))
            .expect("two clients");
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[1].client_id, "reading");
    }
}
