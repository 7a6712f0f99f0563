//! What `enrolments` reads and answers: request and view types.

use super::*;

/// An enrolment of a cadre in a session.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct EnrolmentView {
    pub id: String,
    pub session_id: String,
    pub course_id: String,
    pub person_id: String,
    /// The cadre's org unit when they enrolled (reports by department use it).
    pub org_unit_id: Option<String>,
    /// `self`, `organiser` or `assigned` (分批调训: enrolled outside the self-enrolment seats).
    pub source: String,
    /// `enrolled` | `waitlisted` | `withdrawn` | `completed`.
    pub status: String,
    /// 1 for the next to be promoted; present while waitlisted.
    pub waitlist_position: Option<i64>,
    /// The session's status, `scheduled` or `cancelled`: a cancelled session keeps its
    /// enrolments with their status, so the phone shows this to say it is off.
    pub session_status: String,
    pub attendance: Option<Attendance>,
    pub checked_in_at: Option<DateTime<Utc>>,
    /// Approved leave so far.
    pub leave_hours: Hours,
    pub assessment_passed: Option<bool>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawal_reason: Option<String>,
    pub completed_at: Option<DateTime<Utc>>,
    /// Hours credited on completion (after conversion and caps).
    pub hours_credited: Option<Hours>,
    /// Verifies the completion publicly: `GET /api/v1/training/certificates/{code}`.
    pub certificate_code: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The view of an enrolment, with its waitlist position.
pub fn view(conn: &mut DbConnection, row: EnrolmentRow) -> Result<EnrolmentView, ApiError> {
    let waitlist_position = match (row.status.as_str(), row.waitlist_number) {
        (status::WAITLISTED, Some(number)) => Some(enrolments::waitlist_position(
            conn,
            &row.session_id,
            number,
        )?),
        _ => None,
    };
    let session_status = sessions::status_of(conn, &row.session_id)?;
    Ok(EnrolmentView {
        attendance: row.attendance.as_deref().and_then(Attendance::parse),
        checked_in_at: row.checked_in_at.map(utc),
        leave_hours: Hours(row.leave_hours),
        withdrawn_at: row.withdrawn_at.map(utc),
        completed_at: row.completed_at.map(utc),
        hours_credited: row.hours_credited.map(Hours),
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
        waitlist_position,
        session_status,
        id: row.id,
        session_id: row.session_id,
        course_id: row.course_id,
        person_id: row.person_id,
        org_unit_id: row.org_unit_id,
        source: row.source,
        status: row.status,
        assessment_passed: row.assessment_passed,
        withdrawal_reason: row.withdrawal_reason,
        certificate_code: row.certificate_code,
        version: row.version,
    })
}

/// `{}` enrols the caller; `{"person_id": …}` lets an organiser or admin enrol someone.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrolmentRequest {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub person_id: Option<String>,
}

impl Validate for EnrolmentRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Some(person) = &self.person_id {
            check_text("person_id", person, 100, &mut errors);
        }
        field_errors(errors)
    }
}
