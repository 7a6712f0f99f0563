//! What a node looks like on the wire: the view, new nodes and changes with their checks,
//! links, and exact values as decimal text.

use chrono::{DateTime, Utc};
use lt_http::validation::{check_optional_text, check_text, field_errors};
use lt_http::{ApiError, FieldError, Validate};
use lt_programme::format_scaled;
use lt_store::DbConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::super::utc;
use crate::domain::model::{self, DirectionText, Kind, Visibility};
use crate::store::nodes::{self, NodeRow};

/// Millionths as decimal text without trailing zeros ("47.8").
pub fn decimal_text(millionths: i64) -> String {
    let text = format_scaled(millionths, 6);
    let text = text.trim_end_matches('0');
    text.strip_suffix('.').unwrap_or(text).to_owned()
}

/// A "contributes to" link as sent.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParentLink {
    #[schema(min_length = 1, max_length = 100)]
    pub node_id: String,
    /// Decimal text, more than 0 (`0` is refused), at most 9999.99, two places at most; default `1`.
    #[schema(
        pattern = r"^(([1-9]\d{0,3}|0[1-9]\d{0,2}|00[1-9]\d?|000[1-9])(\.\d{1,2})?|0{1,4}\.(0[1-9]|[1-9]\d?))$",
        example = "1"
    )]
    pub weight: Option<String>,
}

/// A link as shown.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct LinkView {
    pub node_id: String,
    pub weight: String,
    /// Whether the parent's keeper (its owner, a coordinator over its unit, an admin) has
    /// accepted the link. A pending link does not count toward the parent's progress; its
    /// keeper accepts it with `PUT …/nodes/{parent}/children/{child}/acceptance`, setting the
    /// weight, or declines it by removing it. Links the caller makes under a node they keep
    /// count at once.
    pub accepted: bool,
}

/// A node of the vision graph.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct NodeView {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub description: Option<String>,
    pub visibility: Visibility,
    /// The cadre whose vision it is (absent for the district's and departments' nodes).
    pub owner_id: Option<String>,
    pub org_unit_id: Option<String>,
    /// Key results: decimal text.
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub direction: Option<DirectionText>,
    pub unit: Option<String>,
    pub period: Option<String>,
    /// Key results: the latest check-in's value.
    pub current: Option<String>,
    /// What it contributes to (the parents it is allowed to show).
    pub parents: Vec<LinkView>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The view of a node with its links.
pub fn node_view(row: NodeRow, parents: Vec<LinkView>) -> Result<NodeView, ApiError> {
    let corrupt =
        |what: &str| ApiError::from(anyhow::anyhow!("node {}: stored {what} unreadable", row.id));
    Ok(NodeView {
        kind: row.kind,
        visibility: row.visibility,
        direction: match row.direction.as_deref() {
            None => None,
            Some("increase") => Some(DirectionText::Increase),
            Some("decrease") => Some(DirectionText::Decrease),
            Some(_) => return Err(corrupt("direction")),
        },
        baseline: row.baseline.map(decimal_text),
        target: row.target.map(decimal_text),
        current: row.current_value.map(decimal_text),
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
        id: row.id,
        title: row.title,
        description: row.description,
        owner_id: row.owner_id,
        org_unit_id: row.org_unit_id,
        unit: row.unit,
        period: row.period,
        parents,
        version: row.version,
    })
}

/// A node's parents as links.
pub fn parents_of(conn: &mut DbConnection, id: &str) -> Result<Vec<LinkView>, ApiError> {
    Ok(nodes::parents_of(conn, id)?
        .into_iter()
        .map(|l| LinkView {
            node_id: l.parent_id,
            weight: format_scaled(l.weight, 2),
            accepted: l.accepted,
        })
        .collect())
}

/// A new node.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNode {
    pub kind: Kind,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: String,
    #[schema(min_length = 1, max_length = 4000, pattern = "\\S")]
    pub description: Option<String>,
    /// Default: district and targets public, team visions department, personal visions
    /// private, goals and key results as their first parent.
    pub visibility: Option<Visibility>,
    /// Every node but the district vision names at least one.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub parents: Vec<ParentLink>,
    /// District and team visions: their org unit.
    #[schema(min_length = 1, max_length = 100)]
    pub org_unit_id: Option<String>,
    /// Key results: decimal text (up to six places).
    #[schema(pattern = r"^-?\d{1,13}(\.\d{1,6})?$", example = "100")]
    pub baseline: Option<String>,
    #[schema(pattern = r"^-?\d{1,13}(\.\d{1,6})?$", example = "120")]
    pub target: Option<String>,
    pub direction: Option<DirectionText>,
    #[schema(min_length = 1, max_length = 20, pattern = "\\S")]
    pub unit: Option<String>,
    /// `2026`, `2026-H1`, `2026-Q4` or `2026-12`: when the key result is due; check-ins after
    /// it are marked late.
    #[schema(pattern = r"^\d{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?$")]
    pub period: Option<String>,
}

/// The measured fields of a key result, checked: (baseline, target).
pub fn check_measure(
    baseline: Option<&str>,
    target: Option<&str>,
    direction: Option<DirectionText>,
    errors: &mut Vec<FieldError>,
) -> Option<(i64, i64)> {
    let (Some(b), Some(t)) = (baseline, target) else {
        errors.push(FieldError::new(
            if baseline.is_none() {
                "baseline"
            } else {
                "target"
            },
            "required",
            "a key result has a baseline and a target",
        ));
        return None;
    };
    if direction.is_none() {
        errors.push(FieldError::new(
            "direction",
            "required",
            "increase or decrease",
        ));
    }
    let (b, t) = (
        model::value("baseline", b, errors)?,
        model::value("target", t, errors)?,
    );
    if b == t {
        errors.push(FieldError::new(
            "target",
            "out_of_range",
            "differs from the baseline",
        ));
        return None;
    }
    match direction {
        Some(DirectionText::Increase) if t < b => errors.push(FieldError::new(
            "target",
            "out_of_range",
            "above the baseline when higher is better",
        )),
        Some(DirectionText::Decrease) if t > b => errors.push(FieldError::new(
            "target",
            "out_of_range",
            "below the baseline when lower is better",
        )),
        _ => {}
    }
    Some((b, t))
}

impl Validate for NewNode {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("title", &self.title, 200, &mut errors);
        check_optional_text(
            "description",
            self.description.as_deref(),
            4000,
            &mut errors,
        );
        check_optional_text("unit", self.unit.as_deref(), 20, &mut errors);
        for (i, p) in self.parents.iter().enumerate() {
            model::weight(
                &format!("parents[{i}].weight"),
                p.weight.as_deref().unwrap_or("1"),
                &mut errors,
            );
        }
        match (self.kind, self.parents.is_empty()) {
            (Kind::District, false) => errors.push(FieldError::new(
                "parents",
                "invalid",
                "the district vision is the root",
            )),
            (Kind::District, true) => {}
            (_, true) => errors.push(FieldError::new(
                "parents",
                "required",
                "what it contributes to",
            )),
            _ => {}
        }
        if matches!(self.kind, Kind::District | Kind::Team) && self.org_unit_id.is_none() {
            errors.push(FieldError::new(
                "org_unit_id",
                "required",
                "the org unit it belongs to",
            ));
        }
        if self.kind == Kind::KeyResult {
            check_measure(
                self.baseline.as_deref(),
                self.target.as_deref(),
                self.direction,
                &mut errors,
            );
        } else if self.baseline.is_some() || self.target.is_some() || self.direction.is_some() {
            errors.push(FieldError::new(
                "baseline",
                "invalid",
                "only key results are measured",
            ));
        }
        if let Some(period) = &self.period
            && lt_service::reports::period_of(Some(period)).is_err()
        {
            errors.push(FieldError::new(
                "period",
                "invalid",
                "2026, 2026-H1, 2026-Q4 or 2026-12",
            ));
        }
        field_errors(errors)
    }
}

/// Fields to change; absent fields stay.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeChanges {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: Option<String>,
    #[schema(min_length = 1, max_length = 4000, pattern = "\\S")]
    pub description: Option<String>,
    pub visibility: Option<Visibility>,
    #[schema(pattern = r"^-?\d{1,13}(\.\d{1,6})?$")]
    pub baseline: Option<String>,
    #[schema(pattern = r"^-?\d{1,13}(\.\d{1,6})?$")]
    pub target: Option<String>,
    pub direction: Option<DirectionText>,
}

impl Validate for NodeChanges {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_optional_text("title", self.title.as_deref(), 200, &mut errors);
        check_optional_text(
            "description",
            self.description.as_deref(),
            4000,
            &mut errors,
        );
        field_errors(errors)
    }
}
