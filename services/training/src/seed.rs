//! `training seed`: realistic volume for the benchmark (filled in with the benchmark).

use lt_http::service::Lookup;

pub fn run(_lookup: Lookup, _args: &[&str]) -> anyhow::Result<()> {
    anyhow::bail!("training seed is not written yet")
}
