//! How a contest is set up: its kind, the aggregation of its score sheets, its rounds (how
//! many entries each advances), tracks, award tiers, dated windows and the length of 公示,
//! and the checks they must pass.

use chrono::NaiveDate;
use lt_http::FieldError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::aggregation::{Method, Tiers};
use super::rubric::parse_score;

/// What a contest is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContestKind {
    /// 工作创新成果 (展示学习成果,提升服务水平).
    Achievement,
    /// 岗位技能大赛.
    Skill,
    /// 读书心得.
    ReadingNote,
}

impl ContestKind {
    pub const ALL: [Self; 3] = [Self::Achievement, Self::Skill, Self::ReadingNote];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Achievement => "achievement",
            Self::Skill => "skill",
            Self::ReadingNote => "reading_note",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// How a round's sheets become an entry's result (see `domain::aggregation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// The mean of the sheet totals.
    Mean,
    /// 去掉一个最高分和一个最低分 (with 3 judges: the mean of the two closest).
    TrimmedMean,
    /// Per-judge z-scores rescaled to the rubric's range, then the mean.
    ZScore,
}

impl Aggregation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mean => "mean",
            Self::TrimmedMean => "trimmed_mean",
            Self::ZScore => "z_score",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Mean, Self::TrimmedMean, Self::ZScore]
            .into_iter()
            .find(|a| a.as_str() == text)
    }

    pub fn method(self) -> Method {
        match self {
            Self::Mean => Method::Mean,
            Self::TrimmedMean => Method::TrimmedMean,
            Self::ZScore => Method::ZScore,
        }
    }
}

/// A round (e.g. 初赛, 决赛).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Round {
    #[schema(min_length = 1, max_length = 50, pattern = "\\S")]
    pub name: String,
    /// How many entries (per track) move on to the next round; absent on the last round.
    #[schema(minimum = 1, maximum = 100000)]
    pub advance: Option<u32>,
}

impl Round {
    /// The one round of a contest that names none.
    pub fn single() -> Self {
        Self {
            name: "评审".into(),
            advance: None,
        }
    }
}

/// One tier of awards by quota: the share of ranked entries (cumulative in order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuotaTier {
    #[schema(min_length = 1, max_length = 50, pattern = "\\S")]
    pub name: String,
    #[schema(minimum = 1, maximum = 100)]
    pub percent: u32,
}

/// One tier of awards by threshold: entries whose result reaches `min_score`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThresholdTier {
    #[schema(min_length = 1, max_length = 50, pattern = "\\S")]
    pub name: String,
    /// Result on the 0–100 scale, decimal text with at most two places.
    #[schema(pattern = r"^\d{1,3}(\.\d{1,2})?$", example = "85")]
    pub min_score: String,
}

/// Award tiers: by quota (一等奖 10%, 二等奖 20%, 三等奖 30%) or by threshold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TiersSpec {
    /// Cumulative shares of the ranked entries, best tier first (adding up to at most 100).
    Quota(Vec<QuotaTier>),
    /// Minimum results, best tier first (each lower than the one before).
    Threshold(Vec<ThresholdTier>),
}

impl TiersSpec {
    /// The tiers as the aggregation applies them (after [`check_settings`]).
    pub fn rule(spec: Option<&Self>) -> Tiers {
        match spec {
            None => Tiers::None,
            Some(Self::Quota(tiers)) => {
                Tiers::Quota(tiers.iter().map(|t| (t.name.clone(), t.percent)).collect())
            }
            Some(Self::Threshold(tiers)) => Tiers::Threshold(
                tiers
                    .iter()
                    .map(|t| {
                        (
                            t.name.clone(),
                            parse_score(&t.min_score, 100).unwrap_or(i64::MAX),
                        )
                    })
                    .collect(),
            ),
        }
    }
}

/// Field errors of a contest's setup.
pub fn check_settings(
    tracks: &[String],
    rounds: Option<&[Round]>,
    tiers: Option<&TiersSpec>,
    (submission_closes_on, judging_closes_on): (Option<NaiveDate>, Option<NaiveDate>),
    notice_working_days: Option<i32>,
    errors: &mut Vec<FieldError>,
) {
    let mut names = std::collections::HashSet::new();
    if tracks.len() > 20 {
        errors.push(FieldError::new(
            "tracks",
            "out_of_range",
            "at most 20 tracks",
        ));
    }
    for (i, track) in tracks.iter().enumerate() {
        lt_http::validation::check_text(&format!("tracks[{i}]"), track, 50, errors);
        if !names.insert(lt_http::validation::trimmed(track)) {
            errors.push(FieldError::new(
                format!("tracks[{i}]"),
                "duplicate",
                "track names differ",
            ));
        }
    }
    if let Some(rounds) = rounds {
        if rounds.is_empty() || rounds.len() > 5 {
            errors.push(FieldError::new("rounds", "out_of_range", "1 to 5 rounds"));
        }
        for (i, round) in rounds.iter().enumerate() {
            lt_http::validation::check_text(&format!("rounds[{i}].name"), &round.name, 50, errors);
            let last = i + 1 == rounds.len();
            match (last, round.advance) {
                (true, Some(_)) => errors.push(FieldError::new(
                    format!("rounds[{i}].advance"),
                    "invalid",
                    "the last round advances no one",
                )),
                (false, None | Some(0)) => errors.push(FieldError::new(
                    format!("rounds[{i}].advance"),
                    "required",
                    "how many entries move on",
                )),
                _ => {}
            }
        }
    }
    match tiers {
        None => {}
        Some(TiersSpec::Quota(tiers)) => {
            if tiers.is_empty() || tiers.len() > 10 {
                errors.push(FieldError::new(
                    "tiers.quota",
                    "out_of_range",
                    "1 to 10 tiers",
                ));
            }
            for (i, t) in tiers.iter().enumerate() {
                lt_http::validation::check_text(
                    &format!("tiers.quota[{i}].name"),
                    &t.name,
                    50,
                    errors,
                );
                if !(1..=100).contains(&t.percent) {
                    errors.push(FieldError::new(
                        format!("tiers.quota[{i}].percent"),
                        "out_of_range",
                        "1 to 100",
                    ));
                }
            }
            if tiers.iter().map(|t| u64::from(t.percent)).sum::<u64>() > 100 {
                errors.push(FieldError::new(
                    "tiers.quota",
                    "out_of_range",
                    "the shares add up to at most 100",
                ));
            }
        }
        Some(TiersSpec::Threshold(tiers)) => {
            if tiers.is_empty() || tiers.len() > 10 {
                errors.push(FieldError::new(
                    "tiers.threshold",
                    "out_of_range",
                    "1 to 10 tiers",
                ));
            }
            let mut previous = i64::MAX;
            for (i, t) in tiers.iter().enumerate() {
                lt_http::validation::check_text(
                    &format!("tiers.threshold[{i}].name"),
                    &t.name,
                    50,
                    errors,
                );
                match parse_score(&t.min_score, 100) {
                    Err(why) => errors.push(FieldError::new(
                        format!("tiers.threshold[{i}].min_score"),
                        "invalid",
                        why,
                    )),
                    Ok(score) if score >= previous => {
                        errors.push(FieldError::new(
                            format!("tiers.threshold[{i}].min_score"),
                            "out_of_range",
                            "lower than the tier before",
                        ));
                    }
                    Ok(score) => previous = score,
                }
            }
        }
    }
    if let (Some(s), Some(j)) = (submission_closes_on, judging_closes_on)
        && j < s
    {
        errors.push(FieldError::new(
            "judging_closes_on",
            "out_of_range",
            "not before submission_closes_on",
        ));
    }
    if let Some(days) = notice_working_days
        && !(5..=30).contains(&days)
    {
        errors.push(FieldError::new(
            "notice_working_days",
            "out_of_range",
            "5 to 30 working days",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test")
    }

    #[test]
    fn windows_out_of_order_and_bad_rounds_are_field_errors() {
        let mut errors = Vec::new();
        let rounds = [
            Round {
                name: "初赛".into(),
                advance: None,
            },
            Round {
                name: "决赛".into(),
                advance: Some(3),
            },
        ];
        check_settings(
            &[],
            Some(&rounds),
            None,
            (Some(day("2026-12-10")), Some(day("2026-12-01"))),
            Some(3),
            &mut errors,
        );
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "rounds[0].advance",
                "rounds[1].advance",
                "judging_closes_on",
                "notice_working_days"
            ]
        );
    }

    #[test]
    fn tiers_are_checked_and_become_rules() {
        let mut errors = Vec::new();
        let quota = TiersSpec::Quota(vec![
            QuotaTier {
                name: "一等奖".into(),
                percent: 60,
            },
            QuotaTier {
                name: "二等奖".into(),
                percent: 50,
            },
        ]);
        check_settings(&[], None, Some(&quota), (None, None), None, &mut errors);
        assert_eq!(errors.len(), 1);
        let threshold = TiersSpec::Threshold(vec![
            ThresholdTier {
                name: "优秀".into(),
                min_score: "90".into(),
            },
            ThresholdTier {
                name: "良好".into(),
                min_score: "75.5".into(),
            },
        ]);
        let mut errors = Vec::new();
        check_settings(
            &["A".into(), "A".into()],
            None,
            Some(&threshold),
            (None, None),
            None,
            &mut errors,
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        match TiersSpec::rule(Some(&threshold)) {
            Tiers::Threshold(t) => {
                assert_eq!(t, vec![("优秀".into(), 9000), ("良好".into(), 7550)])
            }
            _ => panic!("threshold expected"),
        }
    }
}
