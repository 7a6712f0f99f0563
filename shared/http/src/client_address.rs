//! The client's address for throttling and rate limits: the TCP peer, unless the peer is a
//! trusted proxy (the gateway, a load balancer), in which case the nearest address in
//! `Forwarded` / `X-Forwarded-For` that is not itself a trusted proxy.

use std::net::IpAddr;

use actix_web::HttpRequest;

/// Splits on `separator` outside double-quoted strings (RFC 7239 values may be quoted and
/// contain `,` or `;`).
fn split_unquoted(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
        } else if quoted && c == '\\' {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

fn forwarded_for(req: &HttpRequest) -> Vec<IpAddr> {
    let headers = req.headers();
    let mut chain: Vec<IpAddr> = Vec::new();
    for value in headers.get_all("forwarded").filter_map(|v| v.to_str().ok()) {
        for element in split_unquoted(value, ',') {
            for pair in split_unquoted(element, ';') {
                if let Some(node) = pair
                    .trim()
                    .strip_prefix("for=")
                    .or_else(|| pair.trim().strip_prefix("For="))
                {
                    let node = node.trim_matches('"');
                    let node = node
                        .strip_prefix('[')
                        .and_then(|n| n.split(']').next())
                        .unwrap_or(node);
                    let node = if node.matches(':').count() == 1 {
                        node.split(':').next().unwrap_or(node)
                    } else {
                        node
                    };
                    if let Ok(ip) = node.parse() {
                        chain.push(ip);
                    }
                }
            }
        }
    }
    if chain.is_empty() {
        for value in headers
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
        {
            chain.extend(
                value
                    .split(',')
                    .filter_map(|p| p.trim().parse::<IpAddr>().ok()),
            );
        }
    }
    chain
}

/// The address to throttle by.
pub fn client_address(req: &HttpRequest, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr().map(|a| a.ip())?;
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let chain = forwarded_for(req);
    Some(
        chain
            .into_iter()
            .rev()
            .find(|ip| !trusted_proxies.contains(ip))
            .unwrap_or(peer),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn peer(ip: &str) -> std::net::SocketAddr {
        format!("{ip}:5000").parse().expect("addr")
    }

    #[test]
    fn believes_forwarding_headers_only_from_trusted_proxies() {
        let gateway: IpAddr = "127.0.0.1".parse().expect("ip");
        let trusted = [gateway];
        let via_gateway = TestRequest::default()
            .peer_addr(peer("127.0.0.1"))
            .insert_header(("Forwarded", "for=203.0.113.7;proto=http"))
            .to_http_request();
        assert_eq!(
            client_address(&via_gateway, &trusted),
            "203.0.113.7".parse().ok()
        );
        let spoofed = TestRequest::default()
            .peer_addr(peer("198.51.100.9"))
            .insert_header(("X-Forwarded-For", "10.0.0.1"))
            .to_http_request();
        assert_eq!(
            client_address(&spoofed, &trusted),
            "198.51.100.9".parse().ok()
        );
        let xff = TestRequest::default()
            .peer_addr(peer("127.0.0.1"))
            .insert_header(("X-Forwarded-For", "192.0.2.1, 203.0.113.8"))
            .to_http_request();
        assert_eq!(
            client_address(&xff, &trusted),
            "203.0.113.8".parse().ok(),
            "nearest untrusted hop"
        );
        let smuggled = TestRequest::default()
            .peer_addr(peer("127.0.0.1"))
            .insert_header((
                "Forwarded",
                "for=192.0.2.60;proto=http;host=\"x;for=203.0.113.99\"",
            ))
            .to_http_request();
        assert_eq!(
            client_address(&smuggled, &trusted),
            "192.0.2.60".parse().ok(),
            "a quoted value hides nothing"
        );
        let v6 = TestRequest::default()
            .peer_addr(peer("127.0.0.1"))
            .insert_header(("Forwarded", "for=\"[2001:db8::1]:4711\""))
            .to_http_request();
        assert_eq!(client_address(&v6, &trusted), "2001:db8::1".parse().ok());
    }
}
