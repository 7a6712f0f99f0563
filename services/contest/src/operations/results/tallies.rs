//! The tallies of a round's submitted sheets: each sheet's total and top-criterion score,
//! stored when it was written.
//!
//! Reading 30,000 sheets costs more than aggregating them, and after a change only a few
//! differ, so each process keeps the tallies it last read per contest with the scoring
//! version they are complete at. Every sheet write stamps the sheet with the version it
//! moved the contest to (`sheets.scoring_seq`), and versions are handed out in commit order,
//! so a reader at version V brings its copy from version U up to date by reading the sheets
//! stamped after U: nothing else can have changed. Sheets are never deleted. At most
//! [`TALLIED_CONTESTS`] contests are kept (then it starts over); a write transaction (a
//! publication, advancing a round) reads everything and keeps nothing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use lt_http::ApiError;
use lt_store::DbConnection;

use crate::domain::aggregation::{TalliedSheet, Tally};
use crate::store::sheets::{self, TallyRow, status};

/// How many contests' tallies a process keeps.
pub const TALLIED_CONTESTS: usize = 16;

/// One contest round's submitted sheets, complete at `version`, with each one's position by
/// (entry, judge). The list is shared with the computations reading it; a change copies it
/// only while one of them still holds it.
#[derive(Clone, Debug, Default)]
struct RoundTallies {
    round_no: i32,
    version: i64,
    sheets: Arc<Vec<TalliedSheet>>,
    positions: HashMap<(String, String), usize>,
}

impl RoundTallies {
    fn apply(&mut self, row: TallyRow) {
        if row.round_no != self.round_no {
            return;
        }
        let key = (row.entry_id.clone(), row.judge_id.clone());
        let sheets = Arc::make_mut(&mut self.sheets);
        match (
            self.positions.get(&key).copied(),
            row.status == status::SUBMITTED,
        ) {
            (Some(at), true) => {
                if let Some(slot) = sheets.get_mut(at) {
                    *slot = tallied(row);
                }
            }
            (None, true) => {
                self.positions.insert(key, sheets.len());
                sheets.push(tallied(row));
            }
            (Some(at), false) => {
                // Back to draft (not done today): the last sheet takes its place.
                self.positions.remove(&key);
                sheets.swap_remove(at);
                if let Some(moved) = sheets.get(at) {
                    self.positions
                        .insert((moved.entry_id.clone(), moved.judge_id.clone()), at);
                }
            }
            (None, false) => {}
        }
    }
}

static KEPT: OnceLock<Mutex<HashMap<String, RoundTallies>>> = OnceLock::new();

fn kept() -> &'static Mutex<HashMap<String, RoundTallies>> {
    KEPT.get_or_init(|| Mutex::new(HashMap::new()))
}

fn tallied(row: TallyRow) -> TalliedSheet {
    TalliedSheet {
        judge_id: row.judge_id,
        entry_id: row.entry_id,
        tally: Tally {
            total: i128::from(row.total),
            top: i128::from(row.top_score),
        },
        counts: !row.trainee,
    }
}

/// Every submitted sheet of the round, tallied; `counts` is false for a sheet written as a
/// trainee (the caller also leaves out judges seated as trainees now). `version`: the
/// contest's scoring version read in the same snapshot, to bring a kept copy up to date and
/// keep the result; `None` in a write transaction.
pub fn of_round(
    conn: &mut DbConnection,
    contest_id: &str,
    round_no: i32,
    version: Option<i64>,
) -> Result<Arc<Vec<TalliedSheet>>, ApiError> {
    let Some(version) = version else {
        return Ok(Arc::new(
            sheets::submitted_tallies(conn, contest_id, round_no)?
                .into_iter()
                .map(tallied)
                .collect(),
        ));
    };
    // Taken out while it is brought up to date, so concurrent readers never wait on the
    // database behind the lock (one of them starts afresh instead).
    let copy = kept()
        .lock()
        .ok()
        .and_then(|mut map| map.remove(contest_id))
        .filter(|copy| copy.round_no == round_no && copy.version <= version);
    let mut copy = match copy {
        Some(mut copy) => {
            for row in sheets::tallies_changed_after(conn, contest_id, copy.version)? {
                copy.apply(row);
            }
            copy
        }
        None => {
            let mut copy = RoundTallies {
                round_no,
                ..RoundTallies::default()
            };
            for row in sheets::submitted_tallies(conn, contest_id, round_no)? {
                copy.apply(row);
            }
            copy
        }
    };
    copy.version = version;
    let list = Arc::clone(&copy.sheets);
    if let Ok(mut map) = kept().lock() {
        if map.len() >= TALLIED_CONTESTS {
            map.clear();
        }
        map.insert(contest_id.to_owned(), copy);
    }
    Ok(list)
}
