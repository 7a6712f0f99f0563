//! What the reading service runs beside its server (the kit's `background` hook): the loan
//! reminders (`operations::reminders`), one pass at start and then every
//! `READING_REMINDER_SECONDS` (default 3600).

use std::sync::Arc;
use std::time::Duration;

use lt_http::settings::Env;
use lt_service::{Companions, Kit};
use lt_store::StoreError;

use crate::operations::reminders;

pub fn start(kit: &Kit, lookup: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Companions> {
    let every = Duration::from_secs(Env(lookup).number("READING_REMINDER_SECONDS", 3600)?.max(1));
    let store = kit.store().clone();
    let task = tokio::spawn(async move {
        loop {
            let sent = store
                .write(|tx| -> Result<_, StoreError> { reminders::send(tx, lt_programme::today()) })
                .await;
            match sent {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "reading: loan reminders sent"),
                Err(error) => {
                    tracing::warn!(%error, "reading: loan reminders not sent (next pass retries)")
                }
            }
            tokio::time::sleep(every).await;
        }
    });
    Ok(Companions {
        tasks: vec![task],
        configure: Arc::new(|_| {}),
    })
}
