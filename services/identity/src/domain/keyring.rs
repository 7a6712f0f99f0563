//! Identity's signing keys, kept as files in one directory so every replica (sharing the
//! directory) signs with the same active key and publishes the same set:
//! `keyring.json` names the active key and lists the keys still published; each key is a
//! PKCS#8 PEM file `<kid>.pem` (mode 0600). A rotated-out key stays published for
//! [`RETIRED_KEY_GRACE`], longer than any access token it signed can live.

use std::fs;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::{DateTime, TimeDelta, Utc};
use lt_auth::{Jwk, JwkSet, SigningKey, jwk_set};
use serde::{Deserialize, Serialize};

/// How long a retired key is still published (tokens it signed must still verify).
pub const RETIRED_KEY_GRACE: TimeDelta = TimeDelta::hours(24);
/// How often a replica re-reads the directory to notice a rotation made elsewhere.
const RELOAD_AFTER: Duration = Duration::from_secs(30);

/// How long a new key is published before it signs: longer than verifiers (the gateway's
/// JWKS cooldown, other replicas' reload) take to learn it, so no fresh token meets a
/// verifier that does not know its key.
pub const ACTIVATION_DELAY: TimeDelta = TimeDelta::minutes(2);

#[derive(Clone, Debug, Serialize, Deserialize)]
struct KeyEntry {
    kid: String,
    created_at: DateTime<Utc>,
    /// When it starts signing (absent: from `created_at`).
    #[serde(default)]
    active_from: Option<DateTime<Utc>>,
    retired_at: Option<DateTime<Utc>>,
}

impl KeyEntry {
    fn active_from(&self) -> DateTime<Utc> {
        self.active_from.unwrap_or(self.created_at)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Index {
    /// The newest key (it signs from its `active_from`).
    active: String,
    keys: Vec<KeyEntry>,
}

struct Loaded {
    /// Published keys with the moment each starts signing, oldest first.
    keys: Vec<(DateTime<Utc>, SigningKey)>,
    at: Instant,
}

impl Loaded {
    /// The newest key whose activation time has come.
    fn signing_key(&self) -> Option<&SigningKey> {
        let now = Utc::now();
        self.keys
            .iter()
            .filter(|(from, _)| *from <= now)
            .max_by_key(|(from, _)| *from)
            .map(|(_, key)| key)
    }
}

pub struct KeyRing {
    dir: PathBuf,
    loaded: RwLock<Loaded>,
    /// How often the directory is re-read (by [`KeyRing::spawn_reload`], or on demand).
    reload_every: Duration,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing").field("dir", &self.dir).finish()
    }
}

fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp");
    let mut file = fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .mode(0o600)
        .open(&tmp)
        .with_context(|| format!("writing {}", tmp.display()))?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()?;
    fs::rename(&tmp, path).with_context(|| format!("renaming to {}", path.display()))?;
    Ok(())
}

fn read_index(dir: &Path) -> anyhow::Result<Option<Index>> {
    let path = dir.join("keyring.json");
    match fs::read_to_string(&path) {
        Ok(text) => Ok(Some(
            serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?,
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

fn read_key(dir: &Path, kid: &str) -> anyhow::Result<SigningKey> {
    let path = dir.join(format!("{kid}.pem"));
    let pem = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    SigningKey::from_pkcs8_pem(&pem).map_err(|e| anyhow::anyhow!("key {}: {e}", path.display()))
}

fn load(dir: &Path) -> anyhow::Result<Option<Loaded>> {
    let Some(index) = read_index(dir)? else {
        return Ok(None);
    };
    let now = Utc::now();
    let mut keys = Vec::new();
    for entry in &index.keys {
        let live = entry
            .retired_at
            .is_none_or(|retired| retired + RETIRED_KEY_GRACE > now);
        if live {
            keys.push((entry.active_from(), read_key(dir, &entry.kid)?));
        }
    }
    keys.sort_by_key(|(from, _)| *from);
    anyhow::ensure!(
        keys.iter().any(|(from, _)| *from <= now),
        "no key in {} is active yet",
        dir.display()
    );
    Ok(Some(Loaded {
        keys,
        at: Instant::now(),
    }))
}

/// Adds a key that starts signing after `delay` (at once for the first key); the key signing
/// until then is retired at that moment and stays published for the grace period.
fn add_key(
    dir: &Path,
    index: Option<Index>,
    delay: TimeDelta,
) -> anyhow::Result<(String, DateTime<Utc>)> {
    let key =
        SigningKey::generate().map_err(|e| anyhow::anyhow!("generating a signing key: {e}"))?;
    let kid = key.kid().to_owned();
    write_private(&dir.join(format!("{kid}.pem")), &key.to_pkcs8_pem())?;
    let now = Utc::now();
    let mut keys = index.map(|i| i.keys).unwrap_or_default();
    let active_from = if keys.is_empty() { now } else { now + delay };
    for entry in keys.iter_mut().filter(|e| e.retired_at.is_none()) {
        entry.retired_at = Some(active_from);
    }
    // Forget keys whose grace has long passed (their files stay for forensics).
    keys.retain(|e| e.retired_at.is_none_or(|r| r + RETIRED_KEY_GRACE * 2 > now));
    keys.push(KeyEntry {
        kid: kid.clone(),
        created_at: now,
        active_from: Some(active_from),
        retired_at: None,
    });
    let index = Index {
        active: kid.clone(),
        keys,
    };
    write_private(
        &dir.join("keyring.json"),
        &serde_json::to_string_pretty(&index)?,
    )?;
    Ok((kid, active_from))
}

impl KeyRing {
    /// Opens the key ring in `dir`; when there is none, makes one if `generate` (development),
    /// else refuses (production keys come from configuration).
    pub fn open(dir: &Path, generate: bool) -> anyhow::Result<Self> {
        let loaded = match load(dir)? {
            Some(loaded) => loaded,
            None if generate => {
                fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
                let (kid, _) = add_key_locked(dir, ACTIVATION_DELAY)?;
                tracing::info!(%kid, dir = %dir.display(), "generated a development signing key");
                load(dir)?.context("key ring vanished after creation")?
            }
            None => bail!(
                "no signing keys in {} (production never generates them: run `identity keys rotate` with IDENTITY_KEYS_DIR set, or mount the keys)",
                dir.display()
            ),
        };
        Ok(Self {
            dir: dir.to_owned(),
            loaded: RwLock::new(loaded),
            reload_every: RELOAD_AFTER,
        })
    }

    /// Re-reads the directory this often instead of every [`RELOAD_AFTER`] (tests).
    pub fn with_reload_every(mut self, every: Duration) -> Self {
        self.reload_every = every;
        self
    }

    fn refresh(&self, force: bool) -> anyhow::Result<()> {
        let stale = self
            .loaded
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .at
            .elapsed()
            > self.reload_every;
        if (force || stale)
            && let Some(fresh) = load(&self.dir)?
        {
            *self.loaded.write().unwrap_or_else(PoisonError::into_inner) = fresh;
        }
        Ok(())
    }

    /// The key to sign with now, from memory (never touches the disk: it is called on async
    /// workers). [`KeyRing::spawn_reload`] keeps memory in step with the directory.
    pub fn active(&self) -> anyhow::Result<SigningKey> {
        let loaded = self.loaded.read().unwrap_or_else(PoisonError::into_inner);
        loaded
            .signing_key()
            .cloned()
            .context("no active signing key")
    }

    /// Re-reads the key directory every [`RELOAD_AFTER`] (or as set) on the blocking pool, so a rotation
    /// made by another replica or the CLI is signed with in time, until the task is aborted.
    pub fn spawn_reload(self: &std::sync::Arc<Self>) -> tokio::task::JoinHandle<()> {
        let ring = std::sync::Arc::clone(self);
        actix_web::rt::spawn(async move {
            loop {
                tokio::time::sleep(ring.reload_every).await;
                let reloading = std::sync::Arc::clone(&ring);
                match tokio::task::spawn_blocking(move || reloading.refresh(true)).await {
                    Ok(Ok(())) => {}
                    Ok(Err(error)) => tracing::warn!(%error, "re-reading the signing keys failed"),
                    Err(error) => {
                        tracing::warn!(%error, "re-reading the signing keys was interrupted")
                    }
                }
            }
        })
    }

    /// Every key that may still verify a live token (re-read from disk: blocking).
    pub fn published(&self) -> anyhow::Result<Vec<Jwk>> {
        self.refresh(true)?;
        let loaded = self.loaded.read().unwrap_or_else(PoisonError::into_inner);
        Ok(loaded
            .keys
            .iter()
            .map(|(_, key)| key.public_jwk())
            .collect())
    }

    /// The JWKS document (re-read at most every 30 s, or at once after a rotation here).
    pub fn jwks(&self) -> anyhow::Result<JwkSet> {
        self.refresh(false)?;
        let loaded = self.loaded.read().unwrap_or_else(PoisonError::into_inner);
        Ok(jwk_set(loaded.keys.iter().map(|(_, key)| key)))
    }

    /// Adds a key that is published now and signs from [`ACTIVATION_DELAY`] on; the current
    /// one stays published for the grace period after that. Returns the kid and its start.
    pub fn rotate(&self) -> anyhow::Result<(String, DateTime<Utc>)> {
        self.rotate_after(ACTIVATION_DELAY)
    }

    /// [`KeyRing::rotate`] with another activation delay (tests use zero).
    pub fn rotate_after(&self, delay: TimeDelta) -> anyhow::Result<(String, DateTime<Utc>)> {
        let added = add_key_locked(&self.dir, delay)?;
        self.refresh(true)?;
        Ok(added)
    }
}

/// `identity keys rotate`: creates the key ring in `dir` or adds the next key (for production).
pub fn rotate_in(dir: &Path) -> anyhow::Result<(String, DateTime<Utc>)> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    add_key_locked(dir, ACTIVATION_DELAY)
}

/// Reads the index and adds a key while holding `keyring.lock`, so two replicas (or a replica
/// and the CLI) rotating at once cannot lose a key.
fn add_key_locked(dir: &Path, delay: TimeDelta) -> anyhow::Result<(String, DateTime<Utc>)> {
    let lock_path = dir.join("keyring.lock");
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(&lock_path)
        .with_context(|| format!("opening {}", lock_path.display()))?;
    lock.lock()
        .with_context(|| format!("locking {}", lock_path.display()))?;
    add_key(dir, read_index(dir)?, delay)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_once_rotates_and_keeps_the_old_key_published() {
        let dir =
            std::env::temp_dir().join(format!("lt-keyring-{}", uuid::Uuid::new_v4().simple()));
        assert!(
            KeyRing::open(&dir, false).is_err(),
            "production never generates"
        );
        let ring = KeyRing::open(&dir, true).expect("generated");
        let first = ring.active().expect("active").kid().to_owned();
        let again = KeyRing::open(&dir, true).expect("reopened");
        assert_eq!(
            again.active().expect("active").kid(),
            first,
            "the same key after a restart"
        );
        let (second, from) = ring.rotate().expect("rotate");
        assert_ne!(second, first);
        assert!(from > Utc::now(), "the next key waits before it signs");
        assert_eq!(
            ring.active().expect("active").kid(),
            first,
            "until then the current key signs"
        );
        let (third, _) = ring.rotate_after(TimeDelta::zero()).expect("rotate now");
        assert_eq!(ring.active().expect("active").kid(), third);
        let kids: Vec<String> = ring
            .published()
            .expect("published")
            .iter()
            .filter_map(|k| k.common.key_id.clone())
            .collect();
        assert!(kids.contains(&first) && kids.contains(&second), "{kids:?}");
        let _ = fs::remove_dir_all(&dir);
    }

    /// Signing happens on async workers: `active` answers from memory even when the key
    /// files are due for a re-read (here: unreadable), and the background reload does the
    /// reading, on the blocking pool.
    #[actix_web::test]
    async fn the_signing_key_comes_from_memory_and_reloads_in_the_background() {
        let dir =
            std::env::temp_dir().join(format!("lt-keyring-{}", uuid::Uuid::new_v4().simple()));
        let ring = std::sync::Arc::new(
            KeyRing::open(&dir, true)
                .expect("generated")
                .with_reload_every(Duration::from_millis(20)),
        );
        let first = ring.active().expect("active").kid().to_owned();
        let index = fs::read_to_string(dir.join("keyring.json")).expect("index");
        fs::write(dir.join("keyring.json"), "not json").expect("corrupt");
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(
            ring.active().expect("no disk read while signing").kid(),
            first
        );
        // Another replica rotates (zero activation delay): the reload picks it up.
        fs::write(dir.join("keyring.json"), index).expect("restore");
        let other_replica = KeyRing::open(&dir, false).expect("reopened");
        let (second, _) = other_replica
            .rotate_after(TimeDelta::zero())
            .expect("rotated elsewhere");
        let reload = ring.spawn_reload();
        let mut seen = first.clone();
        for _ in 0..100 {
            seen = ring.active().expect("active").kid().to_owned();
            if seen == second {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        reload.abort();
        assert_eq!(seen, second, "the background reload learnt the new key");
        let _ = fs::remove_dir_all(&dir);
    }
}
