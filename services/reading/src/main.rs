//! `reading [serve]` runs the service; `reading migrate` applies migrations and exits;
//! `reading seed …` fills a database with realistic volume for benchmarks.

use lt_http::service::process_env;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    lt_http::telemetry::init_tracing();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] | ["serve"] => Ok(reading::start(process_env())
            .await?
            .run_until_stopped()
            .await?),
        ["migrate"] => {
            let applied = reading::migrate(process_env())?;
            tracing::info!(count = applied.len(), "reading migrations applied");
            Ok(())
        }
        ["seed", rest @ ..] => reading::seed::run(process_env(), rest),
        other => anyhow::bail!("unknown command {other:?}: use `serve`, `migrate` or `seed`"),
    }
}
