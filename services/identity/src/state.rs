//! What identity's handlers share besides the store: token issuing, hashing cost, proxies,
//! the OA system's keys.

use std::net::IpAddr;

use crate::domain::hashing_gate::HashingGate;
use crate::domain::passwords::HashCost;
use crate::domain::sso::OaKeys;
use crate::domain::tokens::TokenIssuer;

#[derive(Clone, Debug)]
pub struct IdentityState {
    pub tokens: TokenIssuer,
    pub password_cost: HashCost,
    /// Bounds the password hashes in flight (`domain::hashing_gate`).
    pub hashing: HashingGate,
    /// Compared against when an account does not exist, so timing reveals nothing.
    pub decoy_hash: String,
    pub trusted_proxies: Vec<IpAddr>,
    pub oa: Option<OaKeys>,
}
