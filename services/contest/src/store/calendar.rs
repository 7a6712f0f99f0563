//! The working-day calendar's listed days.

use chrono::NaiveDate;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, now_utc};

use super::schema::calendar_days;
use crate::domain::calendar::{Calendar, DayKind};

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = calendar_days)]
pub struct DayRow {
    pub day: NaiveDate,
    pub kind: String,
    pub note: Option<String>,
    pub updated_by: String,
    pub updated_at: chrono::NaiveDateTime,
}

/// Sets a day's kind (replacing what was listed); true when the day was new.
pub fn put(
    tx: &mut WriteTx<'_>,
    day: NaiveDate,
    kind: DayKind,
    note: Option<&str>,
    by: &str,
) -> QueryResult<bool> {
    let updated = diesel::update(calendar_days::table.find(day))
        .set((
            calendar_days::kind.eq(kind.as_str()),
            calendar_days::note.eq(note),
            calendar_days::updated_by.eq(by),
            calendar_days::updated_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    if updated == 1 {
        return Ok(false);
    }
    diesel::insert_into(calendar_days::table)
        .values((
            calendar_days::day.eq(day),
            calendar_days::kind.eq(kind.as_str()),
            calendar_days::note.eq(note),
            calendar_days::updated_by.eq(by),
            calendar_days::updated_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    Ok(true)
}

/// Removes a listed day (it follows the weekday rule again); false when it was not listed.
pub fn remove(tx: &mut WriteTx<'_>, day: NaiveDate) -> QueryResult<bool> {
    Ok(diesel::delete(calendar_days::table.find(day)).execute(tx.conn())? == 1)
}

pub fn find(conn: &mut DbConnection, day: NaiveDate) -> QueryResult<Option<DayRow>> {
    calendar_days::table
        .find(day)
        .select(DayRow::as_select())
        .first(conn)
        .optional()
}

/// Listed days from `from` (inclusive) to `until` (exclusive), in order.
pub fn between(
    conn: &mut DbConnection,
    from: NaiveDate,
    until: NaiveDate,
) -> QueryResult<Vec<DayRow>> {
    calendar_days::table
        .filter(
            calendar_days::day
                .ge(from)
                .and(calendar_days::day.lt(until)),
        )
        .order(calendar_days::day.asc())
        .select(DayRow::as_select())
        .load(conn)
}

/// The calendar of the span, for counting working days.
pub fn calendar(
    conn: &mut DbConnection,
    from: NaiveDate,
    until: NaiveDate,
) -> QueryResult<Calendar> {
    Ok(Calendar::new(
        between(conn, from, until)?
            .into_iter()
            .filter_map(|row| DayKind::parse(&row.kind).map(|kind| (row.day, kind))),
    ))
}
