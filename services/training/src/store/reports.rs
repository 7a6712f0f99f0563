//! Aggregates for the reports. The hours report reads the monthly totals kept with every
//! credit; the others group the rows of the period in SQL.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::DbConnection;

use super::credits::CreditRow;
use super::schema::{enrolments, feedback, hour_credits, hour_totals, sessions};

/// Hours and credits of one org unit and mechanism over the months `first..=last` (yyyymm).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoursRow {
    pub org_unit_id: String,
    pub mechanism: String,
    pub hours: i64,
    pub credits: i64,
}

pub fn hours(
    conn: &mut DbConnection,
    first: i32,
    last: i32,
    units: Option<&[String]>,
) -> QueryResult<Vec<HoursRow>> {
    let mut query = hour_totals::table
        .filter(hour_totals::month.between(first, last))
        .select((
            hour_totals::org_unit_id,
            hour_totals::mechanism,
            hour_totals::hours,
            hour_totals::credits,
        ))
        .into_boxed();
    if let Some(units) = units {
        query = query.filter(hour_totals::org_unit_id.eq_any(units));
    }
    let rows: Vec<(String, String, i64, i64)> = query.load(conn)?;
    let mut grouped: HashMap<(String, String), (i64, i64)> = HashMap::new();
    for (unit, mechanism, hours, credits) in rows {
        let entry = grouped.entry((unit, mechanism)).or_default();
        entry.0 += hours;
        entry.1 += credits;
    }
    let mut out: Vec<HoursRow> = grouped
        .into_iter()
        .map(|((org_unit_id, mechanism), (hours, credits))| HoursRow {
            org_unit_id,
            mechanism,
            hours,
            credits,
        })
        .collect();
    out.sort_by(|a, b| {
        a.org_unit_id
            .cmp(&b.org_unit_id)
            .then_with(|| a.mechanism.cmp(&b.mechanism))
    });
    Ok(out)
}

/// Enrolments by course and status for sessions starting in `[from, to)` that ended by
/// `ended_by` and were not cancelled.
pub fn completion(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    ended_by: NaiveDateTime,
    units: Option<&[String]>,
) -> QueryResult<Vec<(String, String, i64)>> {
    let mut query = enrolments::table
        .inner_join(sessions::table.on(sessions::id.eq(enrolments::session_id)))
        .filter(sessions::starts_at.ge(from))
        .filter(sessions::starts_at.lt(to))
        .filter(sessions::ends_at.le(ended_by))
        .filter(sessions::status.ne(super::sessions::CANCELLED))
        .group_by((enrolments::course_id, enrolments::status))
        .select((
            enrolments::course_id,
            enrolments::status,
            diesel::dsl::count_star(),
        ))
        .into_boxed();
    if let Some(units) = units {
        query = query.filter(enrolments::org_unit_id.eq_any(units));
    }
    query.load(conn)
}

/// Feedback by course for sessions starting in `[from, to)`: responses and the rating sum.
pub fn feedback_by_course(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    units: Option<&[String]>,
) -> QueryResult<Vec<(String, i64, Option<i64>)>> {
    let mut query = feedback::table
        .inner_join(sessions::table.on(sessions::id.eq(feedback::session_id)))
        .filter(sessions::starts_at.ge(from))
        .filter(sessions::starts_at.lt(to))
        .group_by(feedback::course_id)
        .select((
            feedback::course_id,
            diesel::dsl::count_star(),
            diesel::dsl::sum(feedback::rating),
        ))
        .into_boxed();
    if let Some(units) = units {
        query = query.filter(feedback::org_unit_id.eq_any(units));
    }
    query.load(conn)
}

/// The credits of `people` counting in the years `first..=last` (for compliance), by person.
pub fn credits_of(
    conn: &mut DbConnection,
    people: &[String],
    first: i32,
    last: i32,
) -> QueryResult<HashMap<String, Vec<CreditRow>>> {
    let mut by_person: HashMap<String, Vec<CreditRow>> = HashMap::new();
    for chunk in people.chunks(500) {
        let rows: Vec<CreditRow> = hour_credits::table
            .filter(hour_credits::person_id.eq_any(chunk))
            .filter(hour_credits::year.between(first, last))
            .select(CreditRow::as_select())
            .load(conn)?;
        for row in rows {
            by_person
                .entry(row.person_id.clone())
                .or_default()
                .push(row);
        }
    }
    Ok(by_person)
}
