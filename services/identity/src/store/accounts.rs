//! Sign-in accounts of people, their roles, and service accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, now_utc};

use super::schema::{accounts, role_grants, service_accounts};

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = accounts)]
pub struct AccountRow {
    pub person_id: String,
    pub username: String,
    pub password_hash: Option<String>,
    pub must_change_password: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = service_accounts)]
pub struct ServiceAccountRow {
    pub client_id: String,
    pub name: String,
    pub secret_hash: String,
    pub scopes: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConnection, person_id: &str) -> QueryResult<Option<AccountRow>> {
    accounts::table
        .find(person_id)
        .select(AccountRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_username(
    conn: &mut DbConnection,
    username: &str,
) -> QueryResult<Option<AccountRow>> {
    accounts::table
        .filter(accounts::username.eq(username))
        .select(AccountRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(
    tx: &mut WriteTx<'_>,
    person_id: &str,
    username: &str,
    password_hash: Option<&str>,
    must_change_password: bool,
) -> QueryResult<AccountRow> {
    let now = now_utc();
    diesel::insert_into(accounts::table)
        .values((
            accounts::person_id.eq(person_id),
            accounts::username.eq(username),
            accounts::password_hash.eq(password_hash),
            accounts::must_change_password.eq(must_change_password),
            accounts::version.eq(1_i64),
            accounts::created_at.eq(now),
            accounts::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    accounts::table
        .find(person_id)
        .select(AccountRow::as_select())
        .first(tx.conn())
}

/// Sets a new password hash; `must_change` forces a change at next sign-in (admin reset).
pub fn set_password(
    tx: &mut WriteTx<'_>,
    person_id: &str,
    hash: &str,
    must_change: bool,
) -> QueryResult<usize> {
    diesel::update(accounts::table.find(person_id))
        .set((
            accounts::password_hash.eq(Some(hash)),
            accounts::must_change_password.eq(must_change),
            accounts::version.eq(accounts::version + 1),
            accounts::updated_at.eq(now_utc()),
        ))
        .execute(tx.conn())
}

pub fn roles_of(conn: &mut DbConnection, person_id: &str) -> QueryResult<Vec<String>> {
    role_grants::table
        .filter(role_grants::person_id.eq(person_id))
        .order(role_grants::role.asc())
        .select(role_grants::role)
        .load(conn)
}

/// The roles of each of `people` who has an account (empty when they hold none); people
/// without an account are absent (they sign in only through the OA system, with no role).
pub fn roles_of_many(
    conn: &mut DbConnection,
    people: &[&str],
) -> QueryResult<std::collections::HashMap<String, Vec<String>>> {
    let with_account: Vec<String> = accounts::table
        .filter(accounts::person_id.eq_any(people))
        .select(accounts::person_id)
        .load(conn)?;
    let mut roles: std::collections::HashMap<String, Vec<String>> =
        with_account.into_iter().map(|p| (p, Vec::new())).collect();
    let rows: Vec<(String, String)> = role_grants::table
        .filter(role_grants::person_id.eq_any(people))
        .order((role_grants::person_id.asc(), role_grants::role.asc()))
        .select((role_grants::person_id, role_grants::role))
        .load(conn)?;
    for (person, role) in rows {
        if let Some(held) = roles.get_mut(&person) {
            held.push(role);
        }
    }
    Ok(roles)
}

/// Replaces a person's roles with `roles` (and puts the person in the people feed again, so
/// the services' directory copies learn of it).
pub fn set_roles(
    tx: &mut WriteTx<'_>,
    person_id: &str,
    roles: &[String],
    granted_by: &str,
) -> QueryResult<()> {
    diesel::delete(role_grants::table.filter(role_grants::person_id.eq(person_id)))
        .execute(tx.conn())?;
    super::people::touch(tx, person_id)?;
    let now = now_utc();
    for role in roles {
        diesel::insert_into(role_grants::table)
            .values((
                role_grants::person_id.eq(person_id),
                role_grants::role.eq(role),
                role_grants::granted_at.eq(now),
                role_grants::granted_by.eq(granted_by),
            ))
            .execute(tx.conn())?;
    }
    Ok(())
}

/// People holding `role` (to find whether an admin exists).
pub fn count_with_role(conn: &mut DbConnection, role: &str) -> QueryResult<i64> {
    role_grants::table
        .filter(role_grants::role.eq(role))
        .count()
        .get_result(conn)
}

pub fn find_service_account(
    conn: &mut DbConnection,
    client_id: &str,
) -> QueryResult<Option<ServiceAccountRow>> {
    service_accounts::table
        .find(client_id)
        .select(ServiceAccountRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_service_account(
    tx: &mut WriteTx<'_>,
    client_id: &str,
    name: &str,
    secret_hash: &str,
    scopes: &str,
) -> QueryResult<ServiceAccountRow> {
    let now = now_utc();
    diesel::insert_into(service_accounts::table)
        .values((
            service_accounts::client_id.eq(client_id),
            service_accounts::name.eq(name),
            service_accounts::secret_hash.eq(secret_hash),
            service_accounts::scopes.eq(scopes),
            service_accounts::active.eq(true),
            service_accounts::created_at.eq(now),
            service_accounts::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    service_accounts::table
        .find(client_id)
        .select(ServiceAccountRow::as_select())
        .first(tx.conn())
}

/// Inserts a service account unless one with this client id exists (another replica may be
/// provisioning it at the same moment); true when this call inserted it.
pub fn insert_service_account_once(
    tx: &mut WriteTx<'_>,
    client_id: &str,
    name: &str,
    secret_hash: &str,
    scopes: &str,
) -> QueryResult<bool> {
    let now = now_utc();
    let inserted =
        lt_store::on_each_backend!(tx.conn(), |c| diesel::insert_into(service_accounts::table)
            .values((
                service_accounts::client_id.eq(client_id),
                service_accounts::name.eq(name),
                service_accounts::secret_hash.eq(secret_hash),
                service_accounts::scopes.eq(scopes),
                service_accounts::active.eq(true),
                service_accounts::created_at.eq(now),
                service_accounts::updated_at.eq(now),
            ))
            .on_conflict(service_accounts::client_id)
            .do_nothing()
            .execute(c))?;
    Ok(inserted == 1)
}

/// Replaces a service account's secret hash; true when it differed.
pub fn set_service_account_secret(
    tx: &mut WriteTx<'_>,
    client_id: &str,
    secret_hash: &str,
) -> QueryResult<bool> {
    let changed = diesel::update(
        service_accounts::table
            .find(client_id)
            .filter(service_accounts::secret_hash.ne(secret_hash)),
    )
    .set((
        service_accounts::secret_hash.eq(secret_hash),
        service_accounts::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())?;
    Ok(changed == 1)
}

pub fn list_service_accounts(conn: &mut DbConnection) -> QueryResult<Vec<ServiceAccountRow>> {
    service_accounts::table
        .order(service_accounts::client_id.asc())
        .select(ServiceAccountRow::as_select())
        .load(conn)
}
