//! What the gateway's handlers share.

use std::time::Duration;

use lt_http::RouteTable;

use crate::edge::{RateLimit, TokenCheck};
use crate::settings::Upstream;

pub struct GatewayState {
    pub upstreams: Vec<Upstream>,
    /// Path templates of the merged OpenAPI document, for metrics labels.
    pub routes: RouteTable,
    pub tokens: TokenCheck,
    pub limit: RateLimit,
    pub body_limit: usize,
    /// Peers (load balancers) whose `Forwarded` / `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub upstream_timeout: Duration,
    /// `/health/upstreams`' last round of probes.
    pub probes: crate::upstreams::LastProbes,
}

impl GatewayState {
    /// The service owning `path`, by longest matching prefix.
    pub fn upstream_for(&self, path: &str) -> Option<&Upstream> {
        self.upstreams
            .iter()
            .flat_map(|u| u.prefixes.iter().map(move |p| (u, *p)))
            .filter(|(_, prefix)| {
                path.starts_with(prefix)
                    || (prefix.ends_with('/') && path == prefix.trim_end_matches('/'))
            })
            .max_by_key(|(_, prefix)| prefix.len())
            .map(|(u, _)| u)
    }
}
