//! Identity, started on port 0 with a fresh database, driven over HTTP (support:
//! `learning_tree_tests::identity`).

mod directory;
mod flood;
mod flows;
mod input;
mod org_tree;
mod sync;
mod tokens;
