//! The reading service behind the gateway, on SQLite and PostgreSQL, driven as its users
//! drive it: cadres on their phones (and their families), reading coordinators, department
//! coordinators, the programme office and a reporting account.

mod support;

mod campaigns;
mod cards;
mod catalogue;
mod families;
mod imports;
mod logs;
mod notes;
mod reports;
mod shelves;
mod who_read_what;
