//! The real services, started on port 0 with a fresh database, driven over HTTP.

mod identity_skeleton;
