//! `/api/v1/identity/people`: people in the directory, with rank history. Read by admins,
//! by services with `directory:read`, and by each person for their own record; changed by
//! admins (audited). Deactivating a person revokes their refresh tokens.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use lt_auth::AuthUser;
use lt_http::Endpoints;
use lt_http::idempotency::{IdempotencyKeyHeader, IfMatchHeader};
use lt_http::openapi::{ReadErrors, WriteErrors};
use lt_http::{
    ApiError, ChangesPage, ChangesQuery, Created, FieldError, IfMatch, Json, Page, PageQuery,
    Validate, create_once, etag,
};
use lt_store::{Store, WriteTx};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::directory::{Provider, require_directory_admin, require_directory_reader};
use crate::store::people::{self, PersonFields, PersonRow, RankEntry};
use crate::store::{audit, org_units, refresh_tokens};
use lt_http::validation::{check_text, field_errors, referenced};

const BASE: &str = "/api/v1/identity/people";

/// A person in the directory.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonView {
    pub id: String,
    /// Id in the OA system, when synced from it.
    pub external_id: Option<String>,
    pub employee_no: String,
    pub name: String,
    pub org_unit_id: Option<String>,
    /// Current rank (职级), as the OA system names it.
    pub rank: String,
    /// For age bands; nothing finer is kept.
    pub birth_year: Option<i32>,
    /// For organisers: the institution they work for.
    pub provider: Option<Provider>,
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<PersonRow> for PersonView {
    fn from(row: PersonRow) -> Self {
        Self {
            provider: row.provider.as_deref().and_then(Provider::parse),
            id: row.id,
            external_id: row.external_id,
            employee_no: row.employee_no,
            name: row.name,
            org_unit_id: row.org_unit_id,
            rank: row.rank,
            birth_year: row.birth_year,
            active: row.active,
            version: row.version,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        }
    }
}

/// A rank held from a date (职级 history).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct RankPeriod {
    pub rank: String,
    pub effective_from: NaiveDate,
}

/// A person with their rank history.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonDetail {
    #[serde(flatten)]
    pub person: PersonView,
    pub rank_history: Vec<RankPeriod>,
    /// The roles of a person with an account (in the changes feed only; absent for people
    /// without one): the services' directory copies refuse a token's role once it is taken
    /// away, without waiting for the token to expire.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
}

fn detail(row: PersonRow, history: Vec<RankEntry>) -> PersonDetail {
    PersonDetail {
        roles: None,
        person: row.into(),
        rank_history: history
            .into_iter()
            .map(|h| RankPeriod {
                rank: h.rank,
                effective_from: h.effective_from,
            })
            .collect(),
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPersonRequest {
    #[schema(min_length = 1, max_length = 50, pattern = "\\S")]
    pub employee_no: String,
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: String,
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub org_unit_id: String,
    #[schema(min_length = 1, max_length = 64, pattern = "\\S")]
    pub rank: String,
    /// When the current rank took effect (default: today, Asia/Shanghai).
    pub rank_effective_from: Option<NaiveDate>,
    #[serde(default, deserialize_with = "lt_http::extract::optional_integer")]
    #[schema(minimum = 1930, maximum = 2015)]
    pub birth_year: Option<i32>,
    pub provider: Option<Provider>,
    #[serde(default)]
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub external_id: Option<String>,
}

fn check_birth_year(year: Option<i32>, errors: &mut Vec<FieldError>) {
    if let Some(year) = year
        && !(1930..=2015).contains(&year)
    {
        errors.push(FieldError::new(
            "birth_year",
            "out_of_range",
            "between 1930 and 2015",
        ));
    }
}

impl Validate for NewPersonRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_text("employee_no", &self.employee_no, 50, &mut errors);
        check_text("name", &self.name, 100, &mut errors);
        check_text("org_unit_id", &self.org_unit_id, 100, &mut errors);
        check_text("rank", &self.rank, 64, &mut errors);
        check_birth_year(self.birth_year, &mut errors);
        if let Some(external_id) = &self.external_id {
            check_text("external_id", external_id, 100, &mut errors);
        }
        field_errors(errors)
    }
}

/// Fields to change; absent fields stay. A new `rank` is recorded in the history from
/// `rank_effective_from` (default today).
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonChanges {
    #[serde(default)]
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: Option<String>,
    pub org_unit_id: Option<String>,
    #[serde(default)]
    #[schema(min_length = 1, max_length = 64, pattern = "\\S")]
    pub rank: Option<String>,
    pub rank_effective_from: Option<NaiveDate>,
    #[serde(default, deserialize_with = "lt_http::extract::optional_integer")]
    #[schema(minimum = 1930, maximum = 2015)]
    pub birth_year: Option<i32>,
    pub provider: Option<Provider>,
    pub active: Option<bool>,
}

impl Validate for PersonChanges {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Some(name) = &self.name {
            check_text("name", name, 100, &mut errors);
        }
        if let Some(rank) = &self.rank {
            check_text("rank", rank, 64, &mut errors);
        }
        check_birth_year(self.birth_year, &mut errors);
        field_errors(errors)
    }
}

fn require_unit(tx: &mut WriteTx<'_>, id: &str) -> Result<(), ApiError> {
    org_units::find(tx.conn(), id)
        .map(|_| ())
        .map_err(referenced("org_unit_id", "org unit"))
}

/// Applies a person update in the caller's transaction; revokes refresh tokens on deactivation.
pub fn apply_update(
    tx: &mut WriteTx<'_>,
    current: &PersonRow,
    fields: &PersonFields,
    rank_effective_from: NaiveDate,
) -> Result<PersonRow, ApiError> {
    let row = people::update(tx, current, fields, rank_effective_from)?
        .ok_or_else(|| ApiError::new(&lt_http::kinds::PRECONDITION_FAILED))?;
    if current.active && !row.active {
        refresh_tokens::revoke_all_for_person(tx, &row.id)?;
    }
    Ok(row)
}

/// Add a person to the directory.
#[utoipa::path(post, path = "/api/v1/identity/people", tag = "directory", security(("bearer" = [])),
    request_body = NewPersonRequest,
    params(IdempotencyKeyHeader),
    responses((status = 201, body = PersonView, headers(("Location" = String), ("ETag" = String))), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn create(
    store: web::Data<Store>,
    req: HttpRequest,
    user: AuthUser,
    body: Json<NewPersonRequest>,
) -> Result<HttpResponse, ApiError> {
    require_directory_admin(&user)?;
    let request = body.into_inner();
    let actor = user.subject().into_owned();
    create_once(&store, &req, &actor.clone(), &request.clone(), move |tx| {
        require_unit(tx, &request.org_unit_id)?;
        let fields = PersonFields {
            employee_no: lt_http::validation::trimmed(&request.employee_no).to_owned(),
            name: lt_http::validation::trimmed(&request.name).to_owned(),
            org_unit_id: Some(request.org_unit_id.clone()),
            rank: lt_http::validation::trimmed(&request.rank).to_owned(),
            birth_year: request.birth_year,
            provider: request.provider.map(|p| p.as_str().to_owned()),
            active: true,
        };
        let effective = request
            .rank_effective_from
            .unwrap_or_else(lt_programme::today);
        let row = people::insert(tx, request.external_id.as_deref(), &fields, effective)?;
        audit::record(
            tx,
            &actor,
            "person.created",
            &row.id,
            &serde_json::json!({ "employee_no": row.employee_no }),
        )?;
        Ok(Created {
            location: format!("{BASE}/{}", row.id),
            version: Some(row.version),
            body: PersonView::from(row),
        })
    })
    .await
}

/// Read a person with their rank history (admins, `directory:read`, or the person).
#[utoipa::path(get, path = "/api/v1/identity/people/{id}", tag = "directory", security(("bearer" = [])),
    responses((status = 200, body = PersonDetail, headers(("ETag" = String))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:directory:read", "the person themself"]))))]
pub async fn read(
    store: web::Data<Store>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    if user.person_id() != Some(id.as_str()) && require_directory_reader(&user).is_err() {
        return Err(ApiError::not_found()); // not allowed looks like not there
    }
    let (row, history): (PersonRow, Vec<RankEntry>) = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok((people::find(conn, &id)?, people::rank_history(conn, &id)?))
        })
        .await?;
    let version = row.version;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(version)))
        .json(detail(row, history)))
}

/// Change a person (move, promote, deactivate). Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/identity/people/{id}", tag = "directory", security(("bearer" = [])),
    request_body = PersonChanges,
    params(IfMatchHeader),
    responses((status = 200, body = PersonView), WriteErrors),
    extensions(("x-roles" = json!(["admin"]))))]
pub async fn update(
    store: web::Data<Store>,
    user: AuthUser,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<PersonChanges>,
) -> Result<HttpResponse, ApiError> {
    require_directory_admin(&user)?;
    let precondition = if_match.required()?.clone();
    let (id, changes, actor) = (
        id.into_inner(),
        body.into_inner(),
        user.subject().into_owned(),
    );
    let row = store
        .write(move |tx| {
            let current = people::find(tx.conn(), &id)?;
            precondition.check(current.version)?;
            if let Some(unit) = &changes.org_unit_id {
                require_unit(tx, unit)?;
            }
            let mut fields = PersonFields::of(&current);
            if let Some(name) = &changes.name {
                fields.name = lt_http::validation::trimmed(name).to_owned();
            }
            if let Some(unit) = &changes.org_unit_id {
                fields.org_unit_id = Some(unit.clone());
            }
            if let Some(rank) = &changes.rank {
                fields.rank = lt_http::validation::trimmed(rank).to_owned();
            }
            if changes.birth_year.is_some() {
                fields.birth_year = changes.birth_year;
            }
            if let Some(provider) = changes.provider {
                fields.provider = Some(provider.as_str().to_owned());
            }
            if let Some(active) = changes.active {
                fields.active = active;
            }
            let effective = changes
                .rank_effective_from
                .unwrap_or_else(lt_programme::today);
            let row = apply_update(tx, &current, &fields, effective)?;
            audit::record(tx, &actor, "person.updated", &id, &changes)?;
            Ok::<_, ApiError>(row)
        })
        .await?;
    let version = row.version;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(version)))
        .json(PersonView::from(row)))
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleFilter {
    /// Only people in this org unit (not its sub-units).
    pub org_unit_id: Option<String>,
}

/// List people in creation order (admins and `directory:read`).
#[utoipa::path(get, path = "/api/v1/identity/people", tag = "directory", security(("bearer" = [])),
    params(PageQuery, PeopleFilter), responses((status = 200, body = Page<PersonView>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:directory:read"]))))]
pub async fn list(
    store: web::Data<Store>,
    user: AuthUser,
    query: web::Query<PageQuery>,
    filter: web::Query<PeopleFilter>,
) -> Result<HttpResponse, ApiError> {
    require_directory_reader(&user)?;
    let page = query.resolve()?;
    let org_unit = filter.into_inner().org_unit_id;
    let rows = store
        .read(move |conn| -> Result<_, ApiError> {
            Ok(people::list(
                conn,
                page.after,
                page.fetch(),
                org_unit.as_deref(),
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, page, |r| r.seq, PersonView::from)))
}

/// People changed since a cursor or instant, with tombstones and each person's whole rank
/// history, so a service's local copy knows when a cadre was promoted (admins and
/// `directory:read`).
#[utoipa::path(get, path = "/api/v1/identity/people/changes", tag = "directory", security(("bearer" = [])),
    params(ChangesQuery), responses((status = 200, body = ChangesPage<PersonDetail>), ReadErrors),
    extensions(("x-roles" = json!(["admin", "scope:directory:read"]))))]
pub async fn changes(
    store: web::Data<Store>,
    user: AuthUser,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    require_directory_reader(&user)?;
    let request = query.resolve()?;
    let page = store
        .snapshot(move |conn| -> Result<_, ApiError> {
            let (rows, tombstones) = lt_store::changes::<people::PersonRow>(
                conn,
                request.after,
                request.since,
                request.limit + 1,
            )?;
            // Histories for the whole page in one query (not `lt_http::changes::feed`'s row by row).
            let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
            let mut histories = people::rank_histories(conn, &ids)?;
            let mut roles = crate::store::accounts::roles_of_many(conn, &ids)?;
            let rows = rows
                .into_iter()
                .map(|r| {
                    let history = histories.remove(&r.id).unwrap_or_default();
                    let granted = roles.remove(&r.id);
                    let seq = r.change_seq;
                    let mut item = detail(r, history);
                    item.roles = granted;
                    (seq, item)
                })
                .collect();
            Ok(ChangesPage::merge(rows, tombstones, request))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![create, list, changes, read, update]
}
