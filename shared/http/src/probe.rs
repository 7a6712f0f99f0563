//! Work a service does beside answering requests (the directory copy's refresh loop, say),
//! reported where operators look: its state in `/health/ready` and its figures in `/metrics`.

use std::sync::Arc;

/// The state of one piece of background work.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// False when the service cannot do its work without it (readiness answers 503).
    pub ready: bool,
    /// What an operator wants to know (JSON object), shown under the probe's name.
    pub detail: serde_json::Value,
}

/// A Prometheus gauge: name, help text, value.
pub type Gauge = (&'static str, &'static str, f64);

/// Something `/health/ready` and `/metrics` report on.
pub trait Probe: Send + Sync + 'static {
    /// Its key in `/health/ready`'s `checks`.
    fn name(&self) -> &'static str;
    /// Its state now. Cheap: readiness is polled often.
    fn check(&self) -> Check;
    /// Its gauges now.
    fn gauges(&self) -> Vec<Gauge>;
}

/// The probes a service registered (app data for the health routes).
#[derive(Clone, Default)]
pub struct Probes(pub Vec<Arc<dyn Probe>>);
