//! The use-case layer: reading every source's record of a cadre at once (`compose`).

pub mod compose;
