//! Where the services whose records make an archive listen, and how long each may take
//! (read by the kit's `background` hook; nothing runs in the background).
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `PROGRAMME_SOURCES` | the services whose records make an archive, each at `<NAME>_URL` | `training,reading,contest,vision`, those whose URL is set |
//! | `<NAME>_URL` | where a source listens (the launcher sets them in development) | required for each named source |
//! | `PROGRAMME_SOURCE_TIMEOUT_MS` | how long one source may take before the archive is answered without it | `3000` (under the gateway's 15 s) |

use std::sync::Arc;
use std::time::Duration;

use actix_web::web;
use anyhow::Context;
use lt_http::settings::{Env, SettingsError};
use lt_service::{Companions, Kit, Source};

/// The services an archive is made of by default.
pub const DEFAULT_SOURCES: &str = "training,reading,contest,vision";

/// The sources and the client that reads them.
#[derive(Clone, Debug)]
pub struct Sources {
    pub sources: Vec<Source>,
    pub timeout: Duration,
    pub http: reqwest::Client,
}

impl Sources {
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let env = Env(lookup);
        let sources = lt_service::sources(lookup, "PROGRAMME_SOURCES", DEFAULT_SOURCES)?;
        let timeout =
            Duration::from_millis(env.number("PROGRAMME_SOURCE_TIMEOUT_MS", 3000)?.max(50));
        let http = reqwest::Client::builder()
            .connect_timeout(timeout)
            .timeout(timeout)
            .build()
            .map_err(|e| SettingsError::invalid("PROGRAMME_SOURCE_TIMEOUT_MS", e.to_string()))?;
        Ok(Self {
            sources,
            timeout,
            http,
        })
    }
}

/// Gives the routes the sources.
pub fn start(_kit: &Kit, lookup: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Companions> {
    let sources =
        web::Data::new(Sources::from_lookup(lookup).context("reading the programme settings")?);
    Ok(Companions {
        tasks: Vec::new(),
        configure: Arc::new(move |cfg| {
            cfg.app_data(sources.clone());
        }),
    })
}
