//! Where a webhook may be sent (SSRF): `http` or `https` only, no credentials in the URL, and
//! never to an address inside the platform's own network unless the operator names it in
//! `EVENTS_ALLOWED_TARGETS` (host names or IP addresses; tests and a local try-out name
//! `127.0.0.1`). Refused: loopback, unspecified, private (10/8, 172.16/12, 192.168/16),
//! carrier-grade NAT (100.64/10), link-local (169.254/16, fe80::/10, the cloud metadata
//! address among them), unique-local (fc00::/7), multicast and broadcast, IPv4 written as
//! IPv6 (`::ffff:10.0.0.1`) like the IPv4 it is, and the metadata host names. The check runs
//! on the resolved addresses when a subscription is made or changed, and again before every
//! attempt, which then connects to exactly the address it checked (no second lookup a DNS
//! answer could change in between).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::Url;

/// Host names of cloud metadata services, refused whatever they resolve to.
const METADATA_NAMES: [&str; 5] = [
    "metadata",
    "metadata.google.internal",
    "metadata.goog",
    "instance-data",
    "instance-data.ec2.internal",
];

/// How long a host name may take to resolve.
pub const RESOLVE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// Hosts and addresses an operator allows although they are internal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllowList(Vec<String>);

impl AllowList {
    /// `EVENTS_ALLOWED_TARGETS`: comma-separated host names or IP addresses.
    pub fn parse(text: &str) -> Self {
        Self(
            text.split(',')
                .map(|s| {
                    s.trim()
                        .trim_start_matches('[')
                        .trim_end_matches(']')
                        .to_ascii_lowercase()
                })
                .filter(|s| !s.is_empty())
                .collect(),
        )
    }

    fn names(&self, host: &str) -> bool {
        self.0.iter().any(|allowed| allowed == host)
    }

    fn names_address(&self, ip: IpAddr) -> bool {
        self.0
            .iter()
            .any(|allowed| allowed.parse::<IpAddr>().is_ok_and(|a| a == ip))
    }
}

/// Why a target is refused (the field error's message).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("not a URL")]
    NotAUrl,
    #[error("only http and https URLs receive webhooks")]
    Scheme,
    #[error("the URL may not carry a user name or password")]
    Credentials,
    #[error("the URL has no host")]
    NoHost,
    #[error("{0} is a cloud metadata host")]
    Metadata(String),
    #[error("{host} resolves to {address}, an internal address ({class})")]
    Internal {
        host: String,
        address: IpAddr,
        class: &'static str,
    },
    #[error("{0} does not resolve")]
    Unresolved(String),
}

/// A URL that passed the syntax checks: what to resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub url: Url,
    pub host: String,
    pub port: u16,
}

/// The syntax checks of a webhook URL.
pub fn parse(text: &str) -> Result<Target, Refusal> {
    let url = Url::parse(text).map_err(|_| Refusal::NotAUrl)?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(Refusal::Scheme);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refusal::Credentials);
    }
    let host = url
        .host_str()
        .ok_or(Refusal::NoHost)?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    let port = url.port_or_known_default().ok_or(Refusal::NoHost)?;
    Ok(Target { url, host, port })
}

impl Target {
    /// The addresses to connect to, each checked; refused as a whole when any is internal
    /// and not allowed (a name may resolve to a public and a private address).
    pub fn check(&self, resolved: &[SocketAddr], allow: &AllowList) -> Result<(), Refusal> {
        if allow.names(&self.host) {
            return Ok(());
        }
        let bare = self.host.trim_end_matches('.');
        if METADATA_NAMES.contains(&bare) {
            return Err(Refusal::Metadata(self.host.clone()));
        }
        if resolved.is_empty() {
            return Err(Refusal::Unresolved(self.host.clone()));
        }
        for address in resolved {
            let ip = address.ip();
            if let Some(class) = internal(ip)
                && !allow.names_address(ip)
            {
                return Err(Refusal::Internal {
                    host: self.host.clone(),
                    address: ip,
                    class,
                });
            }
        }
        Ok(())
    }

    /// Resolves the host (an IP address stands for itself) and checks every address.
    pub async fn resolve_checked(&self, allow: &AllowList) -> Result<Vec<SocketAddr>, Refusal> {
        let resolved: Vec<SocketAddr> = match self.host.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, self.port)],
            // A resolver that does not answer within RESOLVE_TIMEOUT counts as no answer.
            Err(_) => tokio::time::timeout(
                RESOLVE_TIMEOUT,
                tokio::net::lookup_host((self.host.as_str(), self.port)),
            )
            .await
            .map_err(|_| Refusal::Unresolved(self.host.clone()))?
            .map_err(|_| Refusal::Unresolved(self.host.clone()))?
            .collect(),
        };
        self.check(&resolved, allow)?;
        Ok(resolved)
    }
}

/// The internal class of `ip`, or `None` for a public address.
pub fn internal(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => internal_v4(v4),
            None => internal_v6(v6),
        },
    }
}

fn internal_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_unspecified() || a == 0 {
        Some("unspecified")
    } else if ip.is_private() {
        Some("private")
    } else if ip.is_link_local() {
        Some("link-local")
    } else if a == 100 && (64..128).contains(&b) {
        Some("carrier-grade NAT")
    } else if ip.is_multicast() || ip.is_broadcast() || a >= 240 {
        Some("multicast or reserved")
    } else {
        None
    }
}

fn internal_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let first = ip.segments()[0];
    if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_unspecified() {
        Some("unspecified")
    } else if first & 0xffc0 == 0xfe80 {
        Some("link-local")
    } else if first & 0xfe00 == 0xfc00 {
        Some("unique-local")
    } else if ip.is_multicast() {
        Some("multicast")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ip: &str, port: u16) -> SocketAddr {
        SocketAddr::new(ip.parse().expect("ip"), port)
    }

    #[test]
    fn internal_addresses_are_refused_and_public_ones_taken() {
        let none = AllowList::default();
        for (url, ip) in [
            ("http://169.254.169.254/latest", "169.254.169.254"),
            ("http://10.0.0.1/", "10.0.0.1"),
            ("http://hook.example/", "127.0.0.1"),
            ("http://hook.example/", "192.168.1.9"),
            ("http://hook.example/", "172.20.0.3"),
            ("http://hook.example/", "100.100.1.1"),
            ("http://[::1]/", "::1"),
            ("http://[fe80::1]/", "fe80::1"),
            ("http://[fd00::1]/", "fd00::1"),
            ("http://hook.example/", "::ffff:10.0.0.1"),
            ("http://0.0.0.0/", "0.0.0.0"),
        ] {
            let target = parse(url).expect("parses");
            assert!(
                matches!(
                    target.check(&[at(ip, 80)], &none),
                    Err(Refusal::Internal { .. })
                ),
                "{url} at {ip}"
            );
        }
        let public = parse("https://oa.example.gov.cn/hooks").expect("parses");
        assert_eq!(public.check(&[at("203.0.113.7", 443)], &none), Ok(()));
        // One internal address among public ones refuses the name.
        assert!(
            public
                .check(&[at("203.0.113.7", 443), at("10.1.1.1", 443)], &none)
                .is_err()
        );
    }

    #[test]
    fn the_allow_list_admits_what_it_names_and_nothing_else() {
        let allow = AllowList::parse("127.0.0.1, oa.internal");
        let local = parse("http://127.0.0.1:9000/hook").expect("parses");
        assert_eq!(local.check(&[at("127.0.0.1", 9000)], &allow), Ok(()));
        let named = parse("http://oa.internal/hook").expect("parses");
        assert_eq!(named.check(&[at("10.0.0.5", 80)], &allow), Ok(()));
        let other = parse("http://10.0.0.1/").expect("parses");
        assert!(other.check(&[at("10.0.0.1", 80)], &allow).is_err());
    }

    #[test]
    fn only_plain_http_urls_without_credentials_are_targets() {
        assert_eq!(parse("ftp://x.example/"), Err(Refusal::Scheme));
        assert_eq!(parse("file:///etc/passwd"), Err(Refusal::Scheme));
        assert_eq!(parse("http://u:p@x.example/"), Err(Refusal::Credentials));
        assert_eq!(parse("not a url"), Err(Refusal::NotAUrl));
        let metadata = parse("http://metadata.google.internal/").expect("parses");
        assert!(matches!(
            metadata.check(&[at("203.0.113.1", 80)], &AllowList::default()),
            Err(Refusal::Metadata(_))
        ));
    }
}
