//! The vision service behind the gateway, on SQLite and PostgreSQL, driven as its users
//! drive it: the programme office, department coordinators, cadres on their phones, display
//! screens without a token, and a reporting account.

mod support;

mod privacy;
mod rollup;
mod steering;
mod validation;
