//! `identity [serve]` runs the service; `identity migrate` applies migrations and exits;
//! `identity keys rotate` creates or rotates the signing keys in `IDENTITY_KEYS_DIR`.

use anyhow::Context;
use identity::{Application, Settings};

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    lt_http::telemetry::init_tracing();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if args.as_slice() == ["migrate"] {
        // Migrating needs the database settings only (no keys, no SSO configuration).
        let applied = identity::migrate(lt_http::spec::process_env())?;
        tracing::info!(count = applied.len(), "identity migrations applied");
        return Ok(());
    }
    let settings = Settings::from_env().context("reading identity settings")?;
    match args.as_slice() {
        ["keys", "rotate"] => {
            let (kid, active_from) = identity::domain::keyring::rotate_in(&settings.keys_dir)?;
            tracing::info!(%kid, %active_from, dir = %settings.keys_dir.display(), "new signing key");
            Ok(())
        }
        [] | ["serve"] => Ok(Application::build(settings)
            .await?
            .run_until_stopped()
            .await?),
        other => {
            anyhow::bail!("unknown command {other:?}: use `serve`, `migrate` or `keys rotate`")
        }
    }
}
