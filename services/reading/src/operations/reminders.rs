//! Reminders of shelf loans: `reading.loan.due_soon` once when a loan falls due within
//! `DUE_SOON_DAYS` days, `reading.loan.overdue` once when it is past due — each once per
//! loan and due day (a renewal is reminded again). Written by the reading service's
//! background task (`crate::background`) in one transaction per pass, with the event and the
//! record of the reminder together.

use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use lt_store::{StoreError, WriteTx, now_utc, record_event};

use crate::routes::loans::loan_event;
use crate::store::loans::LoanRow;
use crate::store::schema::{loan_reminders, loans};

/// A loan due within this many days (today included) is reminded.
pub const DUE_SOON_DAYS: u64 = 3;
/// Loans reminded at most per pass (the next pass takes the rest).
const BATCH: i64 = 1000;

/// Sends the reminders due on `today`; how many.
pub fn send(tx: &mut WriteTx<'_>, today: NaiveDate) -> Result<usize, StoreError> {
    let soon = today
        .checked_add_days(Days::new(DUE_SOON_DAYS))
        .unwrap_or(today);
    let due_soon: Vec<LoanRow> = loans::table
        .filter(loans::returned_at.is_null())
        .filter(loans::due_on.ge(today))
        .filter(loans::due_on.le(soon))
        .order(loans::due_on.asc())
        .limit(BATCH)
        .select(LoanRow::as_select())
        .load(tx.conn())?;
    let overdue: Vec<LoanRow> = loans::table
        .filter(loans::returned_at.is_null())
        .filter(loans::due_on.lt(today))
        .order(loans::due_on.asc())
        .limit(BATCH)
        .select(LoanRow::as_select())
        .load(tx.conn())?;
    let mut sent = 0;
    for (kind, rows) in [("due_soon", due_soon), ("overdue", overdue)] {
        for row in rows {
            if remind_once(tx, &row, kind)? {
                let mut payload = loan_event(&row);
                payload["days_left"] = (row.due_on - today).num_days().into();
                record_event(tx, &format!("reading.loan.{kind}"), &payload)?;
                sent += 1;
            }
        }
    }
    Ok(sent)
}

/// Records the reminder unless it was sent; whether it is new.
fn remind_once(tx: &mut WriteTx<'_>, row: &LoanRow, kind: &str) -> QueryResult<bool> {
    let known: i64 = loan_reminders::table
        .filter(loan_reminders::loan_id.eq(&row.id))
        .filter(loan_reminders::kind.eq(kind))
        .filter(loan_reminders::due_on.eq(row.due_on))
        .count()
        .get_result(tx.conn())?;
    if known > 0 {
        return Ok(false);
    }
    diesel::insert_into(loan_reminders::table)
        .values((
            loan_reminders::loan_id.eq(&row.id),
            loan_reminders::kind.eq(kind),
            loan_reminders::due_on.eq(row.due_on),
            loan_reminders::sent_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    Ok(true)
}
