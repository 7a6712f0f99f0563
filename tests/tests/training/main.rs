//! The training service behind the gateway, on SQLite and PostgreSQL, driven as its users
//! drive it: organisers, cadres on their phones, coordinators, the programme office and a
//! reporting account.

mod support;

mod access;
mod catalogue;
mod degree;
mod enrolment;
mod hours;
mod input;
mod integrity;
mod reports;
mod requirements;
