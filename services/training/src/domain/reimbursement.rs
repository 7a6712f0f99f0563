//! Tuition reimbursement (学费报销): the policy's share of the tuition, rounded down to the
//! fen, and never more than what is left of the cadre's yearly cap.

use lt_programme::Fen;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::policy::ReimbursementPolicy;

/// How a claim's reimbursable amount was reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Reimbursable {
    /// `tuition × share_percent / 100`, rounded down to the fen.
    pub share_fen: Fen,
    /// What is left of the yearly cap before this claim.
    pub cap_left_fen: Fen,
    /// The lesser of the two: what may be reimbursed.
    pub reimbursable_fen: Fen,
}

/// What a claim of `tuition` may reimburse, given what the cadre's claims of the same year
/// already hold (approved or awaiting a decision).
pub fn reimbursable(
    policy: &ReimbursementPolicy,
    tuition: Fen,
    already_this_year: Fen,
) -> Reimbursable {
    let share = i128::from(tuition.0.max(0)) * i128::from(policy.share_percent) / 100;
    let share_fen = Fen(i64::try_from(share).unwrap_or(i64::MAX));
    let cap_left_fen = Fen((policy.yearly_cap_fen.0 - already_this_year.0).max(0));
    Reimbursable {
        share_fen,
        cap_left_fen,
        reimbursable_fen: Fen(share_fen.0.min(cap_left_fen.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::default_reimbursement;

    #[test]
    fn half_the_tuition_up_to_the_yearly_cap() {
        let policy = default_reimbursement(); // 50 %, ¥5,000 a year
        let first = reimbursable(&policy, Fen(680_001), Fen(0));
        assert_eq!(
            first.share_fen,
            Fen(340_000),
            "¥6,800.01 × 50 % rounds down to ¥3,400.00"
        );
        assert_eq!(first.reimbursable_fen, Fen(340_000));
        let second = reimbursable(&policy, Fen(600_000), Fen(340_000));
        assert_eq!(second.cap_left_fen, Fen(160_000));
        assert_eq!(
            second.reimbursable_fen,
            Fen(160_000),
            "capped at what is left of ¥5,000"
        );
        assert_eq!(
            reimbursable(&policy, Fen(100), Fen(500_000)).reimbursable_fen,
            Fen(0)
        );
    }
}
