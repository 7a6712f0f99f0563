//! One connection type over SQLite and PostgreSQL, picked by the URL scheme.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::R2D2Connection;
use diesel::{Connection, PgConnection, SqliteConnection};

/// A connection to either backend. Queries written against it run on both.
///
/// Where diesel's `MultiConnection` cannot express a query (upsert, batch insert,
/// `RETURNING` structs), [`on_each_backend!`](crate::on_each_backend) runs the same
/// generic query on the inner connection of each variant.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

/// Which database engine a [`DatabaseUrl`] points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database location. Its `Debug` and `Display` never show a password.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `postgres://` or `postgresql://` URL, passed to libpq as is.
    Postgres(String),
    /// Path of an SQLite file (from `sqlite://PATH`, `sqlite:PATH` or a bare path).
    Sqlite(PathBuf),
}

impl DatabaseUrl {
    /// Parses a URL: `postgres://…`, `postgresql://…`, `sqlite://path`, `sqlite:path`, or a file path.
    pub fn parse(url: &str) -> Result<Self, crate::StoreError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_owned()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.is_empty() || path.contains("://") {
            let scheme = url.split("://").next().unwrap_or_default();
            return Err(crate::StoreError::Config(format!(
                "unsupported database URL scheme `{scheme}`: use postgres://, postgresql:// or sqlite://"
            )));
        }
        Ok(Self::Sqlite(PathBuf::from(path)))
    }

    /// An SQLite file `<name>.db` under `data_dir`.
    pub fn sqlite_in(data_dir: &Path, name: &str) -> Self {
        Self::Sqlite(data_dir.join(format!("{name}.db")))
    }

    pub fn backend(&self) -> Backend {
        match self {
            Self::Postgres(_) => Backend::Postgres,
            Self::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// The URL with any password replaced by `***`, safe for logs.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(path) => format!("sqlite://{}", path.display()),
            Self::Postgres(url) => redact_password(url),
        }
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "postgres://***".to_owned();
    };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((user_info, host)) => {
            let user = user_info.split(':').next().unwrap_or_default();
            if user_info.contains(':') {
                format!("{user}:***@{host}")
            } else {
                format!("{user}@{host}")
            }
        }
        None => authority.to_owned(),
    };
    // Query parameters may carry `password=`: drop them from the log form.
    let tail = tail.split('?').next().unwrap_or_default();
    format!("{scheme}://{authority}{tail}")
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Why a connection could not be made or checked; carries the backend's own message.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("cannot connect to {target}: {source}")]
    Connect {
        target: String,
        #[source]
        source: diesel::ConnectionError,
    },
    #[error("cannot prepare SQLite file {path}: {source}")]
    SqliteFile {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("connection check failed: {0}")]
    Check(#[from] diesel::result::Error),
}

/// SQLite settings applied to every connection: a busy timeout instead of an immediate
/// "database is locked" (first, so the statements after it wait too: switching to WAL takes
/// a lock while another connection writes), WAL so readers never block the writer, enforced
/// foreign keys, and `synchronous=NORMAL` (durable at checkpoints; safe with WAL).
fn sqlite_pragmas(busy_timeout: Duration) -> String {
    format!(
        "PRAGMA busy_timeout = {};
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;
PRAGMA synchronous = NORMAL;",
        busy_timeout.as_millis()
    )
}

/// How long an SQLite writer waits for the write lock before giving up (→ 503).
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// r2d2 manager that picks the backend by URL and reports the backend's real error
/// (diesel's derived `establish` tries each backend and discards their errors).
#[derive(Debug)]
pub struct DbManager {
    url: DatabaseUrl,
    busy_timeout: Duration,
}

impl DbManager {
    pub fn new(url: DatabaseUrl) -> Self {
        Self {
            url,
            busy_timeout: DEFAULT_BUSY_TIMEOUT,
        }
    }

    /// With another SQLite `busy_timeout` (tests make contention visible quickly).
    pub fn with_busy_timeout(mut self, busy_timeout: Duration) -> Self {
        self.busy_timeout = busy_timeout;
        self
    }
}

impl r2d2::ManageConnection for DbManager {
    type Connection = DbConnection;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConnection, ConnectError> {
        match &self.url {
            DatabaseUrl::Postgres(url) => PgConnection::establish(url)
                .map(DbConnection::Pg)
                .map_err(|source| ConnectError::Connect {
                    target: self.url.redacted(),
                    source,
                }),
            DatabaseUrl::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|source| ConnectError::SqliteFile {
                        path: path.display().to_string(),
                        source,
                    })?;
                }
                let target = path.to_string_lossy();
                let mut conn = SqliteConnection::establish(&target).map_err(|source| {
                    ConnectError::Connect {
                        target: self.url.redacted(),
                        source,
                    }
                })?;
                conn.batch_execute(&sqlite_pragmas(self.busy_timeout))?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ConnectError> {
        match conn {
            DbConnection::Pg(c) => c.ping()?,
            DbConnection::Sqlite(c) => c.ping()?,
        }
        Ok(())
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        match conn {
            DbConnection::Pg(c) => c.is_broken(),
            DbConnection::Sqlite(c) => c.is_broken(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_backend_by_scheme() {
        let pg = DatabaseUrl::parse("postgres://u:p@h/db").expect("pg");
        assert_eq!(pg.backend(), Backend::Postgres);
        let file = DatabaseUrl::parse("sqlite://data/identity.db").expect("sqlite");
        assert_eq!(file, DatabaseUrl::Sqlite(PathBuf::from("data/identity.db")));
        let bare = DatabaseUrl::parse("./x.db").expect("bare");
        assert_eq!(bare.backend(), Backend::Sqlite);
        let err = DatabaseUrl::parse("mysql://u:secret@h/db").expect_err("mysql");
        assert!(err.to_string().contains("mysql"));
        assert!(!err.to_string().contains("secret"));
    }

    #[test]
    fn never_shows_a_password() {
        let url = DatabaseUrl::parse("postgresql://app:s3cret@db:5432/training?password=other")
            .expect("pg");
        let shown = format!("{url} {url:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(!shown.contains("other"), "{shown}");
        assert!(shown.contains("app:***@db:5432/training"), "{shown}");
    }
}
