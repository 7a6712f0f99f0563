//! Loan dates: when a loan is due, what a renewal makes of it, and whether it is overdue.
//! Days are Asia/Shanghai.

use chrono::{Days, NaiveDate};

use super::policy::CirculationRule;

/// The due day of a loan made on `day` under `rule`.
pub fn due_on(rule: &CirculationRule, day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(u64::from(rule.loan_days)))
        .unwrap_or(day)
}

/// Why a loan cannot be renewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoRenewal {
    /// The rule's renewals are used up.
    Exhausted,
    /// Someone is waiting for the title.
    OnHold,
}

/// The new due day of a renewal on `today`: `renewal_days` from the due day, or from today
/// when the loan is overdue (a late renewal does not earn back the days it was late).
pub fn renewed_due_on(
    rule: &CirculationRule,
    due: NaiveDate,
    renewals_so_far: u32,
    others_waiting: bool,
    today: NaiveDate,
) -> Result<NaiveDate, NoRenewal> {
    if renewals_so_far >= rule.renewals {
        return Err(NoRenewal::Exhausted);
    }
    if others_waiting {
        return Err(NoRenewal::OnHold);
    }
    let from = due.max(today);
    Ok(from
        .checked_add_days(Days::new(u64::from(rule.renewal_days)))
        .unwrap_or(from))
}

/// Days overdue on `today` (0 when not yet due).
pub fn days_overdue(due: NaiveDate, today: NaiveDate) -> i64 {
    (today - due).num_days().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::{ItemType, ReaderCategory};

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).expect("day")
    }

    fn rule() -> CirculationRule {
        CirculationRule {
            reader_category: ReaderCategory::Staff,
            item_type: ItemType::Book,
            loan_days: 30,
            renewals: 1,
            renewal_days: 30,
            max_open_loans: 5,
        }
    }

    #[test]
    fn a_loan_is_due_after_its_days_and_a_renewal_adds_from_the_due_day() {
        assert_eq!(due_on(&rule(), day(3, 1)), day(3, 31));
        assert_eq!(
            renewed_due_on(&rule(), day(3, 31), 0, false, day(3, 20)),
            Ok(day(4, 30))
        );
        // Renewed three days late: from today, not from the due day.
        assert_eq!(
            renewed_due_on(&rule(), day(3, 31), 0, false, day(4, 3)),
            Ok(day(5, 3))
        );
        assert_eq!(days_overdue(day(3, 31), day(4, 3)), 3);
        assert_eq!(days_overdue(day(3, 31), day(3, 1)), 0);
    }

    #[test]
    fn renewals_stop_when_used_up_or_when_someone_waits() {
        assert_eq!(
            renewed_due_on(&rule(), day(3, 31), 1, false, day(3, 20)),
            Err(NoRenewal::Exhausted)
        );
        assert_eq!(
            renewed_due_on(&rule(), day(3, 31), 0, true, day(3, 20)),
            Err(NoRenewal::OnHold)
        );
    }
}
