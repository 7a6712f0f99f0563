//! The programme service's routes, one module per resource.

pub mod archive;
pub mod tree;

use lt_http::Endpoints;

/// Every endpoint of the service (the kit adds the outbox feed, health and metrics).
pub fn endpoints() -> Endpoints {
    archive::endpoints().and(tree::endpoints())
}

lt_http::every_documented_operation_is_routed!();
