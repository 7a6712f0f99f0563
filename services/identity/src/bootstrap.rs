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
    /// Also reads every service's outbox (`IDENTITY_EVENT_READERS`: the events relay).
    pub reads_events: bool,
}

/// The scopes of a directory client: reading the directory, nothing else.
pub const DIRECTORY_CLIENT_SCOPES: &str = lt_auth::scopes::DIRECTORY_READ;

/// The scopes of the events relay's account: the directory and every outbox.
pub const EVENT_READER_SCOPES: &str = "directory:read events:read";

impl DirectoryClient {
    /// Exactly the scopes this platform account holds.
    pub fn scopes(&self) -> &'static str {
        if self.reads_events {
            EVENT_READER_SCOPES
        } else {
            DIRECTORY_CLIENT_SCOPES
        }
    }
}

/// Makes each directory client's service account exist with exactly
/// [`DIRECTORY_CLIENT_SCOPES`] and the configured secret (only its digest is stored); a
/// changed secret replaces the old one. Each change is audited. What an admin decided is
/// kept: an account an admin deactivated stays deactivated (logged), and an account with the
/// same client id but other scopes is never taken over (start-up fails, naming it). Safe
/// when several replicas start at once. Returns how many accounts changed.
pub fn ensure_directory_clients(
    store: &Store,
    clients: &[DirectoryClient],
) -> anyhow::Result<usize> {
    let mut conn = store.connection()?;
    let mut changed = 0;
    for client in clients {
        let id = client.client_id.as_str();
        let digest = secret_digest(client.secret.expose_secret());
        let done = lt_store::write_tx(&mut conn, |tx| -> anyhow::Result<bool> {
            let name = format!("{id} (directory copy)");
            let scopes = client.scopes();
            let action = if accounts::insert_service_account_once(tx, id, &name, &digest, scopes)? {
                "service_account.provisioned"
            } else {
                let existing = accounts::find_service_account(tx.conn(), id)?
                    .context("the service account vanished while provisioning")?;
                anyhow::ensure!(
                    existing.scopes == scopes,
                    "IDENTITY_DIRECTORY_CLIENTS names `{id}`, but a service account `{id}` with other scopes exists: not taking it over (use another client id via <SERVICE>_DIRECTORY_CLIENT_ID)"
                );
                if !existing.active {
                    tracing::warn!(client_id = id, "directory client deactivated by an admin: left deactivated");
                }
                if !accounts::set_service_account_secret(tx, id, &digest)? {
                    return Ok(false);
                }
                "service_account.secret_replaced"
            };
            audit::record(tx, "bootstrap", action, id, &serde_json::json!({
                "scopes": scopes.split(' ').collect::<Vec<_>>(),
                "source": "IDENTITY_DIRECTORY_CLIENTS",
            }))?;
            Ok(true)
        })
        .with_context(|| format!("provisioning the directory client {id}"))?;
        changed += usize::from(done);
    }
    Ok(changed)
}
