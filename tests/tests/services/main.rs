//! The real services, started on port 0 with a fresh database, driven over HTTP.

mod identity_support;

mod directory_client;
mod gateway;
mod openapi;

mod identity_directory;
mod identity_flows;
mod identity_input;
mod identity_sync;
mod identity_tokens;
