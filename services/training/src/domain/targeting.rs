//! Who a course is for: org units (each with its subtree), rank categories, age bands. A
//! dimension left empty does not restrict; a course with no targeting is open to every
//! cadre. Within a dimension any value matches; across dimensions all must.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::kinds::RankCategory;

/// The audience of a course.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Targeting {
    /// Org units whose members (including sub-units) the course is for.
    #[serde(default)]
    pub org_unit_ids: Vec<String>,
    #[serde(default)]
    pub rank_categories: Vec<RankCategory>,
    /// Youngest age (in whole years this year) the course is for.
    #[serde(default, deserialize_with = "lt_http::extract::optional_integer")]
    #[schema(minimum = 16, maximum = 80)]
    pub min_age: Option<i32>,
    /// Oldest age the course is for (not below `min_age`).
    #[serde(default, deserialize_with = "lt_http::extract::optional_integer")]
    #[schema(minimum = 16, maximum = 80)]
    pub max_age: Option<i32>,
}

/// What targeting needs to know of a cadre.
#[derive(Clone, Copy, Debug)]
pub struct Audience<'a> {
    /// The cadre's org unit and every unit above it.
    pub ancestry: &'a [String],
    pub category: Option<RankCategory>,
    /// Age this year (from the birth year), when known.
    pub age: Option<i32>,
}

impl Targeting {
    pub fn is_open(&self) -> bool {
        self.org_unit_ids.is_empty()
            && self.rank_categories.is_empty()
            && self.min_age.is_none()
            && self.max_age.is_none()
    }

    /// Whether the course is for `cadre`.
    pub fn includes(&self, cadre: &Audience<'_>) -> bool {
        let unit = self.org_unit_ids.is_empty()
            || self.org_unit_ids.iter().any(|u| cadre.ancestry.contains(u));
        let rank = self.rank_categories.is_empty()
            || cadre
                .category
                .is_some_and(|c| self.rank_categories.contains(&c));
        let banded = self.min_age.is_some() || self.max_age.is_some();
        let age = !banded
            || cadre.age.is_some_and(|age| {
                self.min_age.is_none_or(|min| age >= min)
                    && self.max_age.is_none_or(|max| age <= max)
            });
        unit && rank && age
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dimension_must_match_and_empty_ones_do_not_restrict() {
        let ancestry = vec![
            "section".to_owned(),
            "bureau".to_owned(),
            "district".to_owned(),
        ];
        let cadre = Audience {
            ancestry: &ancestry,
            category: Some(RankCategory::TownshipAndBelow),
            age: Some(41),
        };
        assert!(Targeting::default().includes(&cadre), "open to all");
        let bureau = Targeting {
            org_unit_ids: vec!["bureau".into()],
            ..Targeting::default()
        };
        assert!(
            bureau.includes(&cadre),
            "a sub-unit's member is in the unit's audience"
        );
        let elsewhere = Targeting {
            org_unit_ids: vec!["other".into()],
            ..Targeting::default()
        };
        assert!(!elsewhere.includes(&cadre));
        let leaders = Targeting {
            rank_categories: vec![RankCategory::CountyAndAbove],
            ..bureau.clone()
        };
        assert!(
            !leaders.includes(&cadre),
            "the unit matches, the rank does not"
        );
        let young = Targeting {
            max_age: Some(35),
            ..Targeting::default()
        };
        assert!(!young.includes(&cadre));
        let forties = Targeting {
            min_age: Some(40),
            max_age: Some(49),
            ..Targeting::default()
        };
        assert!(forties.includes(&cadre));
        let unknown_age = Audience { age: None, ..cadre };
        assert!(
            !forties.includes(&unknown_age),
            "an age band needs a known age"
        );
    }
}
