//! Vision's settings: the kit's (see `lt_service::KitSettings`). The rules of the graph (kinds,
//! links, the check-in edit window) are in `domain`.

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
