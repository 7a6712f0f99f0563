//! What an entry looks like to whoever may see it: in full to its members and organisers,
//! without identity to a judge of a blind contest; attachments as metadata.

use chrono::{DateTime, Utc};
use lt_http::validation::check_text;
use lt_http::{ApiError, FieldError};
use lt_service::Caller;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::super::utc;
use crate::access::Runner;
use crate::store::contests::{self, ContestRow};
use crate::store::entries::{self, EntryRow};
use crate::store::{from_json_text, panel};

/// An attachment, as metadata: the file itself lives where `url` points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: String,
    /// Bytes.
    #[schema(minimum = 0, maximum = 1073741824)]
    pub size: i64,
    /// SHA-256 of the file, lowercase hex.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub sha256: String,
    #[schema(min_length = 8, max_length = 1000, pattern = "^https?://")]
    pub url: String,
}

/// Who the entry is by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntrantKind {
    /// The caller alone.
    #[default]
    Person,
    /// The caller and `team_member_ids`.
    Team,
    /// The caller's department (coordinators only).
    Department,
}

impl EntrantKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Team => "team",
            Self::Department => "department",
        }
    }
}

/// An entry. For a judge of a blind contest the entrant's identity (`person_id`,
/// `members`, `org_unit_id`) is absent.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct EntryView {
    pub id: String,
    pub contest_id: String,
    pub track: Option<String>,
    pub title: String,
    pub summary: String,
    pub entrant_kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
    /// The author and the team members who confirmed: those whose record holds the entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<String>>,
    /// Team members named by the author who have not confirmed yet
    /// (`PUT /entries/{entry_id}/membership`); they are not members until they do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_members: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_unit_id: Option<String>,
    pub attachments: Vec<Attachment>,
    /// `draft`, `submitted`, `withdrawn` or `disqualified`.
    pub status: String,
    /// Why it was disqualified.
    pub status_reason: Option<String>,
    /// The last round the entry takes part in.
    pub round_no: i32,
    pub submitted_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl EntryView {
    pub fn of(row: EntryRow) -> Result<Self, ApiError> {
        Ok(Self {
            members: Some(from_json_text(&row.members)?),
            pending_members: Some(from_json_text(&row.pending_members)?),
            attachments: from_json_text(&row.attachments)?,
            submitted_at: row.submitted_at.map(utc),
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
            person_id: Some(row.person_id),
            org_unit_id: row.org_unit_id,
            id: row.id,
            contest_id: row.contest_id,
            track: row.track,
            title: row.title,
            summary: row.summary,
            entrant_kind: row.entrant_kind,
            status: row.status,
            status_reason: row.status_reason,
            round_no: row.round_no,
            version: row.version,
        })
    }

    /// The view a judge gets: without identity in a blind contest.
    pub fn for_judge(row: EntryRow, blind: bool) -> Result<Self, ApiError> {
        let mut view = Self::of(row)?;
        if blind {
            view.person_id = None;
            view.members = None;
            view.pending_members = None;
            view.org_unit_id = None;
        }
        Ok(view)
    }

    /// Whether the person is named on the entry and has yet to confirm.
    pub fn is_named(&self, person_id: &str) -> bool {
        self.pending_members
            .as_ref()
            .is_some_and(|m| m.iter().any(|p| p == person_id))
    }

    pub fn belongs_to(&self, person_id: &str) -> bool {
        self.members
            .as_ref()
            .is_some_and(|m| m.iter().any(|p| p == person_id))
    }
}

pub fn check_attachments(attachments: &[Attachment], errors: &mut Vec<FieldError>) {
    if attachments.len() > 20 {
        errors.push(FieldError::new(
            "attachments",
            "out_of_range",
            "at most 20 attachments",
        ));
    }
    for (i, a) in attachments.iter().enumerate() {
        check_text(&format!("attachments[{i}].name"), &a.name, 200, errors);
        if !(0..=1 << 30).contains(&a.size) {
            errors.push(FieldError::new(
                format!("attachments[{i}].size"),
                "out_of_range",
                "0 to 1 GiB",
            ));
        }
        if a.sha256.len() != 64
            || !a
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            errors.push(FieldError::new(
                format!("attachments[{i}].sha256"),
                "invalid",
                "64 lowercase hex digits",
            ));
        }
        if !(a.url.starts_with("https://") || a.url.starts_with("http://"))
            || a.url.len() > 1000
            || a.url.chars().any(char::is_whitespace)
        {
            errors.push(FieldError::new(
                format!("attachments[{i}].url"),
                "invalid",
                "an http(s) link",
            ));
        }
    }
}

/// An entry as the caller may see it: its members and organisers in full, a judge assigned
/// to it without identity in a blind contest; anyone else 404.
pub fn visible_entry(
    conn: &mut lt_store::DbConnection,
    caller: &Caller,
    id: &str,
) -> Result<(EntryView, ContestRow), ApiError> {
    let row = entries::find(conn, id)?;
    let contest = contests::find(conn, &row.contest_id)?;
    if Runner::of(caller).runs(conn, &contest)? {
        return Ok((EntryView::of(row)?, contest));
    }
    let me = caller.person_id()?.to_owned();
    let view = EntryView::of(row.clone())?;
    if view.belongs_to(&me) || view.is_named(&me) {
        return Ok((view, contest));
    }
    let assigned = panel::assignment(conn, &contest.id, contest.round_no, id, &me)?
        .is_some_and(|a| a.status == panel::status::ASSIGNED);
    if assigned {
        return Ok((EntryView::for_judge(row, contest.blind)?, contest));
    }
    Err(ApiError::not_found())
}
