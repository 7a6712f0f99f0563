//! Who may read what in the programme service.
//!
//! | what | who |
//! |---|---|
//! | a cadre's archive | the cadre, coordinators over the cadre's unit, admins; anyone else 404 (reporting accounts too: they get aggregates, never a person's archive) |
//! | the tree | any signed-in caller |
//!
//! The archive rule is the kit's `lt_service::overseen_person`; every source applies the same
//! rule again to the caller's own token, so the archive never shows what a service would not.
