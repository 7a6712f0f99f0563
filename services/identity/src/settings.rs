//! Identity's settings: the common service settings (see `lt_http::settings`).

use lt_http::settings::{ServiceSettings, SettingsError};

/// Identity listens on 8081 by default; the gateway on 8080 fronts it.
pub const DEFAULT_PORT: u16 = 8081;

#[derive(Clone, Debug)]
pub struct Settings {
    pub service: ServiceSettings,
}

impl Settings {
    pub fn from_env() -> Result<Self, SettingsError> {
        Ok(Self {
            service: ServiceSettings::from_env(crate::SERVICE, DEFAULT_PORT)?,
        })
    }
}
