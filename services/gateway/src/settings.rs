//! Gateway settings, from the environment:
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `GATEWAY_ADDR` | listen address | `127.0.0.1:8080` |
//! | `<SERVICE>_URL` | each registered service's base URL: `IDENTITY_URL`, `TRAINING_URL`, … | `http://127.0.0.1:<its default port>` |
//! | `LT_TOKEN_ISSUER`, `LT_TOKEN_AUDIENCE` | what access tokens must say | `learning-tree-identity`, `learning-tree` |
//! | `GATEWAY_TRUSTED_PROXIES` | comma-separated load-balancer IPs whose `Forwarded` / `X-Forwarded-For` names the client (for rate limits and identity's throttling) | none |
//! | `GATEWAY_CORS_ORIGINS` | comma-separated origins of the mobile web front end | none (no CORS) |
//! | `GATEWAY_RATE_LIMIT_PER_MINUTE` | requests per client (token subject, else address) per minute | `1200` |
//! | `GATEWAY_CONNECT_TIMEOUT_MS` | connecting to a service | `1000` |
//! | `GATEWAY_UPSTREAM_TIMEOUT_MS` | a service's response headers | `15000` |
//! | `BODY_LIMIT_BYTES`, `HTTP_WORKERS` | as for every service | `262144`, `2` |

use std::time::Duration;

use lt_auth::VerifierSettings;
use lt_http::DEFAULT_BODY_LIMIT;
use lt_http::server::HttpSettings;
use lt_http::settings::{Env, SettingsError};
use lt_http::spec::ServiceSpec;

/// A service behind the gateway and the path prefixes it owns.
#[derive(Clone, Debug)]
pub struct Upstream {
    pub name: &'static str,
    /// Base URL without a trailing slash, e.g. `http://identity:8081`.
    pub base_url: String,
    /// Paths starting with any of these go to this service, unchanged.
    pub prefixes: Vec<&'static str>,
}

/// The upstream whose JWKS the gateway checks tokens against.
pub const IDENTITY: &str = "identity";

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
    /// Reads the settings from the process environment, for the services in `services`
    /// (the platform's registry: `learning_tree::registry`).
    pub fn from_env(services: &[&ServiceSpec]) -> Result<Self, SettingsError> {
        Self::from_lookup(|key| std::env::var(key).ok(), services)
    }

    /// Reads the settings through `lookup`; each of `services` is found at its
    /// `<SERVICE>_URL`, or its default port on loopback.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
        services: &[&ServiceSpec],
    ) -> Result<Self, SettingsError> {
        let verifier = VerifierSettings::from_lookup(&lookup);
        let env = Env(lookup);
        let get = |key: &str| env.get(key);
        let number = |key: &str, default: u64| env.number(key, default);
        let upstreams = services
            .iter()
            .map(|spec| {
                let variable = spec.url_variable();
                let base_url = get(&variable).unwrap_or_else(|| spec.default_url());
                if !base_url.starts_with("http://") {
                    return Err(SettingsError::invalid(
                        &variable,
                        "use an http:// URL (TLS ends at the load balancer)",
                    ));
                }
                Ok(Upstream {
                    name: spec.name,
                    base_url: base_url.trim_end_matches('/').to_owned(),
                    prefixes: spec.prefixes.to_vec(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if !upstreams.iter().any(|u| u.name == IDENTITY) {
            return Err(SettingsError::invalid(
                "services",
                "the gateway needs identity (its JWKS) among its upstreams",
            ));
        }
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
            issuer: verifier.issuer,
            audience: verifier.audience,
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

    /// Settings for a test: port 0, one worker, each service at the URL given with it.
    pub fn for_tests(upstreams: &[(&ServiceSpec, &str)]) -> Self {
        let specs: Vec<&ServiceSpec> = upstreams.iter().map(|(spec, _)| *spec).collect();
        let mut settings = Self::from_lookup(
            |key| match key {
                "GATEWAY_ADDR" => Some("127.0.0.1:0".into()),
                "HTTP_WORKERS" => Some("1".into()),
                _ => upstreams
                    .iter()
                    .find(|(spec, _)| spec.url_variable() == key)
                    .map(|(_, url)| (*url).to_owned()),
            },
            &specs,
        )
        .unwrap_or_else(|e| panic!("test settings: {e}"));
        settings.upstream_timeout = Duration::from_secs(5);
        settings
    }

    /// The identity upstream (always present: [`Settings::from_lookup`] checks).
    pub fn identity_url(&self) -> &str {
        self.upstreams
            .iter()
            .find(|u| u.name == IDENTITY)
            .map_or("", |u| u.base_url.as_str())
    }
}
