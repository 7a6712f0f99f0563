//! Taking part in a campaign, and its progress: persons, departments and families join;
//! progress is computed from the reading logged in the campaign's period, and each caller
//! sees the participants that concern them.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use lt_directory::Directory;
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_optional_text, field_errors, trimmed, unknown_reference};
use lt_http::{ApiError, Created, FieldError, Json, Validate, create_once};
use lt_service::Caller;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::campaigns::CampaignView;
use super::{BASE, utc};
use crate::access::{require_programme, runs_programme};
use crate::domain::goals::{GoalProgress, PersonsTogether, progress, together};
use crate::store::campaigns::{self, kind};

/// Who joins: `person` (the caller, or anyone by the programme), `org_unit` (the programme,
/// or a coordinator for a unit of their subtree), `family` (a cadre's own family).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewParticipant {
    #[schema(pattern = "^(person|org_unit|family)$")]
    pub kind: String,
    /// The person or org unit; default (person, family): the caller.
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub id: Option<String>,
}

impl Validate for NewParticipant {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if ![kind::PERSON, kind::ORG_UNIT, kind::FAMILY].contains(&self.kind.as_str()) {
            errors.push(FieldError::new(
                "kind",
                "invalid",
                "person, org_unit or family",
            ));
        }
        check_optional_text("id", self.id.as_deref(), 100, &mut errors);
        field_errors(errors)
    }
}

/// A participant of a campaign.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ParticipantView {
    pub campaign_id: String,
    /// `person`, `org_unit` or `family` (`id`: the cadre whose family it is).
    pub kind: String,
    pub id: String,
    pub joined_at: DateTime<Utc>,
}

/// Join a campaign, or enter a department or one's family.
#[utoipa::path(post, path = "/api/v1/reading/campaigns/{campaign_id}/participants", tag = "campaigns", security(("bearer" = [])),
    request_body = NewParticipant, params(IdempotencyKeyHeader),
    responses((status = 201, body = ParticipantView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["any signed-in person (themself, their family)", "coordinator (units of their subtree)", "admin", "reading_coordinator"]))))]
pub async fn join(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    req: HttpRequest,
    caller: Caller,
    campaign_id: web::Path<String>,
    body: Json<NewParticipant>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    let me = caller.person_id()?.to_owned();
    let who = request.id.as_deref().map(trimmed).unwrap_or(&me).to_owned();
    match request.kind.as_str() {
        kind::PERSON if who != me => {
            require_programme(&caller)?;
            directory
                .person(&who)
                .await?
                .filter(|p| p.active)
                .ok_or_else(|| unknown_reference("id", "active person"))?;
        }
        kind::FAMILY if who != me => {
            return Err(ApiError::forbidden().with_detail("a cadre enters their own family"));
        }
        kind::ORG_UNIT => {
            directory
                .org_unit(&who)
                .await?
                .ok_or_else(|| unknown_reference("id", "org unit"))?;
            let ancestry = lt_service::ancestry(&directory, Some(who.clone())).await?;
            if !runs_programme(&caller) && !caller.coordinates(&ancestry) {
                return Err(ApiError::forbidden()
                    .with_detail("a unit is entered by its coordinator or the programme"));
            }
        }
        _ => {}
    }
    let id = campaign_id.into_inner();
    create_once(&store, &req, &me.clone(), &request.clone(), move |tx| {
        let campaign = campaigns::find(tx.conn(), &id)?;
        if !campaigns::join(tx, &campaign.id, &request.kind, &who, &me)? {
            return Err(ApiError::new(&lt_http::kinds::CONFLICT).with_detail("takes part already"));
        }
        if request.kind != kind::FAMILY {
            record_event(
                tx,
                "reading.campaign.joined",
                &serde_json::json!({
                    "campaign_id": campaign.id, "kind": request.kind, "id": who,
                }),
            )?;
        }
        let view = ParticipantView {
            campaign_id: campaign.id.clone(),
            kind: request.kind.clone(),
            id: who.clone(),
            joined_at: utc(lt_store::now_utc()),
        };
        Ok(Created {
            location: format!("{BASE}/campaigns/{}/progress", campaign.id),
            version: None,
            body: view,
        })
    })
    .await
}

/// One participant's progress.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ParticipantProgress {
    pub kind: String,
    pub id: String,
    pub progress: GoalProgress,
}

/// Progress of the participants the caller may see, from reading logged in the period: a
/// cadre sees themself and their family; the programme sees units (admins also families),
/// a coordinator the units of their subtree. A person's own figures are theirs: the
/// programme and coordinators (over the person's unit) see them by name only when the
/// person shows their reading (`show_on_leaderboard` in `/me/privacy`), and otherwise only
/// folded into `others`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CampaignProgress {
    pub campaign: CampaignView,
    pub participants: Vec<ParticipantProgress>,
    /// The persons taking part whom the caller oversees but may not see one by one.
    pub others: Option<PersonsTogether>,
}

/// A campaign's progress.
#[utoipa::path(get, path = "/api/v1/reading/campaigns/{campaign_id}/progress", tag = "campaigns", security(("bearer" = [])),
    responses((status = 200, body = CampaignProgress), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person (themself, their family)", "coordinator (their subtree)", "admin", "reading_coordinator"]))))]
pub async fn progress_of(
    store: web::Data<Store>,
    caller: Caller,
    campaign_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let (programme, admin, coordinated) = (
        runs_programme(&caller),
        caller.is_admin(),
        caller.coordinated_unit().map(str::to_owned),
    );
    let id = campaign_id.into_inner();
    let view = store
        .read(move |conn| -> Result<_, ApiError> {
            let campaign = campaigns::find(conn, &id)?;
            let goal = campaign.goal();
            let (from, to) = (campaign.starts_on, campaign.ends_on);
            let subtree = match &coordinated {
                Some(root) => lt_directory::local::subtree(conn, root)?,
                None => Vec::new(),
            };
            let all = campaigns::participants(conn, &campaign.id)?;
            let showing = campaigns::showing_reading(conn, &all)?;
            let mut participants = Vec::new();
            let mut folded = Vec::new();
            for p in all {
                let done = match p.kind.as_str() {
                    kind::PERSON => {
                        let unit = lt_directory::local::person(conn, &p.participant_id)?
                            .and_then(|x| x.org_unit_id);
                        let oversees = programme || unit.is_some_and(|u| subtree.contains(&u));
                        let named = p.participant_id == me
                            || (oversees && showing.contains(&p.participant_id));
                        if !named && !oversees {
                            continue;
                        }
                        let done = campaigns::done_by_person(
                            conn,
                            &p.participant_id,
                            from,
                            to,
                            true,
                            false,
                        )?;
                        if !named {
                            folded.push(done);
                            continue;
                        }
                        done
                    }
                    kind::ORG_UNIT => {
                        if !(programme || subtree.contains(&p.participant_id)) {
                            continue;
                        }
                        let units = lt_directory::local::subtree(conn, &p.participant_id)?;
                        campaigns::done_by_units(conn, &units, from, to)?
                    }
                    _ => {
                        if !(admin || p.participant_id == me) {
                            continue;
                        }
                        campaigns::done_by_person(conn, &p.participant_id, from, to, true, true)?
                    }
                };
                participants.push(ParticipantProgress {
                    kind: p.kind,
                    id: p.participant_id,
                    progress: progress(&goal, done),
                });
            }
            Ok(CampaignProgress {
                others: together(&goal, &folded),
                campaign: CampaignView::from(campaign),
                participants,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![join, progress_of]
}
