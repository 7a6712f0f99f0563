//! How many password hashes run at once. Each argon2id hash at production strength holds
//! 19 MiB for most of a second; without a bound, a burst of logins (a morning rush, or an
//! attacker) runs as many as the blocking pool has threads and exhausts a small server's
//! memory. The gate runs at most `parallel` hashes (the number of cores by default), lets
//! up to `queue` more wait at most `wait`, and answers the rest at once with 503 and
//! `Retry-After`, so the rest of the system keeps answering.

use std::sync::Arc;
use std::time::Duration;

use lt_http::{ApiError, kinds};
use tokio::sync::Semaphore;

/// Seconds a refused login is told to wait.
pub const RETRY_AFTER_SECONDS: u64 = 1;

#[derive(Clone, Debug)]
pub struct HashingGate {
    running: Arc<Semaphore>,
    admitted: Arc<Semaphore>,
    wait: Duration,
}

impl HashingGate {
    /// At most `parallel` hashes at once, `queue` more waiting up to `wait`.
    pub fn new(parallel: usize, queue: usize, wait: Duration) -> Self {
        let parallel = parallel.max(1);
        Self {
            running: Arc::new(Semaphore::new(parallel)),
            admitted: Arc::new(Semaphore::new(parallel + queue)),
            wait,
        }
    }

    /// The default: one hash per core, four per core waiting, at most two seconds each.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self::new(cores, 4 * cores, Duration::from_secs(2))
    }

    /// Runs `hash` on the blocking pool once a slot is free; 503 with `Retry-After` when the
    /// gate is full or no slot frees up in time.
    pub async fn run<T: Send + 'static>(
        &self,
        hash: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let busy = || {
            ApiError::new(&kinds::SERVICE_UNAVAILABLE).with_header(
                actix_web::http::header::RETRY_AFTER,
                RETRY_AFTER_SECONDS.to_string(),
            )
        };
        let _admitted = self.admitted.try_acquire().map_err(|_| busy())?;
        let _running = tokio::time::timeout(self.wait, self.running.acquire())
            .await
            .map_err(|_| busy())?
            .map_err(|_| busy())?;
        tokio::task::spawn_blocking(hash)
            .await
            .map_err(|e| ApiError::Unexpected(anyhow::anyhow!("password hashing: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[actix_web::test]
    async fn no_more_than_the_bound_run_and_the_overflow_is_refused_at_once() {
        let gate = HashingGate::new(2, 3, Duration::from_millis(500));
        let (running, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let gate = gate.clone();
                let (running, peak) = (running.clone(), peak.clone());
                tokio::spawn(async move {
                    gate.run(move || {
                        peak.fetch_max(
                            running.fetch_add(1, Ordering::SeqCst) + 1,
                            Ordering::SeqCst,
                        );
                        std::thread::sleep(Duration::from_millis(100));
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
                    .map_err(|e| actix_web::ResponseError::status_code(&e).as_u16())
                })
            })
            .collect();
        let mut outcomes = Vec::new();
        for task in tasks {
            outcomes.push(task.await.expect("task"));
        }
        let ran = outcomes.iter().filter(|o| o.is_ok()).count();
        let refused = outcomes.iter().filter(|o| **o == Err(503)).count();
        assert_eq!(ran + refused, 20, "{outcomes:?}");
        assert_eq!(
            peak.load(Ordering::SeqCst),
            2,
            "never more than two at once"
        );
        assert!(
            (2..=5).contains(&ran),
            "two running and three waiting at most: {ran}"
        );
    }
}
