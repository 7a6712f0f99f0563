//! The contest service behind the gateway, on SQLite and PostgreSQL, driven as its users
//! drive it: entrants on their phones, organisers, judges (trainees among them), the
//! programme office, and a reporting account.

mod support;

mod calendar;
mod judging;
mod lifecycle;
mod ownership;
mod panels;
mod results;
mod validation;
