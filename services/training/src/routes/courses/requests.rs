//! What callers send to create or change a course, and how it is checked.

use lt_http::validation::{check_optional_text, check_text, field_errors, trimmed};
use lt_http::{FieldError, Validate};
use lt_programme::{Hours, KeyProject, Mechanism};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::CourseView;
use crate::domain::kinds::{CourseKind, Provider};
use crate::domain::targeting::Targeting;
use crate::store::courses::CourseFields;

/// A new course. Without `targeting` it is open to every cadre.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCourse {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: String,
    pub kind: CourseKind,
    pub mechanism: Mechanism,
    /// Credit hours (学时), e.g. `"6.00"`: at most two places, 0–1000.
    pub credit_hours: Hours,
    pub full_time: bool,
    /// Default: the organiser's own provider; admins must say (or get `external`).
    pub provider: Option<Provider>,
    pub key_project: Option<KeyProject>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub topic: Option<String>,
    #[schema(max_length = 4000)]
    pub description: Option<String>,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub speakers: Vec<String>,
    #[serde(default)]
    pub assessment_required: bool,
    pub targeting: Option<Targeting>,
}

fn check_hours(field: &str, hours: Hours, errors: &mut Vec<FieldError>) {
    if hours.0 < 0 || hours.0 > 100_000 {
        errors.push(FieldError::new(
            field,
            "out_of_range",
            "between 0 and 1000.00",
        ));
    }
}

fn check_speakers(speakers: &[String], errors: &mut Vec<FieldError>) {
    if speakers.len() > 20 {
        errors.push(FieldError::new(
            "speakers",
            "too_long",
            "at most 20 speakers",
        ));
    }
    for (i, speaker) in speakers.iter().enumerate() {
        check_text(&format!("speakers[{i}]"), speaker, 50, errors);
    }
}

fn check_targeting(targeting: &Targeting, errors: &mut Vec<FieldError>) {
    if targeting.org_unit_ids.len() > 200 {
        errors.push(FieldError::new(
            "targeting.org_unit_ids",
            "too_long",
            "at most 200 units",
        ));
    }
    for (i, unit) in targeting.org_unit_ids.iter().enumerate() {
        check_text(&format!("targeting.org_unit_ids[{i}]"), unit, 100, errors);
    }
    for (field, age) in [
        ("targeting.min_age", targeting.min_age),
        ("targeting.max_age", targeting.max_age),
    ] {
        if let Some(age) = age {
            lt_http::validation::check_range(field, age, 16..=80, errors);
        }
    }
    if let (Some(min), Some(max)) = (targeting.min_age, targeting.max_age)
        && min > max
    {
        errors.push(FieldError::new(
            "targeting.max_age",
            "out_of_range",
            "not below min_age",
        ));
    }
}

impl Validate for NewCourse {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("title", &self.title, 200, &mut errors);
        check_hours("credit_hours", self.credit_hours, &mut errors);
        check_optional_text("topic", self.topic.as_deref(), 200, &mut errors);
        if self
            .description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 4000)
        {
            errors.push(FieldError::new(
                "description",
                "too_long",
                "at most 4000 characters",
            ));
        }
        check_speakers(&self.speakers, &mut errors);
        if let Some(targeting) = &self.targeting {
            check_targeting(targeting, &mut errors);
        }
        field_errors(errors)
    }
}

/// Fields to change; absent fields stay.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseChanges {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: Option<String>,
    pub kind: Option<CourseKind>,
    pub mechanism: Option<Mechanism>,
    pub credit_hours: Option<Hours>,
    pub full_time: Option<bool>,
    pub key_project: Option<KeyProject>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub topic: Option<String>,
    #[schema(max_length = 4000)]
    pub description: Option<String>,
    #[schema(max_items = 20)]
    pub speakers: Option<Vec<String>>,
    pub assessment_required: Option<bool>,
    pub targeting: Option<Targeting>,
}

impl Validate for CourseChanges {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_optional_text("title", self.title.as_deref(), 200, &mut errors);
        if let Some(hours) = self.credit_hours {
            check_hours("credit_hours", hours, &mut errors);
        }
        check_optional_text("topic", self.topic.as_deref(), 200, &mut errors);
        if self
            .description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 4000)
        {
            errors.push(FieldError::new(
                "description",
                "too_long",
                "at most 4000 characters",
            ));
        }
        if let Some(speakers) = &self.speakers {
            check_speakers(speakers, &mut errors);
        }
        if let Some(targeting) = &self.targeting {
            check_targeting(targeting, &mut errors);
        }
        field_errors(errors)
    }
}

pub(super) fn wire(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(super) fn clean_targeting(targeting: Targeting) -> Targeting {
    Targeting {
        org_unit_ids: targeting
            .org_unit_ids
            .iter()
            .map(|u| trimmed(u).to_owned())
            .collect(),
        ..targeting
    }
}

/// The course's fields after `changes`: absent fields keep their value.
pub(super) fn apply(current: &CourseView, changes: &CourseChanges) -> CourseFields {
    CourseFields {
        provider: current.provider.as_str().to_owned(),
        kind: changes.kind.unwrap_or(current.kind).as_str().to_owned(),
        mechanism: wire(&changes.mechanism.unwrap_or(current.mechanism)),
        key_project: changes
            .key_project
            .or(current.key_project)
            .as_ref()
            .map(wire),
        title: changes
            .title
            .as_deref()
            .map_or(current.title.clone(), |t| trimmed(t).to_owned()),
        topic: changes
            .topic
            .as_deref()
            .map(|t| trimmed(t).to_owned())
            .or_else(|| current.topic.clone()),
        description: changes
            .description
            .clone()
            .or_else(|| current.description.clone()),
        speakers: changes
            .speakers
            .as_ref()
            .map_or(current.speakers.clone(), |s| {
                s.iter().map(|n| trimmed(n).to_owned()).collect()
            }),
        credit_hours: changes.credit_hours.unwrap_or(current.credit_hours).0,
        full_time: changes.full_time.unwrap_or(current.full_time),
        assessment_required: changes
            .assessment_required
            .unwrap_or(current.assessment_required),
        targeting: changes
            .targeting
            .clone()
            .map_or(current.targeting.clone(), clean_targeting),
    }
}
