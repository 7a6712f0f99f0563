//! Rubric rules: criteria with whole-percent weights that add up to 100, whole maximum
//! scores, and optional level descriptors; a score is decimal text with at most two places,
//! from 0 to the criterion's maximum, kept in hundredths.

use lt_http::FieldError;
use lt_programme::{QuantityError, parse_scaled};

/// Most criteria a rubric may have.
pub const MAX_CRITERIA: usize = 20;
/// Largest maximum score of a criterion.
pub const MAX_SCORE: i64 = 1000;

/// One criterion as checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CriterionRule {
    pub name: String,
    pub weight: i64,
    pub max_score: i64,
    /// Scores of the level descriptors, each within 0..=max_score.
    pub level_scores: Vec<i64>,
}

/// Field errors of a rubric (`criteria[i].field`); empty when it may be saved.
pub fn check(criteria: &[CriterionRule]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if criteria.is_empty() || criteria.len() > MAX_CRITERIA {
        errors.push(FieldError::new(
            "criteria",
            "out_of_range",
            format!("1 to {MAX_CRITERIA} criteria"),
        ));
        return errors;
    }
    let mut names = std::collections::HashSet::new();
    for (i, c) in criteria.iter().enumerate() {
        let field = |f: &str| format!("criteria[{i}].{f}");
        if c.name.trim().is_empty() {
            errors.push(FieldError::new(
                field("name"),
                "required",
                "must not be blank",
            ));
        } else if c.name.chars().count() > 100 {
            errors.push(FieldError::new(
                field("name"),
                "too_long",
                "at most 100 characters",
            ));
        } else if !names.insert(c.name.trim().to_owned()) {
            errors.push(FieldError::new(
                field("name"),
                "duplicate",
                "names differ within a rubric",
            ));
        }
        if !(1..=100).contains(&c.weight) {
            errors.push(FieldError::new(
                field("weight"),
                "out_of_range",
                "a whole percent from 1 to 100",
            ));
        }
        if !(1..=MAX_SCORE).contains(&c.max_score) {
            errors.push(FieldError::new(
                field("max_score"),
                "out_of_range",
                format!("a whole number from 1 to {MAX_SCORE}"),
            ));
        }
        for (j, score) in c.level_scores.iter().enumerate() {
            if !(0..=c.max_score).contains(score) {
                errors.push(FieldError::new(
                    format!("criteria[{i}].levels[{j}].score"),
                    "out_of_range",
                    "from 0 to the criterion's max_score",
                ));
            }
        }
    }
    let total: i64 = criteria.iter().map(|c| c.weight).sum();
    if total != 100 {
        errors.push(FieldError::new(
            "criteria",
            "weights_not_100",
            format!("the weights add up to {total}, not 100"),
        ));
    }
    errors
}

/// A score's hundredths, or why it is refused (`max_score` whole points).
pub fn parse_score(text: &str, max_score: i64) -> Result<i64, String> {
    let hundredths = parse_scaled(text.trim(), 2).map_err(|e| match e {
        QuantityError::TooPrecise { .. } => "at most two decimal places".to_owned(),
        other => other.to_string(),
    })?;
    if hundredths < 0 || hundredths > max_score.saturating_mul(100) {
        return Err(format!("from 0 to {max_score}"));
    }
    Ok(hundredths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criterion(name: &str, weight: i64, max_score: i64) -> CriterionRule {
        CriterionRule {
            name: name.into(),
            weight,
            max_score,
            level_scores: vec![],
        }
    }

    #[test]
    fn weights_must_add_up_to_100() {
        assert!(check(&[criterion("创新性", 60, 10), criterion("实效性", 40, 10)]).is_empty());
        let errors = check(&[criterion("创新性", 60, 10), criterion("实效性", 30, 10)]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "weights_not_100");
        assert!(errors[0].message.contains("90"));
    }

    #[test]
    fn each_criterion_is_checked_with_its_index() {
        let mut bad = criterion("创新性", 0, 0);
        bad.level_scores = vec![5];
        let errors = check(&[bad, criterion("创新性", 100, 10)]);
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"criteria[0].weight"));
        assert!(fields.contains(&"criteria[0].max_score"));
        assert!(fields.contains(&"criteria[0].levels[0].score"));
        assert!(fields.contains(&"criteria[1].name"));
        assert_eq!(check(&[]).len(), 1);
    }

    #[test]
    fn scores_are_exact_hundredths_within_range() {
        assert_eq!(parse_score("8.5", 10), Ok(850));
        assert_eq!(parse_score("10", 10), Ok(1000));
        assert_eq!(parse_score("0", 10), Ok(0));
        assert!(parse_score("10.01", 10).is_err());
        assert!(parse_score("-1", 10).is_err());
        assert_eq!(
            parse_score("8.555", 10),
            Err("at most two decimal places".into())
        );
        assert!(parse_score("八", 10).is_err());
        assert!(parse_score("1e3", 10).is_err());
    }
}
