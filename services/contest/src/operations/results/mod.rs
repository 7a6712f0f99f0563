//! A round's results: the submitted sheets of the round's entries aggregated by the
//! contest's method (`domain::aggregation`), ranked per track, with every step. Computed
//! live for organisers; frozen as published at 公示 and at final publication.
//!
//! Steps show sheet totals, normalised values and means to four decimal places (rounded
//! half up); the result (`score`) is the unrounded mean rounded once, half up, to two places.

mod cache;
mod standings;
mod tallies;
mod view;

pub use cache::{CACHED_CONTESTS, ResultLine, Results, cached};
pub use standings::{Standing, Standings, compute, compute_at};
pub use tallies::TALLIED_CONTESTS;
pub use view::{EntryResultView, ResultsView, SheetStepView, StepsView, four_places};
