//! The vision graph's vocabulary: node kinds and which kinds each may contribute to,
//! visibility, direction, and exact values (millionths) and weights (hundredths) as text.

use lt_http::FieldError;
use lt_programme::{QuantityError, parse_scaled};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How many days after a check-in its author may still edit it.
pub const CHECK_IN_EDIT_DAYS: i64 = 7;

// Stored as its `as_str` text (`lt_store::stored_as_text!`).
/// What a node is.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The district's shared vision (共同愿景), attached to an org unit.
    District,
    /// One of the district's targets (现代产业区, 开放先行区, …).
    Target,
    /// A department's team vision.
    Team,
    /// A cadre's personal vision.
    Personal,
    /// A goal of a vision.
    Goal,
    /// A measured result: baseline, target, direction; progress from check-ins.
    KeyResult,
}

impl Kind {
    pub const ALL: [Self; 6] = [
        Self::District,
        Self::Target,
        Self::Team,
        Self::Personal,
        Self::Goal,
        Self::KeyResult,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::District => "district",
            Self::Target => "target",
            Self::Team => "team",
            Self::Personal => "personal",
            Self::Goal => "goal",
            Self::KeyResult => "key_result",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The kinds a node of this kind may contribute to (empty: a root).
    pub fn parent_kinds(self) -> &'static [Kind] {
        match self {
            Self::District => &[],
            Self::Target => &[Self::District],
            Self::Team => &[Self::Target, Self::Team, Self::Goal],
            Self::Personal => &[Self::Target, Self::Team, Self::Goal],
            Self::Goal => &[
                Self::District,
                Self::Target,
                Self::Team,
                Self::Personal,
                Self::Goal,
            ],
            Self::KeyResult => &[Self::Target, Self::Team, Self::Personal, Self::Goal],
        }
    }
}

/// Who sees a node: its owner, the coordinators over its unit and admins always; `department`
/// adds everyone of its unit and below; `public` everyone signed in, and the public board.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Private,
    Department,
    Public,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Private => "private",
            Self::Department => "department",
            Self::Public => "public",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Private, Self::Department, Self::Public]
            .into_iter()
            .find(|v| v.as_str() == text)
    }
}

lt_store::stored_as_text!(Kind);
lt_store::stored_as_text!(Visibility);

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DirectionText {
    Increase,
    Decrease,
}

impl DirectionText {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Increase => "increase",
            Self::Decrease => "decrease",
        }
    }
}

/// A value (baseline, target, check-in, actual) as exact millionths, or the field error.
pub fn value(field: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<i64> {
    match parse_scaled(text.trim(), 6) {
        Ok(v) if v.unsigned_abs() <= 1_000_000_000_000_000 => Some(v),
        Ok(_) => {
            errors.push(FieldError::new(
                field,
                "out_of_range",
                "at most 10^12 in size",
            ));
            None
        }
        Err(e) => {
            errors.push(FieldError::new(field, "invalid", quantity_message(&e, 6)));
            None
        }
    }
}

/// A link weight as exact hundredths (> 0, at most 9999.99), or the field error.
pub fn weight(field: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<i64> {
    match parse_scaled(text.trim(), 2) {
        Ok(w) if (1..=999_999).contains(&w) => Some(w),
        Ok(_) => {
            errors.push(FieldError::new(
                field,
                "out_of_range",
                "more than 0, at most 9999.99",
            ));
            None
        }
        Err(e) => {
            errors.push(FieldError::new(field, "invalid", quantity_message(&e, 2)));
            None
        }
    }
}

fn quantity_message(error: &QuantityError, places: u32) -> String {
    match error {
        QuantityError::TooPrecise { .. } => format!("at most {places} decimal places"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_weights_are_exact_and_checked() {
        let mut errors = Vec::new();
        assert_eq!(value("v", "47.8", &mut errors), Some(47_800_000));
        assert_eq!(value("v", "-0.000001", &mut errors), Some(-1));
        assert_eq!(weight("w", "0.5", &mut errors), Some(50));
        assert!(errors.is_empty());
        assert_eq!(weight("w", "0", &mut errors), None);
        assert_eq!(weight("w", "-1", &mut errors), None);
        assert_eq!(value("v", "1.0000001", &mut errors), None);
        assert_eq!(value("v", "1e3", &mut errors), None);
        assert_eq!(errors.len(), 4);
    }

    #[test]
    fn kinds_say_what_they_may_contribute_to() {
        assert!(Kind::District.parent_kinds().is_empty());
        assert!(Kind::KeyResult.parent_kinds().contains(&Kind::Goal));
        assert!(!Kind::Target.parent_kinds().contains(&Kind::Team));
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Visibility::parse("secret"), None);
    }
}
