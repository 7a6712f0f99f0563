//! Start-up provisioning. If no admin exists and `BOOTSTRAP_ADMIN_PASSWORD` is set, create
//! user `admin` with it (there is no default password anywhere). Every platform service that
//! keeps a directory copy gets its `directory:read` account from `IDENTITY_DIRECTORY_CLIENTS`.

use anyhow::Context;
use lt_auth::roles;
use lt_store::Store;
use secrecy::{ExposeSecret, SecretString};

use crate::domain::passwords::{HashCost, hash_password, password_problems, secret_digest};
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

/// A platform service's `directory:read` account, as `IDENTITY_DIRECTORY_CLIENTS` names it.
#[derive(Clone, Debug)]
pub struct DirectoryClient {
    pub client_id: String,
    pub secret: SecretString,
}

/// The scopes of a directory client: reading the directory, nothing else.
pub const DIRECTORY_CLIENT_SCOPES: &str = lt_auth::scopes::DIRECTORY_READ;

/// Makes each directory client's service account exist, active, with exactly
/// [`DIRECTORY_CLIENT_SCOPES`] and the configured secret (only its digest is stored). A
/// changed secret replaces the old one; each change is audited. Returns how many changed.
pub fn ensure_directory_clients(
    store: &Store,
    clients: &[DirectoryClient],
) -> anyhow::Result<usize> {
    let mut conn = store.connection()?;
    let mut changed = 0;
    for client in clients {
        let digest = secret_digest(client.secret.expose_secret());
        let done = lt_store::write_tx(&mut conn, |tx| -> anyhow::Result<bool> {
            let action = match accounts::find_service_account(tx.conn(), &client.client_id)? {
                None => {
                    accounts::insert_service_account(
                        tx,
                        &client.client_id,
                        &format!("{} (directory copy)", client.client_id),
                        &digest,
                        DIRECTORY_CLIENT_SCOPES,
                    )?;
                    "service_account.provisioned"
                }
                Some(_) => {
                    if !accounts::reset_service_account(tx, &client.client_id, &digest, DIRECTORY_CLIENT_SCOPES)? {
                        return Ok(false);
                    }
                    "service_account.reprovisioned"
                }
            };
            audit::record(
                tx,
                "bootstrap",
                action,
                &client.client_id,
                &serde_json::json!({ "scopes": [DIRECTORY_CLIENT_SCOPES], "source": "IDENTITY_DIRECTORY_CLIENTS" }),
            )?;
            Ok(true)
        })
        .with_context(|| format!("provisioning the directory client {}", client.client_id))?;
        changed += usize::from(done);
    }
    Ok(changed)
}
