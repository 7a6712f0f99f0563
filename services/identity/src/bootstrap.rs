//! First start: if no admin exists and `BOOTSTRAP_ADMIN_PASSWORD` is set, create user
//! `admin` with it. There is no default password anywhere.

use anyhow::Context;
use lt_auth::roles;
use lt_store::Store;
use secrecy::{ExposeSecret, SecretString};

use crate::domain::passwords::{HashCost, hash_password, password_problems};
use crate::store::people::PersonFields;
use crate::store::{accounts, audit, people};

pub const BOOTSTRAP_USERNAME: &str = "admin";

/// Creates the bootstrap admin when none exists; true when it did.
pub fn ensure_admin(
    store: &Store,
    password: &SecretString,
    cost: HashCost,
) -> anyhow::Result<bool> {
    let problems = password_problems(password.expose_secret());
    anyhow::ensure!(
        problems.is_empty(),
        "BOOTSTRAP_ADMIN_PASSWORD is too weak: {}",
        problems.join(", ")
    );
    let mut conn = store.connection()?;
    if accounts::count_with_role(&mut conn, roles::ADMIN)? > 0
        || accounts::find_by_username(&mut conn, BOOTSTRAP_USERNAME)?.is_some()
    {
        return Ok(false);
    }
    let hash = hash_password(password.expose_secret(), cost)?;
    lt_store::write_tx(&mut conn, |tx| -> anyhow::Result<()> {
        let fields = PersonFields {
            employee_no: BOOTSTRAP_USERNAME.into(),
            name: "Administrator".into(),
            org_unit_id: None,
            rank: "-".into(),
            birth_year: None,
            provider: None,
            active: true,
        };
        let person = people::insert(tx, None, &fields, lt_programme::today())?;
        accounts::insert(tx, &person.id, BOOTSTRAP_USERNAME, Some(&hash), false)?;
        accounts::set_roles(tx, &person.id, &[roles::ADMIN.to_owned()], "bootstrap")?;
        audit::record(
            tx,
            "bootstrap",
            "account.created",
            &person.id,
            &serde_json::json!({ "username": BOOTSTRAP_USERNAME, "roles": [roles::ADMIN] }),
        )?;
        Ok(())
    })
    .context("creating the bootstrap admin")?;
    Ok(true)
}
