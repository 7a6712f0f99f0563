//! What `contests` reads and answers: request and view types.

use super::*;
use lt_store::read_stored;

/// A contest.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ContestView {
    pub id: String,
    pub title: String,
    pub kind: ContestKind,
    pub mechanism: Mechanism,
    pub key_project: Option<KeyProject>,
    pub description: Option<String>,
    pub aggregation: Aggregation,
    pub tiers: Option<TiersSpec>,
    /// Judges see no entrant identity.
    pub blind: bool,
    pub tracks: Vec<String>,
    pub rounds: Vec<Round>,
    /// The round being judged (1-based).
    pub round_no: i32,
    pub phase: Phase,
    pub submission_closes_on: Option<NaiveDate>,
    pub judging_closes_on: Option<NaiveDate>,
    /// 公示's length in working days.
    pub notice_working_days: i32,
    pub notice_starts_on: Option<NaiveDate>,
    /// The last day of 公示 (on the working-day calendar), once in 公示.
    pub notice_ends_on: Option<NaiveDate>,
    pub early_final_reason: Option<String>,
    /// Locked at the first submitted sheet.
    pub rubric_locked: bool,
    pub org_unit_id: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<ContestRow> for ContestView {
    type Error = ApiError;
    fn try_from(row: ContestRow) -> Result<Self, ApiError> {
        let corrupt = |what: &str| anyhow::anyhow!("contest {}: stored {what} unreadable", row.id);
        Ok(Self {
            kind: ContestKind::parse(&row.kind).ok_or_else(|| corrupt("kind"))?,
            mechanism: read_stored("mechanism", &row.mechanism)?,
            key_project: row
                .key_project
                .as_deref()
                .map(|k| read_stored("key_project", k))
                .transpose()?,
            aggregation: Aggregation::parse(&row.aggregation)
                .ok_or_else(|| corrupt("aggregation"))?,
            tiers: from_json_text(&row.tiers)?,
            tracks: from_json_text(&row.tracks)?,
            rounds: from_json_text(&row.rounds)?,
            phase: Phase::parse(&row.phase).ok_or_else(|| corrupt("phase"))?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
            id: row.id,
            title: row.title,
            description: row.description,
            blind: row.blind,
            round_no: row.round_no,
            submission_closes_on: row.submission_closes_on,
            judging_closes_on: row.judging_closes_on,
            notice_working_days: row.notice_working_days,
            notice_starts_on: row.notice_starts_on,
            notice_ends_on: row.notice_ends_on,
            early_final_reason: row.early_final_reason,
            rubric_locked: row.rubric_locked,
            org_unit_id: row.org_unit_id,
            version: row.version,
        })
    }
}

/// A new contest. Absent: one round, no tracks, no tiers, not blind, 公示 of 5 working days,
/// no dated windows (each phase lasts until the organiser moves on).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewContest {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: String,
    pub kind: ContestKind,
    pub mechanism: Mechanism,
    pub aggregation: Aggregation,
    pub key_project: Option<KeyProject>,
    #[schema(min_length = 1, max_length = 4000, pattern = "\\S")]
    pub description: Option<String>,
    pub tiers: Option<TiersSpec>,
    #[serde(default)]
    pub blind: bool,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub tracks: Vec<String>,
    #[schema(min_items = 1, max_items = 5)]
    pub rounds: Option<Vec<Round>>,
    pub submission_closes_on: Option<NaiveDate>,
    pub judging_closes_on: Option<NaiveDate>,
    /// At least 5 (the default), at most 30.
    #[schema(minimum = 5, maximum = 30)]
    pub notice_working_days: Option<i32>,
}

impl NewContest {
    pub(super) fn fields(&self) -> Result<ContestFields, ApiError> {
        let rounds = self.rounds.clone().unwrap_or_else(|| vec![Round::single()]);
        Ok(ContestFields {
            title: trimmed(&self.title).to_owned(),
            kind: self.kind.as_str().to_owned(),
            mechanism: enum_text(&self.mechanism)?,
            key_project: self.key_project.as_ref().map(enum_text).transpose()?,
            description: self.description.clone(),
            aggregation: self.aggregation.as_str().to_owned(),
            tiers: to_json_text(&self.tiers)?,
            blind: self.blind,
            tracks: to_json_text(
                &self
                    .tracks
                    .iter()
                    .map(|t| trimmed(t).to_owned())
                    .collect::<Vec<_>>(),
            )?,
            rounds: to_json_text(&rounds)?,
            submission_closes_on: self.submission_closes_on,
            judging_closes_on: self.judging_closes_on,
            notice_working_days: self.notice_working_days.unwrap_or(5),
        })
    }
}

/// A serde enum's wire text.
pub fn enum_text(value: &impl Serialize) -> Result<String, ApiError> {
    match serde_json::to_value(value).map_err(|e| anyhow::anyhow!("{e}"))? {
        serde_json::Value::String(s) => Ok(s),
        other => Err(anyhow::anyhow!("not a text enum: {other}").into()),
    }
}

impl Validate for NewContest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("title", &self.title, 200, &mut errors);
        check_optional_text(
            "description",
            self.description.as_deref(),
            4000,
            &mut errors,
        );
        check_settings(
            &self.tracks,
            self.rounds.as_deref(),
            self.tiers.as_ref(),
            (self.submission_closes_on, self.judging_closes_on),
            self.notice_working_days,
            &mut errors,
        );
        field_errors(errors)
    }
}
