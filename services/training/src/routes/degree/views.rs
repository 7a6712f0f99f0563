//! What `degree` reads and answers: request and view types.

use super::*;

/// One step of a record's trail.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct TrailEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub reason: Option<String>,
}

pub(crate) fn trail(
    conn: &mut lt_store::DbConnection,
    target: &str,
) -> Result<Vec<TrailEntry>, ApiError> {
    Ok(audit::for_target(conn, target)?
        .into_iter()
        .map(|row| TrailEntry {
            reason: serde_json::from_str::<serde_json::Value>(&row.details)
                .ok()
                .and_then(|d| d.get("reason").and_then(|r| r.as_str()).map(str::to_owned)),
            at: utc(row.at),
            actor: row.actor,
            action: row.action,
        })
        .collect())
}

/// An application for in-service degree study.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApplicationView {
    pub id: String,
    pub person_id: String,
    pub org_unit_id: Option<String>,
    pub programme: String,
    pub institution: String,
    pub level: DegreeLevel,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// `submitted` → `coordinator_approved` → `approved`; or `rejected`.
    pub status: String,
    pub decision_reason: Option<String>,
    /// Every decision, oldest first.
    pub trail: Vec<TrailEntry>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) fn application_view(
    conn: &mut lt_store::DbConnection,
    row: ApplicationRow,
) -> Result<ApplicationView, ApiError> {
    Ok(ApplicationView {
        level: DegreeLevel::parse(&row.level)
            .ok_or_else(|| anyhow::anyhow!("invalid degree level"))?,
        trail: trail(conn, &row.id)?,
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
        id: row.id,
        person_id: row.person_id,
        org_unit_id: row.org_unit_id,
        programme: row.programme,
        institution: row.institution,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        status: row.status,
        decision_reason: row.decision_reason,
        version: row.version,
    })
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationRequest {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub programme: String,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub institution: String,
    pub level: DegreeLevel,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl Validate for ApplicationRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("programme", &self.programme, 200, &mut errors);
        check_text("institution", &self.institution, 200, &mut errors);
        if self.ends_on <= self.starts_on {
            errors.push(FieldError::new(
                "ends_on",
                "out_of_range",
                "must be after starts_on",
            ));
        }
        if !(2000..=2100).contains(&self.starts_on.year())
            || !(2000..=2100).contains(&self.ends_on.year())
        {
            errors.push(FieldError::new(
                "starts_on",
                "out_of_range",
                "days between 2000 and 2100",
            ));
        }
        field_errors(errors)
    }
}
