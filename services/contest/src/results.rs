//! A round's results: the submitted sheets of the round's entries aggregated by the
//! contest's method (`domain::aggregation`), ranked per track, with every step. Computed
//! live for organisers; frozen as published at 公示 and at final publication.
//!
//! Steps show sheet totals, normalised values and means to four decimal places (rounded
//! half up); the result (`score`) is the unrounded mean rounded once, half up, to two places.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Utc};
use lt_directory::local;
use lt_http::ApiError;
use lt_programme::format_scaled;
use lt_store::DbConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::aggregation::{self, Criterion, INTERNAL_SCALE, Rules, Sheet};
use crate::domain::setup::{Aggregation, Round, TiersSpec};
use crate::store::contests::{self, ContestRow};
use crate::store::{entries, from_json_text, panel, sheets};

/// One sheet's part in a result. Outside the programme office and organisers, judges are
/// shown by number only (`judge_id` absent).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SheetStepView {
    /// 1, 2, … in judge order within the entry.
    pub judge_no: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judge_id: Option<String>,
    /// Weighted total on the 0–100 scale.
    pub total: String,
    /// The z-score method's rescaled value.
    pub normalised: Option<String>,
    /// False for a trainee judge's sheet: shown, never counted.
    pub counts: bool,
    /// Left out by trimming.
    pub trimmed: bool,
}

/// How an entry's result came about.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct StepsView {
    pub sheets: Vec<SheetStepView>,
    /// Sheets that entered the mean.
    pub counted: usize,
    /// The unrounded mean, to four places.
    pub mean: Option<String>,
    /// The rule that separated this entry from an equal mean: `top_criterion`, `median`,
    /// `fewer_below_mean`, or `shared` (rank shared).
    pub tie_break: Option<String>,
}

/// An entry's result.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct EntryResultView {
    pub entry_id: String,
    pub title: String,
    pub track: Option<String>,
    /// The entrant's name (a team: its contact; a department: its name), absent for judges
    /// of a blind contest.
    pub entrant: Option<String>,
    pub org_unit_id: Option<String>,
    /// Exact decimal text, two places, on the 0–100 scale; absent without a counted sheet.
    pub score: Option<String>,
    /// 1 = best within the track; shared by entries still equal after every tie-break.
    pub rank: Option<u32>,
    pub award: Option<String>,
    pub steps: StepsView,
}

/// A round's results.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ResultsView {
    pub contest_id: String,
    pub round_no: i32,
    pub round_name: String,
    pub aggregation: Aggregation,
    /// `live` (computed now, organisers only), `notice` (as published at 公示) or `final`.
    pub stage: String,
    pub computed_at: DateTime<Utc>,
    /// Entries in the round's results (every page).
    #[serde(default)]
    pub total: usize,
    /// By track, then rank; unscored entries last. One page of them (`limit`, default 50);
    /// the CSV export holds all.
    pub results: Vec<EntryResultView>,
    /// The next page's cursor; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

impl ResultsView {
    /// The page of results after position `after` (0: the first), `limit` long (only that
    /// page is copied).
    pub fn page(&self, after: i64, limit: i64) -> Self {
        let start = usize::try_from(after)
            .unwrap_or(usize::MAX)
            .min(self.results.len());
        let end = start
            .saturating_add(usize::try_from(limit).unwrap_or(0))
            .min(self.results.len());
        Self {
            contest_id: self.contest_id.clone(),
            round_no: self.round_no,
            round_name: self.round_name.clone(),
            aggregation: self.aggregation,
            stage: self.stage.clone(),
            computed_at: self.computed_at,
            total: self.results.len(),
            results: self
                .results
                .get(start..end)
                .map(<[EntryResultView]>::to_vec)
                .unwrap_or_default(),
            next_cursor: (end < self.results.len()).then(|| {
                lt_http::pagination::encode_cursor(i64::try_from(end).unwrap_or(i64::MAX))
            }),
        }
    }

    /// The view for someone outside the programme office and organisers: judges by number.
    pub fn without_judges(mut self) -> Self {
        for result in &mut self.results {
            for sheet in &mut result.steps.sheets {
                sheet.judge_id = None;
            }
        }
        self
    }
}

/// Internal fixed point as text with four places, rounded half up.
pub fn four_places(value: i128) -> String {
    let step = INTERNAL_SCALE / 10_000;
    let rounded = (value + step / 2).div_euclid(step);
    format_scaled(i64::try_from(rounded).unwrap_or(i64::MAX), 4)
}

/// The results of the contest's current round as they stand.
pub fn compute(conn: &mut DbConnection, contest: &ContestRow) -> Result<ResultsView, ApiError> {
    let round_no = contest.round_no;
    let rounds: Vec<Round> = from_json_text(&contest.rounds)?;
    let tiers: Option<TiersSpec> = from_json_text(&contest.tiers)?;
    let aggregation = Aggregation::parse(&contest.aggregation)
        .ok_or_else(|| anyhow::anyhow!("contest {}: aggregation unreadable", contest.id))?;
    let criteria: Vec<Criterion> = contests::rubric_of(conn, &contest.id)?
        .into_iter()
        .map(|c| Criterion {
            id: c.id,
            weight: u32::try_from(c.weight).unwrap_or(0),
            max_score: u32::try_from(c.max_score).unwrap_or(1),
        })
        .collect();
    let entry_rows = entries::in_round(conn, &contest.id, round_no)?;
    let trainees: HashMap<String, bool> = panel::judges_of(conn, &contest.id, round_no)?
        .into_iter()
        .map(|j| (j.person_id, j.trainee))
        .collect();
    let mut by_track: BTreeMap<Option<String>, (Vec<String>, Vec<Sheet>)> = BTreeMap::new();
    let track_of: HashMap<String, Option<String>> = entry_rows
        .iter()
        .map(|e| (e.id.clone(), e.track.clone()))
        .collect();
    for entry in &entry_rows {
        by_track
            .entry(entry.track.clone())
            .or_default()
            .0
            .push(entry.id.clone());
    }
    for (judge_id, entry_id, trainee, scores) in
        sheets::submitted_scores(conn, &contest.id, round_no)?
    {
        let Some(track) = track_of.get(&entry_id) else {
            continue;
        };
        let counts = !trainee && !trainees.get(&judge_id).copied().unwrap_or(false);
        let scores: sheets::Scores = from_json_text(&scores)?;
        if let Some((_, list)) = by_track.get_mut(track) {
            list.push(Sheet {
                judge_id,
                entry_id,
                scores: scores.into_iter().collect(),
                counts,
            });
        }
    }
    let rules = Rules {
        method: aggregation.method(),
        tiers: TiersSpec::rule(tiers.as_ref()),
    };
    let contacts: Vec<String> = entry_rows.iter().map(|e| e.person_id.clone()).collect();
    let names = local::people_names(conn, &contacts)?;
    let facts: HashMap<String, entries::EntryRow> =
        entry_rows.into_iter().map(|e| (e.id.clone(), e)).collect();
    let mut results = Vec::new();
    for (track, (ids, sheets)) in by_track {
        for result in aggregation::aggregate(&criteria, &ids, &sheets, &rules) {
            let Some(entry) = facts.get(&result.entry_id) else {
                continue;
            };
            results.push(EntryResultView {
                entry_id: result.entry_id.clone(),
                title: entry.title.clone(),
                track: track.clone(),
                entrant: entrant_name(conn, entry, &names)?,
                org_unit_id: entry.org_unit_id.clone(),
                score: result.score.map(|s| format_scaled(s, 2)),
                rank: result.rank,
                award: result.award,
                steps: StepsView {
                    sheets: result
                        .steps
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
                    counted: result.steps.counted,
                    mean: result.steps.mean.map(four_places),
                    tie_break: result.steps.tie_break,
                },
            });
        }
    }
    Ok(ResultsView {
        contest_id: contest.id.clone(),
        round_no,
        round_name: rounds
            .get(usize::try_from(round_no - 1).unwrap_or(0))
            .map_or_else(|| format!("第{round_no}轮"), |r| r.name.clone()),
        aggregation,
        stage: "live".into(),
        computed_at: Utc::now(),
        total: results.len(),
        results,
        next_cursor: None,
    })
}

/// The name the results show for an entry: a department's name, else the contact's.
fn entrant_name(
    conn: &mut DbConnection,
    entry: &entries::EntryRow,
    names: &HashMap<String, String>,
) -> Result<Option<String>, ApiError> {
    if entry.entrant_kind == "department"
        && let Some(unit) = &entry.org_unit_id
    {
        return Ok(local::org_unit(conn, unit)?.map(|u| u.name));
    }
    Ok(names.get(&entry.person_id).cloned())
}

/// Results as last computed or read, per contest and kind (`live`, `published`), with the
/// scoring version they belong to (`contests::scoring_version`). Results change only when
/// something they are computed from changes, and every such write moves the version on, so
/// a reader with the current version may reuse them. One cache per process, at most
/// [`CACHED_CONTESTS`] entries (then it starts over); a stale entry is never answered.
/// Cached results by (contest id, kind): the scoring version and the results.
type ResultsCache = HashMap<(String, &'static str), (i64, Arc<ResultsView>)>;

static CACHE: OnceLock<Mutex<ResultsCache>> = OnceLock::new();

/// How many results the cache holds before it starts over.
pub const CACHED_CONTESTS: usize = 64;

/// `kind` results of `contest_id` at scoring version `version`: from the cache when it has
/// them at that version, else from `make` (then kept).
pub fn cached(
    contest_id: &str,
    kind: &'static str,
    version: i64,
    make: impl FnOnce() -> Result<ResultsView, ApiError>,
) -> Result<Arc<ResultsView>, ApiError> {
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (contest_id.to_owned(), kind);
    let hit = cache.lock().ok().and_then(|map| {
        map.get(&key)
            .filter(|(at, _)| *at == version)
            .map(|(_, view)| Arc::clone(view))
    });
    if let Some(view) = hit {
        return Ok(view);
    }
    let view = Arc::new(make()?);
    if let Ok(mut map) = cache.lock() {
        if map.len() >= CACHED_CONTESTS {
            map.clear();
        }
        map.insert(key, (version, Arc::clone(&view)));
    }
    Ok(view)
}
