//! Gateway settings, from the environment:
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `GATEWAY_ADDR` | listen address | `127.0.0.1:8080` |
//! | `IDENTITY_URL` | identity's base URL (more `<SERVICE>_URL` as services land) | `http://127.0.0.1:8081` |
//! | `LT_TOKEN_ISSUER`, `LT_TOKEN_AUDIENCE` | what access tokens must say | `learning-tree-identity`, `learning-tree` |
//! | `GATEWAY_TRUSTED_PROXIES` | comma-separated load-balancer IPs whose `Forwarded` / `X-Forwarded-For` names the client (for rate limits and identity's throttling) | none |
//! | `GATEWAY_CORS_ORIGINS` | comma-separated origins of the mobile web front end | none (no CORS) |
//! | `GATEWAY_RATE_LIMIT_PER_MINUTE` | requests per client (token subject, else address) per minute | `1200` |
//! | `GATEWAY_CONNECT_TIMEOUT_MS` | connecting to a service | `1000` |
//! | `GATEWAY_UPSTREAM_TIMEOUT_MS` | a service's response headers | `15000` |
//! | `BODY_LIMIT_BYTES`, `HTTP_WORKERS` | as for every service | `262144`, `2` |

use std::time::Duration;

use lt_http::DEFAULT_BODY_LIMIT;
use lt_http::server::HttpSettings;
use lt_http::settings::{Env, SettingsError};

/// A service behind the gateway and the path prefixes it owns.
#[derive(Clone, Debug)]
pub struct Upstream {
    pub name: &'static str,
    /// Base URL without a trailing slash, e.g. `http://identity:8081`.
    pub base_url: String,
    /// Paths starting with any of these go to this service, unchanged.
    pub prefixes: Vec<&'static str>,
}

/// Every service the gateway knows: (name, URL variable, default port, path prefixes).
/// Each domain service adds its row when it lands.
pub const SERVICES: &[(&str, &str, u16, &[&str])] = &[(
    "identity",
    "IDENTITY_URL",
    8081,
    &[
        "/api/v1/auth/",
        "/api/v1/identity/",
        "/.well-known/jwks.json",
    ],
)];

#[derive(Clone, Debug)]
pub struct Settings {
    pub http: HttpSettings,
    pub upstreams: Vec<Upstream>,
    pub issuer: String,
    pub audience: String,
    pub cors_origins: Vec<String>,
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub rate_limit_per_minute: u32,
    pub connect_timeout: Duration,
    pub upstream_timeout: Duration,
}

impl Settings {
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let env = Env(lookup);
        let get = |key: &str| env.get(key);
        let number = |key: &str, default: u64| env.number(key, default);
        let upstreams = SERVICES
            .iter()
            .map(|(name, variable, port, prefixes)| {
                let base_url = get(variable).unwrap_or_else(|| format!("http://127.0.0.1:{port}"));
                if !base_url.starts_with("http://") {
                    return Err(SettingsError::invalid(
                        variable,
                        "use an http:// URL (TLS ends at the load balancer)",
                    ));
                }
                Ok(Upstream {
                    name,
                    base_url: base_url.trim_end_matches('/').to_owned(),
                    prefixes: prefixes.to_vec(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            http: HttpSettings {
                name: "gateway",
                addr: get("GATEWAY_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into()),
                workers: usize::try_from(number("HTTP_WORKERS", 2)?)
                    .unwrap_or(2)
                    .max(1),
                body_limit: usize::try_from(number("BODY_LIMIT_BYTES", DEFAULT_BODY_LIMIT as u64)?)
                    .unwrap_or(DEFAULT_BODY_LIMIT),
            },
            upstreams,
            issuer: get("LT_TOKEN_ISSUER").unwrap_or_else(|| "learning-tree-identity".into()),
            audience: get("LT_TOKEN_AUDIENCE").unwrap_or_else(|| "learning-tree".into()),
            cors_origins: get("GATEWAY_CORS_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(|o| o.trim().trim_end_matches('/').to_owned())
                        .filter(|o| !o.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            trusted_proxies: env.ip_list("GATEWAY_TRUSTED_PROXIES", "")?,
            rate_limit_per_minute: u32::try_from(number("GATEWAY_RATE_LIMIT_PER_MINUTE", 1200)?)
                .unwrap_or(u32::MAX)
                .max(1),
            connect_timeout: env.millis("GATEWAY_CONNECT_TIMEOUT_MS", 1000)?,
            upstream_timeout: env.millis("GATEWAY_UPSTREAM_TIMEOUT_MS", 15_000)?,
        })
    }

    /// Settings for a test: port 0, identity at `identity_url`, one worker.
    pub fn for_tests(identity_url: &str) -> Self {
        let mut settings = Self::from_lookup(|key| match key {
            "GATEWAY_ADDR" => Some("127.0.0.1:0".into()),
            "IDENTITY_URL" => Some(identity_url.to_owned()),
            "HTTP_WORKERS" => Some("1".into()),
            _ => None,
        })
        .unwrap_or_else(|e| panic!("test settings: {e}"));
        settings.upstream_timeout = Duration::from_secs(5);
        settings
    }

    /// The identity upstream (always present).
    pub fn identity_url(&self) -> &str {
        self.upstreams
            .iter()
            .find(|u| u.name == "identity")
            .map_or("http://127.0.0.1:8081", |u| u.base_url.as_str())
    }
}
