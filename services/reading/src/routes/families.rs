//! `/api/v1/reading/family-members` and family challenges: learning families (学习型家庭).
//! A cadre registers family members with the least data that serves (relation, display
//! name, birth year) and their consent; logs reading for several at once; sets challenges.
//! Removing a member deletes their data. Only the cadre and admins see a family.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Datelike, Utc};
use lt_http::Endpoints;
use lt_http::idempotency::IdempotencyKeyHeader;
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::validation::{check_range, check_text, field_errors, trimmed};
use lt_http::{ApiError, Created, FieldError, Json, Validate, create_once};
use lt_service::Caller;

use crate::access;
use lt_store::{Store, record_event};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::stats::{PeriodQuery, StatsView, stats_of};
use super::{BASE, utc};
use crate::store::families::{self, MemberRow};
use crate::store::{campaigns, challenges, logs};

/// Most members one family registers.
pub const MAX_MEMBERS: usize = 10;

/// How a member is related to the cadre.
pub const RELATIONS: [&str; 4] = ["spouse", "child", "parent", "other"];

/// A family member.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct MemberView {
    pub id: String,
    /// `spouse`, `child`, `parent` or `other`.
    pub relation: String,
    pub display_name: String,
    pub birth_year: i32,
    /// When consent to keep this member's reading was given.
    pub consent_at: DateTime<Utc>,
}

impl From<MemberRow> for MemberView {
    fn from(row: MemberRow) -> Self {
        Self {
            consent_at: utc(row.consent_at),
            id: row.id,
            relation: row.relation,
            display_name: row.display_name,
            birth_year: row.birth_year,
        }
    }
}

/// A member to register.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMember {
    #[schema(pattern = "^(spouse|child|parent|other)$")]
    pub relation: String,
    /// What the family calls them (a nickname will do).
    #[schema(min_length = 1, max_length = 30, pattern = "\\S")]
    pub display_name: String,
    #[serde(deserialize_with = "lt_http::extract::integer")]
    #[schema(minimum = 1900, maximum = 2100)]
    pub birth_year: i32,
    /// The member (or, for a child, their guardian) agrees that their reading is kept.
    /// Must be true.
    pub consent: bool,
}

impl Validate for NewMember {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if !RELATIONS.contains(&self.relation.as_str()) {
            errors.push(FieldError::new(
                "relation",
                "invalid",
                "spouse, child, parent or other",
            ));
        }
        check_text("display_name", &self.display_name, 30, &mut errors);
        check_range(
            "birth_year",
            self.birth_year,
            1900..=lt_programme::today().year(),
            &mut errors,
        );
        if !self.consent {
            errors.push(FieldError::new(
                "consent",
                "required",
                "a member's reading is kept only with consent",
            ));
        }
        field_errors(errors)
    }
}

/// Register a family member (with consent).
#[utoipa::path(post, path = "/api/v1/reading/family-members", tag = "families", security(("bearer" = [])),
    request_body = NewMember, params(IdempotencyKeyHeader),
    responses((status = 201, body = MemberView, headers(("Location" = String))), WriteErrors),
    extensions(("x-roles" = json!(["any signed-in person (their family)"]))))]
pub async fn add(
    store: web::Data<Store>,
    req: HttpRequest,
    caller: Caller,
    body: Json<NewMember>,
) -> Result<HttpResponse, ApiError> {
    let person = caller.person_id()?.to_owned();
    let request = body.into_inner();
    create_once(&store, &req, &person.clone(), &request.clone(), move |tx| {
        // One family's members take turns (the limit is read, then written against).
        lt_store::next_change_seq(tx, &format!("family-of:{person}"))?;
        if families::family_of(tx.conn(), &person)?.len() >= MAX_MEMBERS {
            return Err(ApiError::validation(vec![FieldError::new(
                "relation",
                "too_many",
                format!("at most {MAX_MEMBERS} family members"),
            )]));
        }
        let row = families::insert(
            tx,
            &person,
            &request.relation,
            trimmed(&request.display_name),
            request.birth_year,
        )?;
        let view = MemberView::from(row);
        Ok(Created {
            location: format!("{BASE}/family-members/{}", view.id),
            version: None,
            body: view,
        })
    })
    .await
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FamilyQuery {
    /// An admin reads a cadre's family; default: the caller's.
    pub person_id: Option<String>,
}

/// The caller's family (an admin: any cadre's, with `person_id`).
#[utoipa::path(get, path = "/api/v1/reading/family-members", tag = "families", security(("bearer" = [])),
    params(FamilyQuery), responses((status = 200, body = [MemberView]), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person (their family)", "admin"]))))]
pub async fn list(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<FamilyQuery>,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let whose = query.into_inner().person_id.unwrap_or(me);
    if !access::sees_family_of(&caller, &whose) {
        return Err(ApiError::not_found());
    }
    let views = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(families::family_of(conn, &whose)?
                .into_iter()
                .map(MemberView::from)
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(views))
}

/// The member `id` of the caller's family (admins: of any family); 404 otherwise.
async fn member_of(store: &Store, caller: &Caller, id: String) -> Result<MemberRow, ApiError> {
    let caller = caller.clone();
    store
        .read(move |conn| -> Result<_, ApiError> {
            let row = families::find(conn, &id)?;
            if access::sees_family_of(&caller, &row.person_id) {
                Ok(row)
            } else {
                Err(ApiError::not_found())
            }
        })
        .await
}

/// Remove a family member and everything kept about them: their share of logs (a log only
/// they read goes), their place in challenges.
#[utoipa::path(delete, path = "/api/v1/reading/family-members/{member_id}", tag = "families", security(("bearer" = [])),
    responses((status = 204), WriteErrors),
    extensions(("x-roles" = json!(["any signed-in person (their family)"]))))]
pub async fn remove(
    store: web::Data<Store>,
    caller: Caller,
    member_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let me = caller.person_id()?.to_owned();
    let row = member_of(&store, &caller, member_id.into_inner()).await?;
    if row.person_id != me {
        return Err(ApiError::forbidden().with_detail("a cadre removes their own family members"));
    }
    store
        .write(move |tx| -> Result<(), ApiError> {
            lt_store::next_change_seq(tx, &format!("family-of:{}", row.person_id))?;
            logs::forget_member(tx, &row.person_id, &row.id)?;
            challenges::drop_reader(tx, &row.person_id, &row.id)?;
            families::delete(tx, &row.id)?;
            if families::family_of(tx.conn(), &row.person_id)?.is_empty() {
                campaigns::leave_all(tx, campaigns::kind::FAMILY, &row.person_id)?;
            }
            record_event(
                tx,
                "reading.family_member.removed",
                &serde_json::json!({"person_id": row.person_id}),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A family member's reading in a period.
#[utoipa::path(get, path = "/api/v1/reading/family-members/{member_id}/stats", tag = "families", security(("bearer" = [])),
    params(PeriodQuery), responses((status = 200, body = StatsView), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person (their family)", "admin"]))))]
pub async fn stats(
    store: web::Data<Store>,
    caller: Caller,
    member_id: web::Path<String>,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let period = query.resolve()?;
    let row = member_of(&store, &caller, member_id.into_inner()).await?;
    let view = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(stats_of(conn, &row.person_id, &row.id, period)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![add, list, remove, stats]
}
