//! The platform as a whole: the registry (a new service is one registration), the launcher,
//! and the live directory copy every directory service keeps.

mod directory_copy;
mod matrix;
mod registry;
