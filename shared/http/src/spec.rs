//! What the platform knows of each service, declared once in the service's own crate
//! (`pub const SPEC: ServiceSpec`) and read by the registry behind the launcher, the gateway,
//! the merged OpenAPI document, the compose check and the contract run.

use std::sync::Arc;

use serde::Serialize;

/// A service of the platform: its name, where it listens by default, the public paths it owns
/// and whether it keeps a local copy of the directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceSpec {
    /// `identity`, `training`, …: the env prefix (`TRAINING_…`), the SQLite file, the metrics
    /// label, the binary and the compose service.
    pub name: &'static str,
    /// Port in development (`127.0.0.1:<port>`) and inside the compose network.
    pub default_port: u16,
    /// Request paths starting with any of these belong to the service; the gateway forwards
    /// them unchanged.
    pub prefixes: &'static [&'static str],
    /// Keeps a local copy of identity's directory (people, org tree, ranks), refreshed by the
    /// service kit with a `directory:read` service account.
    pub directory: bool,
}

impl ServiceSpec {
    /// `TRAINING` for `training`: the prefix of the service's own settings.
    pub fn env_prefix(&self) -> String {
        self.name.to_ascii_uppercase()
    }

    /// Where the gateway and other callers find the service: `TRAINING_URL`.
    pub fn url_variable(&self) -> String {
        format!("{}_URL", self.env_prefix())
    }

    /// The service's database: `TRAINING_DATABASE_URL`.
    pub fn database_variable(&self) -> String {
        format!("{}_DATABASE_URL", self.env_prefix())
    }

    /// The listen address: `TRAINING_ADDR`.
    pub fn addr_variable(&self) -> String {
        format!("{}_ADDR", self.env_prefix())
    }

    /// The secret of the service's `directory:read` account: `TRAINING_DIRECTORY_SECRET`.
    pub fn directory_secret_variable(&self) -> String {
        format!("{}_DIRECTORY_SECRET", self.env_prefix())
    }

    /// `http://127.0.0.1:<default port>`: where the service is in development.
    pub fn default_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.default_port)
    }

    /// True when `path` belongs to the service.
    pub fn owns(&self, path: &str) -> bool {
        self.prefixes.iter().any(|prefix| {
            path.starts_with(prefix)
                || (prefix.ends_with('/') && path == prefix.trim_end_matches('/'))
        })
    }
}

/// Reads settings by name: the process environment, a compose file's environment, a test's
/// map. Shared (`Arc`) so the launcher can hand one to each service it starts.
pub type Lookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// The process environment as a [`Lookup`].
pub fn process_env() -> Lookup {
    Arc::new(|key| std::env::var(key).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_names_derive_from_the_service_name() {
        const TRAINING: ServiceSpec = ServiceSpec {
            name: "training",
            default_port: 8082,
            prefixes: &["/api/v1/training/"],
            directory: true,
        };
        assert_eq!(TRAINING.url_variable(), "TRAINING_URL");
        assert_eq!(TRAINING.database_variable(), "TRAINING_DATABASE_URL");
        assert_eq!(
            TRAINING.directory_secret_variable(),
            "TRAINING_DIRECTORY_SECRET"
        );
        assert_eq!(TRAINING.default_url(), "http://127.0.0.1:8082");
        assert!(TRAINING.owns("/api/v1/training/courses"));
        assert!(TRAINING.owns("/api/v1/training"));
        assert!(!TRAINING.owns("/api/v1/trainingx"));
    }
}
