//! One archive: one request per source, all at once, each bounded by the source timeout, with
//! the caller's own token (so every source applies its own rule to the caller as well). A
//! source that answers anything but 200 with a record in time is named in `unavailable`.

use futures_util::future::join_all;
use lt_programme::{LearningRecord, Period};

use lt_service::Source;

use crate::background::Sources;

/// Every source's record of `person_id` for `period`, or `None` where it could not be read.
pub async fn records(
    sources: &Sources,
    bearer: &str,
    person_id: &str,
    period: Period,
) -> Vec<(String, Option<LearningRecord>)> {
    let reads = sources
        .sources
        .iter()
        .map(|source| read_one(sources, source, bearer, person_id, period));
    join_all(reads).await
}

async fn read_one(
    sources: &Sources,
    source: &Source,
    bearer: &str,
    person_id: &str,
    period: Period,
) -> (String, Option<LearningRecord>) {
    let url = format!(
        "{}/api/v1/{}/people/{person_id}/record?period={period}",
        source.url, source.name
    );
    let read = async {
        let response = sources
            .http
            .get(&url)
            .header("authorization", bearer)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("answered {status}"));
        }
        response
            .json::<LearningRecord>()
            .await
            .map_err(|e| e.to_string())
    };
    // The client's timeout bounds each request; this bounds the whole read (body included).
    let outcome = match tokio::time::timeout(sources.timeout, read).await {
        Ok(outcome) => outcome,
        Err(_) => Err(format!(
            "no answer within {} ms",
            sources.timeout.as_millis()
        )),
    };
    match outcome {
        Ok(record) if record.person_id == person_id => (source.name.clone(), Some(record)),
        Ok(_) => {
            tracing::warn!(source = %source.name, "programme: a record of someone else came back");
            (source.name.clone(), None)
        }
        Err(error) => {
            tracing::warn!(source = %source.name, %error, "programme: record not read; archive made without it");
            (source.name.clone(), None)
        }
    }
}
