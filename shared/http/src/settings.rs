//! Settings every service reads the same way, from the environment:
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `LT_ENV` | `development` or `production` | `development` |
//! | `DATA_DIR` | where SQLite files and development keys live | `./data` |
//! | `<SERVICE>_ADDR` | listen address, e.g. `IDENTITY_ADDR` | `127.0.0.1:<service port>` |
//! | `<SERVICE>_DATABASE_URL` | `postgres://…` or `sqlite://…` | `sqlite://$DATA_DIR/<service>.db` (development only) |
//! | `DB_MAX_CONNECTIONS` | pool size per service | `10` |
//! | `DB_ACQUIRE_TIMEOUT_MS` | wait for a pooled connection before answering 503 | `3000` |
//! | `HTTP_WORKERS` | actix workers per service | `2` |
//! | `BODY_LIMIT_BYTES` | largest request body | `262144` |
//! | `MIGRATE_ON_START` | apply migrations at start-up | `true` in development, `false` in production |

use std::path::PathBuf;
use std::time::Duration;

use lt_store::{DatabaseUrl, StoreSettings};

use crate::routing::DEFAULT_BODY_LIMIT;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{name} is required in production")]
    Missing { name: String },
    #[error("{name} has an invalid value: {reason}")]
    Invalid { name: String, reason: String },
}

impl SettingsError {
    pub fn invalid(name: &str, reason: impl Into<String>) -> Self {
        Self::Invalid {
            name: name.to_owned(),
            reason: reason.into(),
        }
    }
}

/// Reads settings through a lookup (the process environment, a compose file, a test map);
/// blank values count as unset. Every service's settings read through one of these.
pub struct Env<F>(pub F);

impl<F: Fn(&str) -> Option<String>> Env<F> {
    pub fn get(&self, key: &str) -> Option<String> {
        (self.0)(key).filter(|v| !v.trim().is_empty())
    }

    /// A whole number, or `default` when unset.
    pub fn number(&self, key: &str, default: u64) -> Result<u64, SettingsError> {
        self.get(key).map_or(Ok(default), |v| {
            v.trim()
                .parse()
                .map_err(|_| SettingsError::invalid(key, format!("`{v}` is not a whole number")))
        })
    }

    /// A comma-separated list of IP addresses, or `default` when unset.
    pub fn ip_list(
        &self,
        key: &str,
        default: &str,
    ) -> Result<Vec<std::net::IpAddr>, SettingsError> {
        self.get(key)
            .unwrap_or_else(|| default.to_owned())
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.parse()
                    .map_err(|_| SettingsError::invalid(key, format!("`{p}` is not an IP address")))
            })
            .collect()
    }

    /// A duration given in milliseconds, or `default_ms` when unset.
    pub fn millis(&self, key: &str, default_ms: u64) -> Result<Duration, SettingsError> {
        self.number(key, default_ms).map(Duration::from_millis)
    }
}

/// Settings common to every service.
#[derive(Clone, Debug)]
pub struct ServiceSettings {
    /// Service name: `identity`, `training`, … (also the env prefix and the SQLite file name).
    pub name: &'static str,
    pub environment: Environment,
    pub data_dir: PathBuf,
    /// Listen address; port 0 picks a free port (tests).
    pub addr: String,
    pub store: StoreSettings,
    pub migrate_on_start: bool,
    pub workers: usize,
    pub body_limit: usize,
}

impl ServiceSettings {
    /// Reads the settings of service `name` from the process environment.
    pub fn from_env(name: &'static str, default_port: u16) -> Result<Self, SettingsError> {
        Self::from_lookup(name, default_port, |key| std::env::var(key).ok())
    }

    /// Reads the settings through `lookup` (the environment, a compose file, a test map).
    pub fn from_lookup(
        name: &'static str,
        default_port: u16,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, SettingsError> {
        let prefix = name.to_ascii_uppercase();
        let env = Env(lookup);
        let get = |key: &str| env.get(key);
        let environment = match get("LT_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(SettingsError::invalid(
                    "LT_ENV",
                    format!("`{other}`: use development or production"),
                ));
            }
        };
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "./data".into()));
        let url_key = format!("{prefix}_DATABASE_URL");
        let url = match get(&url_key) {
            Some(url) => DatabaseUrl::parse(&url)
                .map_err(|e| SettingsError::invalid(&url_key, e.to_string()))?,
            None if environment == Environment::Production => {
                return Err(SettingsError::Missing { name: url_key });
            }
            None => DatabaseUrl::sqlite_in(&data_dir, name),
        };
        let number = |key: &str, default: u64| env.number(key, default);
        let mut store = StoreSettings::new(url);
        store.max_connections = u32::try_from(number("DB_MAX_CONNECTIONS", 10)?).unwrap_or(10);
        store.acquire_timeout = env.millis("DB_ACQUIRE_TIMEOUT_MS", 3000)?;
        let migrate_default = environment == Environment::Development;
        let migrate_on_start = match get("MIGRATE_ON_START").as_deref() {
            None => migrate_default,
            Some("true" | "1") => true,
            Some("false" | "0") => false,
            Some(other) => {
                return Err(SettingsError::invalid(
                    "MIGRATE_ON_START",
                    format!("`{other}`: use true or false"),
                ));
            }
        };
        Ok(Self {
            name,
            environment,
            data_dir,
            addr: get(&format!("{prefix}_ADDR"))
                .unwrap_or_else(|| format!("127.0.0.1:{default_port}")),
            store,
            migrate_on_start,
            workers: usize::try_from(number("HTTP_WORKERS", 2)?)
                .unwrap_or(2)
                .max(1),
            body_limit: usize::try_from(number("BODY_LIMIT_BYTES", DEFAULT_BODY_LIMIT as u64)?)
                .unwrap_or(DEFAULT_BODY_LIMIT),
        })
    }

    /// Settings for a test: port 0, the given database, migrations on start, one worker.
    pub fn for_tests(name: &'static str, url: DatabaseUrl, data_dir: PathBuf) -> Self {
        let mut store = StoreSettings::new(url);
        store.max_connections = 8;
        Self {
            name,
            environment: Environment::Development,
            data_dir,
            addr: "127.0.0.1:0".into(),
            store,
            migrate_on_start: true,
            workers: 1,
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(vars: &[(&str, &str)]) -> Result<ServiceSettings, SettingsError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        ServiceSettings::from_lookup("identity", 8081, |k| map.get(k).cloned())
    }

    #[test]
    fn development_defaults_to_sqlite_under_data_dir() {
        let s = settings(&[("DATA_DIR", "/tmp/lt")]).expect("settings");
        assert_eq!(
            s.store.url,
            DatabaseUrl::Sqlite("/tmp/lt/identity.db".into())
        );
        assert_eq!(s.addr, "127.0.0.1:8081");
        assert!(s.migrate_on_start);
    }

    #[test]
    fn production_requires_a_database_url_and_does_not_migrate_on_start() {
        let missing = settings(&[("LT_ENV", "production")]).expect_err("missing url");
        assert!(missing.to_string().contains("IDENTITY_DATABASE_URL"));
        let s = settings(&[
            ("LT_ENV", "production"),
            (
                "IDENTITY_DATABASE_URL",
                "postgres://identity:pw@db/identity",
            ),
            ("IDENTITY_ADDR", "0.0.0.0:8081"),
        ])
        .expect("settings");
        assert!(!s.migrate_on_start);
        assert_eq!(s.addr, "0.0.0.0:8081");
        assert!(settings(&[("HTTP_WORKERS", "many")]).is_err());
    }
}
