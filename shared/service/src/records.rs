//! The learning-record routes every service serves (`lt_programme::LearningRecord`):
//! `GET /api/v1/<service>/me/record` for the caller and `…/people/{person_id}/record` for
//! the person, coordinators over their unit and admins (anyone else: 404). A service writes
//! only how its record is read; [`record_endpoints!`](crate::record_endpoints!) writes the
//! two handlers.

/// The two learning-record handlers, `mine` and `of_person`, over the service's
/// `record(conn, person_id, period) -> Result<LearningRecord, ApiError>`:
///
/// ```ignore
/// lt_service::record_endpoints!("reading", record);
/// ```
#[macro_export]
macro_rules! record_endpoints {
    ($service:tt, $record:path) => {
        #[utoipa::path(get, path = concat!("/api/v1/", $service, "/me/record"), tag = "records", security(("bearer" = [])),
            summary = concat!("The caller's ", $service, " record for a period."),
            params(lt_service::reports::PeriodQuery),
            responses((status = 200, body = lt_programme::LearningRecord), lt_http::openapi::ReadErrors),
            extensions(("x-roles" = json!(["any signed-in person"]))))]
        pub async fn mine(
            store: actix_web::web::Data<lt_store::Store>,
            caller: $crate::Caller,
            query: actix_web::web::Query<$crate::reports::PeriodQuery>,
        ) -> Result<actix_web::HttpResponse, lt_http::ApiError> {
            let period = query.resolve()?;
            let person = caller.person_id()?.to_owned();
            let record = store.read(move |conn| $record(conn, &person, period)).await?;
            Ok(actix_web::HttpResponse::Ok().json(record))
        }

        #[utoipa::path(get, path = concat!("/api/v1/", $service, "/people/{person_id}/record"), tag = "records", security(("bearer" = [])),
            summary = concat!("Someone's ", $service, " record: the person, coordinators over their unit, admins."),
            params(lt_service::reports::PeriodQuery),
            responses((status = 200, body = lt_programme::LearningRecord), lt_http::openapi::ReadErrors),
            extensions(("x-roles" = json!(["the person", "coordinator (their subtree)", "admin"]))))]
        pub async fn of_person(
            store: actix_web::web::Data<lt_store::Store>,
            directory: actix_web::web::Data<lt_directory::Directory>,
            caller: $crate::Caller,
            person_id: actix_web::web::Path<String>,
            query: actix_web::web::Query<$crate::reports::PeriodQuery>,
        ) -> Result<actix_web::HttpResponse, lt_http::ApiError> {
            let period = query.resolve()?;
            let person =
                $crate::overseen_person(&directory, &caller, &person_id.into_inner()).await?;
            let record = store.read(move |conn| $record(conn, &person.id, period)).await?;
            Ok(actix_web::HttpResponse::Ok().json(record))
        }
    };
}
