//! Reading logs and their readers (the cadre, family members), and the monthly totals of a
//! cadre's own reading per org unit.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::{log_readers, reading_logs, reading_totals};

pub const STREAM: &str = "reading_logs";
/// The reader id of the cadre themself (family members have their own ids).
pub const SELF: &str = "";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = reading_logs)]
pub struct LogRow {
    pub id: String,
    pub person_id: String,
    pub org_unit_id: Option<String>,
    pub book_id: Option<String>,
    pub title: String,
    pub read_on: NaiveDate,
    pub pages: i64,
    pub minutes: i64,
    pub finished: bool,
    pub seq: i64,
    pub created_at: NaiveDateTime,
    /// The ISBN of a book the catalogue lacked (then `book_id` is `None`).
    pub isbn: Option<String>,
}

/// A log to write.
#[derive(Clone, Debug)]
pub struct NewLog<'a> {
    pub person_id: &'a str,
    pub org_unit_id: Option<&'a str>,
    pub book_id: Option<&'a str>,
    pub isbn: Option<&'a str>,
    pub title: &'a str,
    pub read_on: NaiveDate,
    pub pages: i64,
    pub minutes: i64,
    pub finished: bool,
}

/// `year * 100 + month` of a day.
pub use lt_programme::month_key;

/// Takes the logs' counter: every log write takes turns from here (the daily cap is read,
/// then written against). Lock order: after `books::find_or_add`, before anything else.
pub fn take_turn(tx: &mut WriteTx<'_>) -> QueryResult<i64> {
    next_change_seq(tx, STREAM)
}

/// The title `person_id` gave when they last logged the uncatalogued book `isbn`.
pub fn own_title_by_isbn(
    conn: &mut DbConnection,
    person_id: &str,
    isbn: &str,
) -> QueryResult<Option<String>> {
    reading_logs::table
        .filter(reading_logs::person_id.eq(person_id))
        .filter(reading_logs::isbn.eq(isbn))
        .order(reading_logs::seq.desc())
        .select(reading_logs::title)
        .first(conn)
        .optional()
}

/// Minutes `reader` of `person_id` (`SELF` or a member id) has logged for `day`.
pub fn minutes_on(
    conn: &mut DbConnection,
    person_id: &str,
    reader: &str,
    day: NaiveDate,
) -> QueryResult<i64> {
    let minutes: Vec<i64> = log_readers::table
        .filter(log_readers::person_id.eq(person_id))
        .filter(log_readers::member_id.eq(reader))
        .filter(log_readers::read_on.eq(day))
        .select(log_readers::minutes)
        .load(conn)?;
    Ok(minutes.iter().sum())
}

/// Writes a log (`seq` from [`take_turn`]) read by `readers` (`SELF` and/or member ids),
/// and adds the cadre's own reading to the monthly totals of their unit.
pub fn insert(
    tx: &mut WriteTx<'_>,
    seq: i64,
    new: &NewLog<'_>,
    readers: &[String],
) -> QueryResult<LogRow> {
    let id = new_id();
    diesel::insert_into(reading_logs::table)
        .values((
            reading_logs::id.eq(&id),
            reading_logs::person_id.eq(new.person_id),
            reading_logs::org_unit_id.eq(new.org_unit_id),
            reading_logs::book_id.eq(new.book_id),
            reading_logs::isbn.eq(new.isbn),
            reading_logs::title.eq(new.title),
            reading_logs::read_on.eq(new.read_on),
            reading_logs::pages.eq(new.pages),
            reading_logs::minutes.eq(new.minutes),
            reading_logs::finished.eq(new.finished),
            reading_logs::seq.eq(seq),
            reading_logs::created_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    for reader in readers {
        diesel::insert_into(log_readers::table)
            .values((
                log_readers::log_id.eq(&id),
                log_readers::member_id.eq(reader),
                log_readers::person_id.eq(new.person_id),
                log_readers::read_on.eq(new.read_on),
                log_readers::minutes.eq(new.minutes),
            ))
            .execute(tx.conn())?;
    }
    if readers.iter().any(|r| r == SELF) {
        add_to_totals(
            tx,
            new.org_unit_id.unwrap_or(NO_UNIT),
            month_key(new.read_on),
            Totals {
                pages: new.pages,
                minutes: new.minutes,
                books_finished: i64::from(new.finished),
                logs: 1,
            },
        )?;
    }
    find(tx.conn(), &id)
}

/// The totals key of reading by a cadre without an org unit.
pub const NO_UNIT: &str = "";

/// Reading summed: pages, minutes, books finished, logs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub pages: i64,
    pub minutes: i64,
    pub books_finished: i64,
    pub logs: i64,
}

impl std::ops::AddAssign for Totals {
    fn add_assign(&mut self, other: Self) {
        self.pages += other.pages;
        self.minutes += other.minutes;
        self.books_finished += other.books_finished;
        self.logs += other.logs;
    }
}

/// Adds `by` to the unit's month (negative amounts take a deleted log back out).
pub fn add_to_totals(tx: &mut WriteTx<'_>, unit: &str, month: i32, by: Totals) -> QueryResult<()> {
    use diesel::upsert::excluded;
    lt_store::on_each_backend!(tx.conn(), |c| diesel::insert_into(reading_totals::table)
        .values((
            reading_totals::org_unit_id.eq(unit),
            reading_totals::month_key.eq(month),
            reading_totals::pages.eq(by.pages),
            reading_totals::minutes.eq(by.minutes),
            reading_totals::books_finished.eq(by.books_finished),
            reading_totals::logs.eq(by.logs),
        ))
        .on_conflict((reading_totals::org_unit_id, reading_totals::month_key))
        .do_update()
        .set((
            reading_totals::pages.eq(reading_totals::pages + excluded(reading_totals::pages)),
            reading_totals::minutes.eq(reading_totals::minutes + excluded(reading_totals::minutes)),
            reading_totals::books_finished
                .eq(reading_totals::books_finished + excluded(reading_totals::books_finished)),
            reading_totals::logs.eq(reading_totals::logs + excluded(reading_totals::logs)),
        ))
        .execute(c))?;
    Ok(())
}

/// Totals by org unit for months `[from, to)` (month keys).
pub fn totals_by_unit(
    conn: &mut DbConnection,
    from: i32,
    to: i32,
) -> QueryResult<Vec<(String, Totals)>> {
    let rows: Vec<(String, i64, i64, i64, i64)> = reading_totals::table
        .filter(reading_totals::month_key.ge(from))
        .filter(reading_totals::month_key.lt(to))
        .select((
            reading_totals::org_unit_id,
            reading_totals::pages,
            reading_totals::minutes,
            reading_totals::books_finished,
            reading_totals::logs,
        ))
        .load(conn)?;
    let mut by_unit: std::collections::BTreeMap<String, Totals> = Default::default();
    for (unit, pages, minutes, books_finished, logs) in rows {
        *by_unit.entry(unit).or_default() += Totals {
            pages,
            minutes,
            books_finished,
            logs,
        };
    }
    Ok(by_unit.into_iter().collect())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<LogRow> {
    reading_logs::table
        .find(id)
        .select(LogRow::as_select())
        .first(conn)
}

/// The readers of a log (`SELF` and/or member ids).
pub fn readers_of(conn: &mut DbConnection, log_id: &str) -> QueryResult<Vec<String>> {
    log_readers::table
        .filter(log_readers::log_id.eq(log_id))
        .order(log_readers::member_id.asc())
        .select(log_readers::member_id)
        .load(conn)
}

/// A cadre's logs in the order written, after `after`.
pub fn of_person(
    conn: &mut DbConnection,
    person_id: &str,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<LogRow>> {
    reading_logs::table
        .filter(reading_logs::person_id.eq(person_id))
        .filter(reading_logs::seq.gt(after))
        .order(reading_logs::seq.asc())
        .limit(fetch)
        .select(LogRow::as_select())
        .load(conn)
}

/// What `reader` of `person_id` read on days `[from, to)`, per month.
pub fn reader_months(
    conn: &mut DbConnection,
    person_id: &str,
    reader: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<(i32, Totals, NaiveDate)>> {
    let rows: Vec<(NaiveDate, i64, i64, bool)> = log_readers::table
        .inner_join(reading_logs::table)
        .filter(log_readers::person_id.eq(person_id))
        .filter(log_readers::member_id.eq(reader))
        .filter(log_readers::read_on.ge(from))
        .filter(log_readers::read_on.lt(to))
        .order(log_readers::read_on.asc())
        .select((
            log_readers::read_on,
            reading_logs::pages,
            reading_logs::minutes,
            reading_logs::finished,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(day, pages, minutes, finished)| {
            (
                month_key(day),
                Totals {
                    pages,
                    minutes,
                    books_finished: i64::from(finished),
                    logs: 1,
                },
                day,
            )
        })
        .collect())
}

/// Forgets a family member's reading: their share of every log goes, and a log only they
/// read goes with it.
pub fn forget_member(tx: &mut WriteTx<'_>, person_id: &str, member_id: &str) -> QueryResult<()> {
    let theirs: Vec<String> = log_readers::table
        .filter(log_readers::person_id.eq(person_id))
        .filter(log_readers::member_id.eq(member_id))
        .select(log_readers::log_id)
        .load(tx.conn())?;
    diesel::delete(
        log_readers::table
            .filter(log_readers::person_id.eq(person_id))
            .filter(log_readers::member_id.eq(member_id)),
    )
    .execute(tx.conn())?;
    for chunk in theirs.chunks(500) {
        let still_read: Vec<String> = log_readers::table
            .filter(log_readers::log_id.eq_any(chunk))
            .select(log_readers::log_id)
            .load(tx.conn())?;
        let orphans: Vec<&String> = chunk.iter().filter(|id| !still_read.contains(id)).collect();
        if !orphans.is_empty() {
            diesel::delete(reading_logs::table.filter(reading_logs::id.eq_any(orphans)))
                .execute(tx.conn())?;
        }
    }
    Ok(())
}
