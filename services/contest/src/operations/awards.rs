//! The awards of a contest once its results are final (for the learning record and the
//! reports).

use std::collections::HashMap;

use lt_http::ApiError;
use lt_store::DbConnection;

use crate::operations::results::ResultsView;
use crate::store::from_json_text;
use crate::store::publications::{self, stage};

/// The final award of each entry of a contest (empty until final publication).
pub fn final_awards(
    conn: &mut DbConnection,
    contest_id: &str,
) -> Result<HashMap<String, String>, ApiError> {
    let Some(row) = publications::of_stage(conn, contest_id, stage::FINAL)? else {
        return Ok(HashMap::new());
    };
    let results: ResultsView = from_json_text(&row.results)?;
    Ok(results
        .results
        .into_iter()
        .filter_map(|r| r.award.map(|a| (r.entry_id, a)))
        .collect())
}
