//! The events service with identity, training and reading behind the gateway, on SQLite and
//! PostgreSQL: a receiver the test runs takes the webhooks (retries, signatures, rotation,
//! type filters, volume and order), the SSRF guard refuses internal targets, and cadres read
//! their own inboxes.

mod support;

mod inbox;
mod targets;
mod volume;
mod webhooks;
