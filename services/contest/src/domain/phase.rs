//! A contest's phases, in order: `preparing` (rubric and panel set up, no entries yet),
//! `submission` (entrants submit), `judging` (judges score the current round), `notice`
//! (公示: results published, real-name objections accepted for the notice's working days),
//! `final` (results final and public). The organiser moves a contest forward one phase at a
//! time (early, before a window closes, if needed); never back.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Preparing,
    Submission,
    Judging,
    Notice,
    Final,
}

impl Phase {
    pub const ALL: [Phase; 5] = [
        Phase::Preparing,
        Phase::Submission,
        Phase::Judging,
        Phase::Notice,
        Phase::Final,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Preparing => "preparing",
            Self::Submission => "submission",
            Self::Judging => "judging",
            Self::Notice => "notice",
            Self::Final => "final",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }

    /// The phase after this one.
    pub fn next(self) -> Option<Self> {
        match self {
            Self::Preparing => Some(Self::Submission),
            Self::Submission => Some(Self::Judging),
            Self::Judging => Some(Self::Notice),
            Self::Notice => Some(Self::Final),
            Self::Final => None,
        }
    }

    /// Whether results are published (公示 or final).
    pub fn published(self) -> bool {
        self >= Self::Notice
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_move_forward_one_at_a_time_and_round_trip_as_text() {
        let mut phase = Phase::Preparing;
        let mut seen = vec![phase];
        while let Some(next) = phase.next() {
            assert!(next > phase);
            phase = next;
            seen.push(phase);
        }
        assert_eq!(seen, Phase::ALL);
        for phase in Phase::ALL {
            assert_eq!(Phase::parse(phase.as_str()), Some(phase));
        }
        assert!(Phase::Notice.published() && !Phase::Judging.published());
        assert_eq!(Phase::parse("closed"), None);
    }
}
