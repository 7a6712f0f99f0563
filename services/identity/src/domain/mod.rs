//! Rules worth testing alone: passwords, the directory vocabulary, keys, tokens, the OA sync.

pub mod access;
pub mod directory;
pub mod hashing_gate;
pub mod keyring;
pub mod passwords;
pub mod sso;
pub mod sync;
pub mod tokens;
