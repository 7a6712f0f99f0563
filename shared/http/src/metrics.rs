//! Request metrics in the Prometheus text format, kept in memory per process.
//! Labels are the route pattern (never the raw path), so their number stays bounded.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// Upper bounds (seconds) of the latency histogram buckets.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

/// Counts and latencies of one method on one route.
#[derive(Default)]
struct RouteMethod {
    statuses: BTreeMap<u16, u64>,
    latency: Histogram,
}

/// route → method → numbers. Nested maps looked up by `&str`, so a request that hits a
/// known route and method allocates nothing.
#[derive(Default)]
struct Registry {
    routes: BTreeMap<String, BTreeMap<String, RouteMethod>>,
}

/// Counters and latency histograms by method, route and status. Cheap to clone.
#[derive(Clone)]
pub struct Metrics {
    service: &'static str,
    registry: Arc<Mutex<Registry>>,
}

impl Metrics {
    pub fn new(service: &'static str) -> Self {
        Self {
            service,
            registry: Arc::default(),
        }
    }

    pub fn service(&self) -> &'static str {
        self.service
    }

    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let mut registry = self.registry.lock().unwrap_or_else(PoisonError::into_inner);
        if !registry.routes.contains_key(route) {
            registry.routes.insert(route.to_owned(), BTreeMap::new());
        }
        let Some(methods) = registry.routes.get_mut(route) else {
            return;
        };
        if !methods.contains_key(method) {
            methods.insert(method.to_owned(), RouteMethod::default());
        }
        let Some(numbers) = methods.get_mut(method) else {
            return;
        };
        *numbers.statuses.entry(status).or_default() += 1;
        let histogram = &mut numbers.latency;
        let seconds = elapsed.as_secs_f64();
        for (bound, count) in BUCKETS.iter().zip(histogram.counts.iter_mut()) {
            if seconds <= *bound {
                *count += 1;
            }
        }
        histogram.count += 1;
        histogram.sum_seconds += seconds;
    }

    /// The Prometheus exposition text; `gauges` are extra `(name, help, value)` lines.
    pub fn render(&self, gauges: &[(&str, &str, f64)]) -> String {
        let registry = self.registry.lock().unwrap_or_else(PoisonError::into_inner);
        let service = self.service;
        let mut out = String::new();
        out.push_str(
            "# HELP http_requests_total Requests served, by method, route pattern and status.\n",
        );
        out.push_str("# TYPE http_requests_total counter\n");
        for (route, methods) in &registry.routes {
            for (method, numbers) in methods {
                for (status, count) in &numbers.statuses {
                    let _ = writeln!(
                        out,
                        "http_requests_total{{service=\"{service}\",method=\"{method}\",route=\"{}\",status=\"{status}\"}} {count}",
                        escape(route)
                    );
                }
            }
        }
        out.push_str("# HELP http_request_duration_seconds Time to serve a request.\n");
        out.push_str("# TYPE http_request_duration_seconds histogram\n");
        for (route, methods) in &registry.routes {
            for (method, numbers) in methods {
                let histogram = &numbers.latency;
                let labels = format!(
                    "service=\"{service}\",method=\"{method}\",route=\"{}\"",
                    escape(route)
                );
                for (bound, count) in BUCKETS.iter().zip(histogram.counts.iter()) {
                    let _ = writeln!(
                        out,
                        "http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
                    );
                }
                let _ = writeln!(
                    out,
                    "http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                    histogram.count
                );
                let _ = writeln!(
                    out,
                    "http_request_duration_seconds_sum{{{labels}}} {}",
                    histogram.sum_seconds
                );
                let _ = writeln!(
                    out,
                    "http_request_duration_seconds_count{{{labels}}} {}",
                    histogram.count
                );
            }
        }
        for (name, help, value) in gauges {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} gauge\n{name}{{service=\"{service}\"}} {value}"
            );
        }
        out
    }
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_buckets_by_route() {
        let metrics = Metrics::new("identity");
        metrics.observe("GET", "/api/v1/x/{id}", 200, Duration::from_millis(3));
        metrics.observe("GET", "/api/v1/x/{id}", 200, Duration::from_millis(30));
        metrics.observe("GET", "/api/v1/x/{id}", 404, Duration::from_millis(1));
        let text = metrics.render(&[("db_connections_idle", "Idle connections.", 2.0)]);
        assert!(text.contains(
            "http_requests_total{service=\"identity\",method=\"GET\",route=\"/api/v1/x/{id}\",status=\"200\"} 2"
        ), "{text}");
        assert!(text.contains("le=\"0.005\"} 2"), "{text}");
        assert!(text.contains("le=\"+Inf\"} 3"), "{text}");
        assert!(
            text.contains("db_connections_idle{service=\"identity\"} 2"),
            "{text}"
        );
    }
}
