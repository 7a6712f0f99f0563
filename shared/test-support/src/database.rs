use std::path::PathBuf;

use diesel::{Connection, PgConnection, RunQueryDsl};
use lt_store::DatabaseUrl;

/// A database that exists for one test and is removed when dropped.
pub struct TestDb {
    pub url: DatabaseUrl,
    /// A scratch directory for the test (SQLite files, generated keys).
    pub dir: PathBuf,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteDir,
    PostgresDatabase { admin_url: String, name: String },
}

fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lt-test-{}", uuid::Uuid::new_v4().simple()));
    if let Err(error) = std::fs::create_dir_all(&dir) {
        panic!("cannot create test directory {}: {error}", dir.display());
    }
    dir
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

impl TestDb {
    /// A fresh SQLite file in a scratch directory.
    pub fn sqlite() -> Self {
        let dir = scratch_dir();
        Self {
            url: DatabaseUrl::Sqlite(dir.join("test.db")),
            dir,
            cleanup: Cleanup::SqliteDir,
        }
    }

    /// A fresh PostgreSQL database on the server `LT_TEST_PG_URL` points at, or `None`
    /// (with a message) when it is not set. Under `CI=true` a missing server is a failure.
    pub fn postgres() -> Option<Self> {
        let Some(admin_url) = std::env::var("LT_TEST_PG_URL")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("CI=true but LT_TEST_PG_URL is not set: the PostgreSQL half must run in CI");
            }
            eprintln!("SKIPPED on PostgreSQL: set LT_TEST_PG_URL (scripts/test does) to run it");
            return None;
        };
        let name = format!("lt_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(&admin_url)
            .unwrap_or_else(|e| panic!("cannot reach the test PostgreSQL server: {e}"));
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        Some(Self {
            url: DatabaseUrl::Postgres(with_database(&admin_url, &name)),
            dir: scratch_dir(),
            cleanup: Cleanup::PostgresDatabase { admin_url, name },
        })
    }

    /// Another database of the same backend (for tests that need two services).
    pub fn sibling(&self) -> Self {
        match self.cleanup {
            Cleanup::SqliteDir => Self::sqlite(),
            Cleanup::PostgresDatabase { .. } => Self::postgres().unwrap_or_else(Self::sqlite),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.cleanup, Cleanup::PostgresDatabase { .. })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Cleanup::PostgresDatabase { admin_url, name } = &self.cleanup
            && let Ok(mut admin) = PgConnection::establish(admin_url)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_database_name() {
        assert_eq!(
            with_database("postgres://u@h:5/postgres", "x"),
            "postgres://u@h:5/x"
        );
        assert_eq!(with_database("postgres://u@h:5", "x"), "postgres://u@h:5/x");
        assert_eq!(
            with_database("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
