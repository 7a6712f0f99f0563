//! The gateway in front of real services: routing, edge checks, limits, the merged OpenAPI
//! document and offline docs.

mod edge;
mod openapi;
mod routing;
