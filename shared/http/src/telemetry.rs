//! Log set-up: `tracing` to stdout, JSON when `LOG_FORMAT=json` (production), readable text
//! otherwise; the filter from `RUST_LOG` (default `info`). Request spans carry the request
//! id, so every line written while serving a request names it.

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber once; later calls (tests, the launcher) do nothing.
pub fn init_tracing() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let json = std::env::var("LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    let _already_set = if json {
        builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        builder.compact().try_init()
    };
}
