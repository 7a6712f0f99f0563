//! The programme service with every domain service behind the gateway, on SQLite and
//! PostgreSQL: a cadre's learning archive composed from every service's record, who may read
//! it, and an archive made while a service is down.

mod archive;
