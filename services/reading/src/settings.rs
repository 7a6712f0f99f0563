//! Reading's settings: the kit's (see `lt_service::KitSettings`). Circulation rules and the
//! limits of reading logs are policy data, versioned in the database.

use lt_http::settings::SettingsError;
use lt_service::KitSettings;

#[derive(Clone, Debug)]
pub struct Settings {
    pub kit: KitSettings,
}

impl Settings {
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        Ok(Self {
            kit: KitSettings::from_lookup(&crate::SPEC, lookup)?,
        })
    }
}
