//! Support shared by the test binaries under `tests/`: one folder per service (`identity/`,
//! `gateway/`, …), plus `platform/` (the shared crates, on a sample service) and `system/`
//! (the registry, the launcher, the directory copy). Each service's own helpers live in its
//! folder; what several need is here.

pub mod harness;
pub mod identity;
pub mod system;
