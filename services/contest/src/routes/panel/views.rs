//! What `panel` reads and answers: request and view types.

use super::*;

/// A judge of a round.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct JudgeView {
    pub contest_id: String,
    pub round_no: i32,
    pub person_id: String,
    pub name: Option<String>,
    pub trainee: bool,
    pub org_unit_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A judge to add to the round being judged.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewJudge {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub person_id: String,
    /// A trainee's sheets are kept, never counted.
    #[serde(default)]
    pub trainee: bool,
}

impl Validate for NewJudge {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("person_id", &self.person_id, 100, &mut errors);
        field_errors(errors)
    }
}
