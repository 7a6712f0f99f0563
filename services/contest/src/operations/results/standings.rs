//! Computing a round's results: the round's entries and the tallies of its submitted sheets
//! (`super::tallies`), aggregated per track by the contest's method. The outcome keeps each
//! entry's result in aggregation form; the view of a page, or of all for a publication, is
//! built when asked for, so a page of 50 does not pay for 2,000 entries' steps.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use chrono::{DateTime, Utc};
use lt_directory::local;
use lt_http::ApiError;
use lt_programme::format_scaled;
use lt_store::DbConnection;

use super::tallies;
use super::view::{
    EntryResultView, ResultsView, SheetStepView, StepsView, four_places, page_bounds,
};
use crate::domain::aggregation::{self, EntryResult, Rules, TalliedSheet};
use crate::domain::setup::{Aggregation, Round, TiersSpec};
use crate::store::contests::ContestRow;
use crate::store::entries::{self, EntryBrief};
use crate::store::{from_json_text, panel};

/// One entry's result with what the results show of the entry.
#[derive(Clone, Debug)]
pub struct Standing {
    pub result: EntryResult,
    pub title: String,
    pub track: Option<String>,
    /// The entrant's name (a team: its contact; a department: its name).
    pub entrant: Option<String>,
    pub org_unit_id: Option<String>,
}

impl Standing {
    /// The entry's result with every step, judges named.
    pub fn view(&self) -> EntryResultView {
        let steps = &self.result.steps;
        EntryResultView {
            entry_id: self.result.entry_id.clone(),
            title: self.title.clone(),
            track: self.track.clone(),
            entrant: self.entrant.clone(),
            org_unit_id: self.org_unit_id.clone(),
            score: self.score(),
            rank: self.result.rank,
            award: self.result.award.clone(),
            steps: StepsView {
                sheets: steps
                    .sheets
                    .iter()
                    .enumerate()
                    .map(|(i, s)| SheetStepView {
                        judge_no: u32::try_from(i + 1).unwrap_or(u32::MAX),
                        judge_id: Some(s.judge_id.clone()),
                        total: four_places(s.total),
                        normalised: s.normalised.map(four_places),
                        counts: s.counts,
                        trimmed: s.trimmed,
                    })
                    .collect(),
                counted: steps.counted,
                mean: self.mean(),
                tie_break: steps.tie_break.clone(),
            },
        }
    }

    /// The published score: two places.
    pub fn score(&self) -> Option<String> {
        self.result.score.map(|s| format_scaled(s, 2))
    }

    /// The unrounded mean, four places.
    pub fn mean(&self) -> Option<String> {
        self.result.steps.mean.map(four_places)
    }
}

/// A round's results as computed, by track, then rank; unscored entries last.
#[derive(Clone, Debug)]
pub struct Standings {
    pub contest_id: String,
    pub round_no: i32,
    pub round_name: String,
    pub aggregation: Aggregation,
    pub computed_at: DateTime<Utc>,
    pub entries: Vec<Standing>,
}

impl Standings {
    /// The page after position `after`, `limit` long, as organisers read it live.
    pub fn page(&self, after: i64, limit: i64) -> ResultsView {
        let (range, next_cursor) = page_bounds(self.entries.len(), after, limit);
        self.view_of(range, "live", next_cursor)
    }

    /// Every entry, as a publication of `stage` stores it.
    pub fn into_view(self, stage: &str) -> ResultsView {
        self.view_of(0..self.entries.len(), stage, None)
    }

    fn view_of(&self, range: Range<usize>, stage: &str, next: Option<String>) -> ResultsView {
        ResultsView {
            contest_id: self.contest_id.clone(),
            round_no: self.round_no,
            round_name: self.round_name.clone(),
            aggregation: self.aggregation,
            stage: stage.to_owned(),
            computed_at: self.computed_at,
            total: self.entries.len(),
            results: self
                .entries
                .get(range)
                .unwrap_or_default()
                .iter()
                .map(Standing::view)
                .collect(),
            next_cursor: next,
        }
    }
}

/// A track's entries, and its sheets with whether each counts.
type Track<'s> = (Vec<String>, Vec<(&'s TalliedSheet, bool)>);

/// The results of the contest's current round as they stand (in a write transaction: every
/// sheet read afresh).
pub fn compute(conn: &mut DbConnection, contest: &ContestRow) -> Result<Standings, ApiError> {
    compute_at(conn, contest, None)
}

/// [`compute`] in a read snapshot at scoring version `version` (read in that snapshot): the
/// sheets' tallies come from this process's copy brought up to date (`super::tallies`).
pub fn compute_at(
    conn: &mut DbConnection,
    contest: &ContestRow,
    version: Option<i64>,
) -> Result<Standings, ApiError> {
    let began = std::time::Instant::now();
    let round_no = contest.round_no;
    let rounds: Vec<Round> = from_json_text(&contest.rounds)?;
    let tiers: Option<TiersSpec> = from_json_text(&contest.tiers)?;
    let aggregation = Aggregation::parse(&contest.aggregation)
        .ok_or_else(|| anyhow::anyhow!("contest {}: aggregation unreadable", contest.id))?;
    let briefs = entries::briefs_in_round(conn, &contest.id, round_no)?;
    let trainees: HashMap<String, bool> = panel::judges_of(conn, &contest.id, round_no)?
        .into_iter()
        .map(|j| (j.person_id, j.trainee))
        .collect();
    let track_of: HashMap<&str, &Option<String>> =
        briefs.iter().map(|e| (e.id.as_str(), &e.track)).collect();
    let mut by_track: BTreeMap<Option<String>, Track<'_>> = BTreeMap::new();
    for entry in &briefs {
        let (ids, _) = by_track.entry(entry.track.clone()).or_default();
        ids.push(entry.id.clone());
    }
    let tallied = tallies::of_round(conn, &contest.id, round_no, version)?;
    let sheet_count = tallied.len();
    for sheet in tallied.iter() {
        let Some(track) = track_of.get(sheet.entry_id.as_str()) else {
            continue;
        };
        let counts = sheet.counts && !trainees.get(&sheet.judge_id).copied().unwrap_or(false);
        if let Some((_, list)) = by_track.get_mut(*track) {
            list.push((sheet, counts));
        }
    }
    let loaded = began.elapsed();
    let rules = Rules {
        method: aggregation.method(),
        tiers: TiersSpec::rule(tiers.as_ref()),
    };
    let contacts: Vec<String> = briefs.iter().map(|e| e.person_id.clone()).collect();
    let mut names = Names {
        people: local::people_names(conn, &contacts)?,
        units: HashMap::new(),
    };
    let mut briefs: HashMap<String, EntryBrief> =
        briefs.into_iter().map(|e| (e.id.clone(), e)).collect();
    let mut standings = Vec::with_capacity(briefs.len());
    for (track, (ids, sheets)) in by_track {
        for result in aggregation::aggregate_tallied(&ids, sheets.iter().copied(), &rules) {
            let Some(entry) = briefs.remove(&result.entry_id) else {
                continue;
            };
            standings.push(Standing {
                entrant: names.entrant(conn, &entry)?,
                result,
                title: entry.title,
                track: track.clone(),
                org_unit_id: entry.org_unit_id,
            });
        }
    }
    tracing::info!(
        contest_id = %contest.id,
        entries = standings.len(),
        sheets = sheet_count,
        load_ms = loaded.as_millis(),
        total_ms = began.elapsed().as_millis(),
        "results computed"
    );
    Ok(Standings {
        contest_id: contest.id.clone(),
        round_no,
        round_name: rounds
            .get(usize::try_from(round_no - 1).unwrap_or(0))
            .map_or_else(|| format!("第{round_no}轮"), |r| r.name.clone()),
        aggregation,
        computed_at: Utc::now(),
        entries: standings,
    })
}

/// Entrants' names: people's from the directory copy, departments' looked up once each.
struct Names {
    people: HashMap<String, String>,
    units: HashMap<String, Option<String>>,
}

impl Names {
    /// The name the results show for an entry: a department's name, else the contact's.
    fn entrant(
        &mut self,
        conn: &mut DbConnection,
        entry: &EntryBrief,
    ) -> Result<Option<String>, ApiError> {
        if entry.entrant_kind == "department"
            && let Some(unit) = &entry.org_unit_id
        {
            if let Some(name) = self.units.get(unit) {
                return Ok(name.clone());
            }
            let name = local::org_unit(conn, unit)?.map(|u| u.name);
            self.units.insert(unit.clone(), name.clone());
            return Ok(name);
        }
        Ok(self.people.get(&entry.person_id).cloned())
    }
}
