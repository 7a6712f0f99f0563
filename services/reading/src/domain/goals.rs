//! Goals in books, pages or minutes (a campaign's or a family challenge's) and progress
//! towards them, always computed from logged reading, never typed.

use lt_programme::ExactDecimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a goal asks for; at least one part is set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    #[schema(minimum = 1, maximum = 100000)]
    pub books: Option<i64>,
    #[schema(minimum = 1, maximum = 100000000)]
    pub pages: Option<i64>,
    #[schema(minimum = 1, maximum = 100000000)]
    pub minutes: Option<i64>,
}

impl Goal {
    pub fn is_empty(&self) -> bool {
        self.books.is_none() && self.pages.is_none() && self.minutes.is_none()
    }
}

/// Reading done towards a goal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Done {
    pub books: i64,
    pub pages: i64,
    pub minutes: i64,
}

/// Progress towards a goal: what is done, and each set part's share in percent (two
/// places, rounded half up, at most 100).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GoalProgress {
    pub done: Done,
    pub books_percent: Option<ExactDecimal>,
    pub pages_percent: Option<ExactDecimal>,
    pub minutes_percent: Option<ExactDecimal>,
    /// Every set part reached.
    pub met: bool,
}

/// The share of a goal (`lt_programme::percent_of_goal`: two places, half up, at most 100).
fn percent(done: i64, goal: Option<i64>) -> Option<ExactDecimal> {
    lt_programme::percent_of_goal(done, goal?)
}

pub fn progress(goal: &Goal, done: Done) -> GoalProgress {
    let reached = |d: i64, g: Option<i64>| g.is_none_or(|g| d >= g);
    GoalProgress {
        books_percent: percent(done.books, goal.books),
        pages_percent: percent(done.pages, goal.pages),
        minutes_percent: percent(done.minutes, goal.minutes),
        met: !goal.is_empty()
            && reached(done.books, goal.books)
            && reached(done.pages, goal.pages)
            && reached(done.minutes, goal.minutes),
        done,
    }
}

/// The fewest persons whose reading is given together: below it, only how many there are
/// (a sum over one or two persons would be their own figures).
pub const FEWEST_TOGETHER: usize = 5;

/// Persons whose reading the caller may not see one by one, as one line: how many, and —
/// when they are at least [`FEWEST_TOGETHER`] — what they read together and how many met
/// the goal. No ids, no names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PersonsTogether {
    pub persons: i64,
    /// Absent below [`FEWEST_TOGETHER`] persons.
    pub done: Option<Done>,
    /// How many met the goal; absent below [`FEWEST_TOGETHER`] persons.
    pub met: Option<i64>,
}

/// `dones` (one per person) as one line; `None` when there is nobody.
pub fn together(goal: &Goal, dones: &[Done]) -> Option<PersonsTogether> {
    if dones.is_empty() {
        return None;
    }
    let persons = i64::try_from(dones.len()).unwrap_or(i64::MAX);
    if dones.len() < FEWEST_TOGETHER {
        return Some(PersonsTogether {
            persons,
            done: None,
            met: None,
        });
    }
    let sum = dones.iter().fold(Done::default(), |sum, d| Done {
        books: sum.books + d.books,
        pages: sum.pages + d.pages,
        minutes: sum.minutes + d.minutes,
    });
    let met = dones.iter().filter(|d| progress(goal, **d).met).count();
    Some(PersonsTogether {
        persons,
        done: Some(sum),
        met: Some(i64::try_from(met).unwrap_or(i64::MAX)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_each_part_and_is_met_when_all_are() {
        let goal = Goal {
            books: Some(3),
            pages: None,
            minutes: Some(600),
        };
        let half = progress(
            &goal,
            Done {
                books: 1,
                pages: 250,
                minutes: 300,
            },
        );
        assert_eq!(
            half.books_percent.map(|p| p.to_string()),
            Some("33.33".to_owned())
        );
        assert_eq!(
            half.minutes_percent.map(|p| p.to_string()),
            Some("50.00".to_owned())
        );
        assert_eq!(half.pages_percent, None);
        assert!(!half.met);
        let over = progress(
            &goal,
            Done {
                books: 4,
                pages: 0,
                minutes: 900,
            },
        );
        assert_eq!(
            over.minutes_percent.map(|p| p.to_string()),
            Some("100.00".to_owned())
        );
        assert!(over.met);
        assert!(!progress(&Goal::default(), Done::default()).met);
    }
}
