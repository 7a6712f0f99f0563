//! The gateway: the one entry point. Routes `/api/v1/<service>/…` (and `/api/v1/auth/…`,
//! `/.well-known/jwks.json`) unchanged to the owning service, refuses invalid tokens at the
//! edge, limits request rates and bodies, answers problem+json 502/503/504 for a service
//! that is down or slow, and publishes the merged OpenAPI document with offline docs.

pub mod docs;
pub mod edge;
pub mod proxy;
pub mod settings;
pub mod startup;
pub mod state;
pub mod upstreams;

pub use settings::Settings;
pub use startup::Application;
