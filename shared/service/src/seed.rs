//! What every service's `seed …` subcommand shares (a load generator for the benchmarks,
//! writing rows directly): its flags, and the store opened, migrated and prepared as the
//! service would at start.

use std::collections::HashMap;
use std::str::FromStr;

use anyhow::Context;
use lt_http::settings::ServiceSettings;
use lt_http::spec::Lookup;
use lt_store::Store;

use crate::DomainService;

/// The flags of `seed <what> --flag value …`.
#[derive(Debug)]
pub struct Flags {
    values: HashMap<String, String>,
}

impl Flags {
    /// Reads `args` (after `seed`): first `what`, then pairs of a flag of `known` and its
    /// value; `usage` is the error for anything else.
    pub fn parse(args: &[&str], what: &str, known: &[&str], usage: &str) -> anyhow::Result<Self> {
        let mut rest = args.iter();
        match rest.next() {
            Some(first) if *first == what => {}
            other => anyhow::bail!("usage: {usage} (got {other:?})"),
        }
        let mut values = HashMap::new();
        while let Some(flag) = rest.next() {
            anyhow::ensure!(known.contains(flag), "unknown flag {flag}: usage: {usage}");
            let value = rest
                .next()
                .with_context(|| format!("{flag} needs a value"))?;
            values.insert((*flag).to_owned(), (*value).to_owned());
        }
        Ok(Self { values })
    }

    /// The value of `flag`, or `default` when absent.
    pub fn get<T>(&self, flag: &str, default: T) -> anyhow::Result<T>
    where
        T: FromStr,
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        match self.values.get(flag) {
            None => Ok(default),
            Some(text) => text.parse().with_context(|| format!("{flag} {text:?}")),
        }
    }
}

/// How much a volume seed writes: `count` rows for `people` cadres in `units` org units,
/// dated in `year` (`seed <what> --count N [--units U] [--people P] [--year Y]`).
#[derive(Clone, Copy, Debug)]
pub struct Volume {
    pub count: u64,
    pub units: u32,
    pub people: u32,
    pub year: i32,
}

impl Volume {
    /// Reads `seed <what> …` (defaults: 100,000 rows, 60 units, 5,000 people, 2026).
    pub fn parse(args: &[&str], what: &str, usage: &str) -> anyhow::Result<Self> {
        let flags = Flags::parse(
            args,
            what,
            &["--count", "--units", "--people", "--year"],
            usage,
        )?;
        let volume = Self {
            count: flags.get("--count", 100_000)?,
            units: flags.get("--units", 60)?,
            people: flags.get("--people", 5_000)?,
            year: flags.get("--year", 2026)?,
        };
        anyhow::ensure!(
            volume.units > 0 && volume.people > 0,
            "--units and --people must be positive"
        );
        Ok(volume)
    }
}

/// The service's database as its `seed` writes it: migrated, with what the service writes
/// at every start (`on_start`).
pub fn open_store(service: &'static DomainService, lookup: &Lookup) -> anyhow::Result<Store> {
    service.migrate(std::sync::Arc::clone(lookup))?;
    let spec = service.spec;
    let settings = ServiceSettings::from_lookup(spec.name, spec.default_port, |k| lookup(k))?;
    let store = Store::open(&settings.store)?;
    if let Some(on_start) = service.on_start {
        let mut conn = store.connection()?;
        lt_store::write_tx(&mut conn, |tx| -> anyhow::Result<()> { Ok(on_start(tx)?) })?;
    }
    Ok(store)
}
