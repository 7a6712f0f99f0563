//! Results as last computed or read, per contest and kind (`live`, `published`, `final`),
//! with the scoring version they belong to (`contests::scoring_version`). Results change only
//! when something they are computed from changes, and every such write moves the version
//! on, so a reader with the current version may reuse them. One cache per process, at most
//! [`CACHED_CONTESTS`] entries (then it starts over); a stale entry is never answered.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use lt_http::ApiError;

use super::standings::Standings;
use super::view::ResultsView;

/// Results as computed (organisers, live) or as published (stored JSON).
#[derive(Clone, Debug)]
pub enum Results {
    Live(Standings),
    Published(ResultsView),
}

/// One line of the results, as the CSV export lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultLine {
    pub rank: Option<u32>,
    pub entry_id: String,
    pub title: String,
    pub track: Option<String>,
    pub entrant: Option<String>,
    pub score: Option<String>,
    pub award: Option<String>,
    pub counted: usize,
    pub mean: Option<String>,
    pub tie_break: Option<String>,
}

impl Results {
    pub fn contest_id(&self) -> &str {
        match self {
            Self::Live(standings) => &standings.contest_id,
            Self::Published(view) => &view.contest_id,
        }
    }

    /// `live`, or the stage the results were published at.
    pub fn stage(&self) -> &str {
        match self {
            Self::Live(_) => "live",
            Self::Published(view) => &view.stage,
        }
    }

    /// The page after position `after`, `limit` long, with every step.
    pub fn page(&self, after: i64, limit: i64) -> ResultsView {
        match self {
            Self::Live(standings) => standings.page(after, limit),
            Self::Published(view) => view.page(after, limit),
        }
    }

    /// Every entry's line, in order.
    pub fn lines(&self) -> Vec<ResultLine> {
        match self {
            Self::Live(standings) => standings
                .entries
                .iter()
                .map(|s| ResultLine {
                    rank: s.result.rank,
                    entry_id: s.result.entry_id.clone(),
                    title: s.title.clone(),
                    track: s.track.clone(),
                    entrant: s.entrant.clone(),
                    score: s.score(),
                    award: s.result.award.clone(),
                    counted: s.result.steps.counted,
                    mean: s.mean(),
                    tie_break: s.result.steps.tie_break.clone(),
                })
                .collect(),
            Self::Published(view) => view
                .results
                .iter()
                .map(|r| ResultLine {
                    rank: r.rank,
                    entry_id: r.entry_id.clone(),
                    title: r.title.clone(),
                    track: r.track.clone(),
                    entrant: r.entrant.clone(),
                    score: r.score.clone(),
                    award: r.award.clone(),
                    counted: r.steps.counted,
                    mean: r.steps.mean.clone(),
                    tie_break: r.steps.tie_break.clone(),
                })
                .collect(),
        }
    }
}

/// Cached results by (contest id, kind): the scoring version and the results.
type ResultsCache = HashMap<(String, &'static str), (i64, Arc<Results>)>;

static CACHE: OnceLock<Mutex<ResultsCache>> = OnceLock::new();

/// How many results the cache holds before it starts over.
pub const CACHED_CONTESTS: usize = 64;

/// `kind` results of `contest_id` at scoring version `version`: from the cache when it has
/// them at that version, else from `make` (then kept).
pub fn cached(
    contest_id: &str,
    kind: &'static str,
    version: i64,
    make: impl FnOnce() -> Result<Results, ApiError>,
) -> Result<Arc<Results>, ApiError> {
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (contest_id.to_owned(), kind);
    let hit = cache.lock().ok().and_then(|map| {
        map.get(&key)
            .filter(|(at, _)| *at == version)
            .map(|(_, results)| Arc::clone(results))
    });
    if let Some(results) = hit {
        return Ok(results);
    }
    let results = Arc::new(make()?);
    if let Ok(mut map) = cache.lock() {
        if map.len() >= CACHED_CONTESTS {
            map.clear();
        }
        map.insert(key, (version, Arc::clone(&results)));
    }
    Ok(results)
}
