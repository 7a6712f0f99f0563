//! The pooled store every service holds, and the bridge from async handlers to sync diesel.

use std::time::Duration;

use diesel::result::Error as DieselError;

use crate::connection::{DatabaseUrl, DbManager};
use crate::{Backend, DbConnection, StoreError, WriteTx, write_tx};

/// How to reach the database and how many connections to keep.
#[derive(Clone, Debug)]
pub struct StoreSettings {
    pub url: DatabaseUrl,
    /// Most connections open at once. SQLite serialises writers anyway; readers use WAL.
    pub max_connections: u32,
    /// How long a request waits for a connection before the store reports itself unavailable
    /// (the caller answers 503 + `Retry-After`): short, so a down database never ties up threads.
    pub acquire_timeout: Duration,
    /// How long an SQLite writer waits for the write lock before the store reports
    /// [`StoreError::Busy`] (→ 503). Unused on PostgreSQL, whose writers lock rows, not the file.
    pub busy_timeout: Duration,
}

impl StoreSettings {
    pub fn new(url: DatabaseUrl) -> Self {
        Self {
            url,
            max_connections: 10,
            acquire_timeout: Duration::from_secs(3),
            busy_timeout: crate::connection::DEFAULT_BUSY_TIMEOUT,
        }
    }
}

/// A connection pool over SQLite or PostgreSQL. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: r2d2::Pool<DbManager>,
    url: DatabaseUrl,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("url", &self.url).finish()
    }
}

impl Store {
    /// Opens the pool and checks that one connection can be made, reporting the backend's
    /// own error (a wrong password, a missing directory) when it cannot.
    pub fn open(settings: &StoreSettings) -> Result<Self, StoreError> {
        let pool = r2d2::Pool::builder()
            .max_size(settings.max_connections.max(1))
            .min_idle(Some(1))
            .connection_timeout(settings.acquire_timeout)
            .test_on_check_out(false)
            .build(DbManager::new(settings.url.clone()).with_busy_timeout(settings.busy_timeout))
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        Ok(Self {
            pool,
            url: settings.url.clone(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.url.backend()
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// Takes a connection on the calling thread. For start-up and tests; handlers use
    /// [`Store::read`] and [`Store::write`], which never block an async worker.
    pub fn connection(&self) -> Result<r2d2::PooledConnection<DbManager>, StoreError> {
        self.pool
            .get()
            .map_err(|e| StoreError::Unavailable(e.to_string()))
    }

    /// Runs `work` with a connection on the blocking thread pool.
    pub async fn read<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            let mut conn = pool
                .get()
                .map_err(|e| E::from(StoreError::Unavailable(e.to_string())))?;
            work(&mut conn)
        })
        .await
        .map_err(|e| E::from(StoreError::Interrupted(e.to_string())))?
    }

    /// Runs `work` in a [`write_tx`] on the blocking thread pool; commits on `Ok`.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut WriteTx<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + From<DieselError> + Send + 'static,
    {
        self.read(move |conn| write_tx(conn, work)).await
    }

    /// Runs `work` in a [`read_snapshot`](crate::read_snapshot) on the blocking pool: every
    /// query in it sees the same committed state.
    pub async fn snapshot<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + From<DieselError> + Send + 'static,
    {
        self.read(move |conn| crate::read_snapshot(conn, work))
            .await
    }

    /// Answers whether the database takes a trivial query now (for `/health/ready`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.read(|conn| {
            use diesel::RunQueryDsl;
            diesel::sql_query("SELECT 1").execute(conn)?;
            Ok(())
        })
        .await
    }

    /// Connections open and idle now (for `/metrics`).
    pub fn pool_state(&self) -> (u32, u32) {
        let state = self.pool.state();
        (state.connections, state.idle_connections)
    }
}
