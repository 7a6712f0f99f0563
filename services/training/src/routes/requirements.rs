//! Required hours (学时要求): a cadre's own progress, a coordinator's view of who in their
//! subtree is behind, admins' of everyone. The rules are in `domain::requirements`.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Datelike;
use diesel::QueryResult;
use lt_directory::Directory;
use lt_directory::local::{self, Person};
use lt_http::Endpoints;
use lt_http::csv::{self, CsvRow, wants_csv};
use lt_http::openapi::ReadErrors;
use lt_http::pagination::encode_cursor;
use lt_http::{ApiError, FieldError, Page, PageQuery, kinds};
use lt_programme::Hours;
use lt_service::Caller;
use lt_store::{DbConnection, Store};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::policy::{RequirementsPolicy, governing_day};
use crate::domain::requirements::{Credit, Progress, RankHeld, Standing, period_years, progress};
use crate::store::credits::CreditRow;
use crate::store::{credits, policies, reports};

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The year (Asia/Shanghai); default: this year.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}

impl YearQuery {
    pub fn resolve(&self) -> Result<i32, ApiError> {
        let year = self.year.unwrap_or_else(|| lt_programme::today().year());
        if !(2000..=2100).contains(&year) {
            return Err(
                ApiError::new(&kinds::INVALID_QUERY).with_errors(vec![FieldError::new(
                    "year",
                    "out_of_range",
                    "between 2000 and 2100",
                )]),
            );
        }
        Ok(year)
    }
}

/// A cadre's progress in a year.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct RequirementView {
    pub person_id: String,
    pub name: String,
    pub org_unit_id: Option<String>,
    pub policy_version: i32,
    #[serde(flatten)]
    pub progress: Progress,
}

impl CsvRow for RequirementView {
    const COLUMNS: &'static [&'static str] = &[
        "姓名",
        "组织",
        "职级",
        "类别",
        "要求学时",
        "应完成学时",
        "已获学时",
        "网络学时",
    ];
    fn cells(&self) -> Vec<String> {
        let p = &self.progress;
        vec![
            self.name.clone(),
            csv::optional(self.org_unit_id.as_ref()),
            p.rank.clone(),
            csv::optional(p.category.map(|c| c.as_str())),
            p.required.to_string(),
            p.expected_by_now.to_string(),
            p.earned.to_string(),
            p.online_earned.to_string(),
        ]
    }
}

pub fn as_credits(rows: &[CreditRow]) -> Vec<Credit> {
    rows.iter()
        .map(|r| Credit {
            year: r.year,
            day: r.day,
            hours: Hours(r.hours),
            online: r.online,
        })
        .collect()
}

/// The years whose credits can matter for `year`: its longest period, and a catch-up
/// reaching back into the year before.
fn credit_years(policy: &RequirementsPolicy, year: i32) -> (i32, i32) {
    policy
        .requirements
        .iter()
        .map(|r| period_years(policy, r, year))
        .fold((year - 1, year), |(first, last), (f, l)| {
            (first.min(f).min(year - 1), last.max(l))
        })
}

/// Progress of `person` in `year`, read from the copy and the credits.
pub fn person_progress(
    conn: &mut DbConnection,
    person: &Person,
    year: i32,
) -> QueryResult<RequirementView> {
    let today = lt_programme::today();
    let policy = policies::in_force::<RequirementsPolicy>(conn, governing_day(year, today))?;
    let history: Vec<RankHeld> = local::rank_history(conn, &person.id)?
        .into_iter()
        .map(|h| RankHeld {
            rank: h.rank,
            from: h.effective_from,
        })
        .collect();
    let (first, last) = credit_years(&policy.document, year);
    let rows = credits::for_person(conn, &person.id, first, last)?;
    Ok(RequirementView {
        person_id: person.id.clone(),
        name: person.name.clone(),
        org_unit_id: person.org_unit_id.clone(),
        policy_version: policy.version,
        progress: progress(
            &policy.document,
            &person.rank,
            &history,
            &as_credits(&rows),
            year,
            today,
        ),
    })
}

/// The caller's own progress towards the required hours.
#[utoipa::path(get, path = "/api/v1/training/me/requirements", tag = "requirements", security(("bearer" = [])),
    params(YearQuery), responses((status = 200, body = RequirementView), ReadErrors),
    extensions(("x-roles" = json!(["any signed-in person"]))))]
pub async fn mine(
    store: web::Data<Store>,
    caller: Caller,
    query: web::Query<YearQuery>,
) -> Result<HttpResponse, ApiError> {
    let year = query.resolve()?;
    let person = caller.person()?.clone();
    let view = store
        .read(move |conn| -> Result<_, ApiError> { Ok(person_progress(conn, &person, year)?) })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Someone's progress: the person, coordinators over their unit, admins; else 404.
#[utoipa::path(get, path = "/api/v1/training/people/{person_id}/requirements", tag = "requirements", security(("bearer" = [])),
    params(YearQuery), responses((status = 200, body = RequirementView), ReadErrors),
    extensions(("x-roles" = json!(["the person", "coordinator (their subtree)", "admin"]))))]
pub async fn of_person(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    person_id: web::Path<String>,
    query: web::Query<YearQuery>,
) -> Result<HttpResponse, ApiError> {
    let year = query.resolve()?;
    let person = lt_service::overseen_person(&directory, &caller, &person_id.into_inner()).await?;
    let view = store
        .read(move |conn| -> Result<_, ApiError> { Ok(person_progress(conn, &person, year)?) })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScopeQuery {
    /// Only this org unit and its subtree (a coordinator: within their own).
    pub org_unit_id: Option<String>,
}

/// The active people in the caller's scope: an admin's (everyone, or `org_unit_id`'s
/// subtree), a coordinator's (their subtree, or a unit within it). Sorted by employee number.
pub async fn people_in_scope(
    store: &Store,
    directory: &Directory,
    caller: &Caller,
    unit: Option<String>,
) -> Result<Vec<Person>, ApiError> {
    let root = match (caller.is_admin(), unit, caller.coordinated_unit()) {
        (true, unit, _) => unit,
        (false, Some(unit), Some(_)) => {
            let ancestry = lt_service::ancestry(directory, Some(unit.clone())).await?;
            if !caller.oversees(&ancestry) {
                return Err(ApiError::not_found());
            }
            Some(unit)
        }
        (false, None, Some(own)) => Some(own.to_owned()),
        (false, _, None) => {
            return Err(
                ApiError::forbidden().with_detail("for the programme office and coordinators")
            );
        }
    };
    store
        .read(move |conn| -> Result<_, ApiError> {
            let units = match &root {
                Some(root) => Some(local::subtree(conn, root)?),
                None => None,
            };
            let mut people = local::active_people(conn, None)?;
            if let Some(units) = units {
                people.retain(|p| p.org_unit_id.as_ref().is_some_and(|u| units.contains(u)));
            }
            Ok(people)
        })
        .await
}

/// Progress of every person in `people` in `year` (credits read in chunks).
pub fn progress_of(
    conn: &mut DbConnection,
    people: &[Person],
    year: i32,
) -> QueryResult<Vec<RequirementView>> {
    let today = lt_programme::today();
    let policy = policies::in_force::<RequirementsPolicy>(conn, governing_day(year, today))?;
    let (first, last) = credit_years(&policy.document, year);
    let ids: Vec<String> = people.iter().map(|p| p.id.clone()).collect();
    let mut credits_by_person = reports::credits_of(conn, &ids, first, last)?;
    people
        .iter()
        .map(|person| {
            let history: Vec<RankHeld> = local::rank_history(conn, &person.id)?
                .into_iter()
                .map(|h| RankHeld {
                    rank: h.rank,
                    from: h.effective_from,
                })
                .collect();
            let rows = credits_by_person.remove(&person.id).unwrap_or_default();
            Ok(RequirementView {
                person_id: person.id.clone(),
                name: person.name.clone(),
                org_unit_id: person.org_unit_id.clone(),
                policy_version: policy.version,
                progress: progress(
                    &policy.document,
                    &person.rank,
                    &history,
                    &as_credits(&rows),
                    year,
                    today,
                ),
            })
        })
        .collect()
}

/// Who is behind (see `domain::requirements` for what behind means): a coordinator's
/// subtree, or everyone for admins. Sorted by employee number; also CSV.
#[utoipa::path(get, path = "/api/v1/training/requirements/behind", tag = "requirements", security(("bearer" = [])),
    params(YearQuery, ScopeQuery, PageQuery),
    responses((status = 200, content((Page<RequirementView> = "application/json"), (String = "text/csv"))), ReadErrors),
    extensions(("x-roles" = json!(["admin", "coordinator (their subtree)"]))))]
pub async fn behind(
    store: web::Data<Store>,
    directory: web::Data<Directory>,
    caller: Caller,
    req: HttpRequest,
    year: web::Query<YearQuery>,
    scope: web::Query<ScopeQuery>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let year = year.resolve()?;
    let page = page.resolve()?;
    let people =
        people_in_scope(&store, &directory, &caller, scope.into_inner().org_unit_id).await?;
    let mut views = store
        .read(move |conn| -> Result<_, ApiError> { Ok(progress_of(conn, &people, year)?) })
        .await?;
    views.retain(|v| v.progress.standing == Standing::Behind);
    if wants_csv(&req) {
        return Ok(csv::table(&format!("学时未达标-{year}.csv"), &views));
    }
    // A position in the sorted list is the cursor.
    let start = usize::try_from(page.after).unwrap_or(0);
    let end = start.saturating_add(usize::try_from(page.limit).unwrap_or(50));
    let next_cursor =
        (end < views.len()).then(|| encode_cursor(i64::try_from(end).unwrap_or(i64::MAX)));
    let items: Vec<RequirementView> = views.into_iter().skip(start).take(end - start).collect();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

pub fn endpoints() -> Endpoints {
    lt_http::endpoints![mine, of_person, behind]
}
