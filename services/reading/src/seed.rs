//! `reading seed logs --count N [--units U] [--people P] [--year Y]`: fills the database
//! `READING_DATABASE_URL` points at (PostgreSQL or SQLite, migrated first) with realistic
//! volume for the benchmarks: org units and people in the directory copy, a catalogue of
//! books, and N reading logs spread over the year's days, each added to the monthly totals
//! the reading report reads. Run it again to add N more. Deterministic for a given database.
//!
//! It writes rows directly (batched, one transaction per batch), not through the API: it is
//! a load generator, not a client.

use std::collections::HashMap;

use anyhow::Context;
use chrono::{Days, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lt_http::spec::Lookup;
use lt_store::{WriteTx, now_utc, reserve_change_seqs};

use crate::store::books::{self, BookFields};
use crate::store::logs::{self, NO_UNIT, SELF, Totals};
use crate::store::schema::{log_readers, reading_logs};

pub fn run(lookup: Lookup, args: &[&str]) -> anyhow::Result<()> {
    let plan = lt_service::seed::Volume::parse(
        args,
        "logs",
        "reading seed logs --count N [--units U] [--people P] [--year Y]",
    )?;
    let store = lt_service::seed::open_store(&crate::SERVICE, &lookup)?;
    let mut conn = store.connection()?;
    let units = lt_directory::seed::ensure_units(&mut conn, plan.units)?;
    let people: Vec<(String, String)> =
        lt_directory::seed::ensure_people(&mut conn, &units, plan.people)?
            .into_iter()
            .map(|(id, unit)| (id, unit.unwrap_or_else(|| NO_UNIT.to_owned())))
            .collect();
    let catalogue = lt_store::write_tx(&mut conn, |tx| -> anyhow::Result<Vec<(String, String)>> {
        let mut catalogue = Vec::new();
        for i in 0..200 {
            let book = books::find_or_add(
                tx,
                &BookFields {
                    title: format!("推荐书目{i:03}"),
                    ..BookFields::default()
                },
            )?;
            catalogue.push((book.id, book.title));
        }
        Ok(catalogue)
    })?;
    let offset =
        u64::try_from(reading_logs::table.count().get_result::<i64>(&mut conn)?).unwrap_or(0);
    let started = std::time::Instant::now();
    let mut totals: HashMap<(String, i32), Totals> = HashMap::new();
    let (mut done, batch) = (0_u64, 2_000_u64);
    while done < plan.count {
        let size = batch.min(plan.count - done);
        lt_store::write_tx(&mut conn, |tx| -> anyhow::Result<()> {
            insert_batch(
                tx,
                &people,
                &catalogue,
                plan.year,
                offset + done,
                size,
                &mut totals,
            )
        })?;
        done += size;
    }
    lt_store::write_tx(&mut conn, |tx| -> anyhow::Result<()> {
        for ((unit, month), amounts) in &totals {
            logs::add_to_totals(tx, unit, *month, *amounts)?;
        }
        Ok(())
    })?;
    println!(
        "seeded {} reading logs ({} people in {} units) in {:.1} s",
        plan.count,
        people.len(),
        units.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[derive(Insertable)]
#[diesel(table_name = reading_logs)]
struct LogInsert {
    id: String,
    person_id: String,
    org_unit_id: Option<String>,
    book_id: Option<String>,
    title: String,
    read_on: NaiveDate,
    pages: i64,
    minutes: i64,
    finished: bool,
    seq: i64,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = log_readers)]
struct ReaderInsert {
    log_id: String,
    member_id: String,
    person_id: String,
    read_on: NaiveDate,
    minutes: i64,
}

/// Logs `first..first + size`: log n is person n % people's, on day n / people of the year
/// (so no reader passes 24 hours a day), a book of the catalogue, 10–59 pages, 15–74
/// minutes, one in eight finishing its book.
fn insert_batch(
    tx: &mut WriteTx<'_>,
    people: &[(String, String)],
    catalogue: &[(String, String)],
    year: i32,
    first: u64,
    size: u64,
    totals: &mut HashMap<(String, i32), Totals>,
) -> anyhow::Result<()> {
    let now = now_utc();
    let count = i64::try_from(size).unwrap_or(i64::MAX);
    let first_seq = reserve_change_seqs(tx, logs::STREAM, count)? - count + 1;
    let start = NaiveDate::from_ymd_opt(year, 1, 1).context("year")?;
    let mut rows = Vec::with_capacity(size as usize);
    let mut readers = Vec::with_capacity(size as usize);
    for (offset, n) in (first..first + size).enumerate() {
        let who = (n % people.len() as u64) as usize;
        let (person, unit) = &people[who];
        let day = start
            .checked_add_days(Days::new((n / people.len() as u64) % 365))
            .unwrap_or(start);
        let (book, title) = &catalogue[(n % catalogue.len() as u64) as usize];
        let (pages, minutes, finished) = (10 + (n % 50) as i64, 15 + (n % 60) as i64, n % 8 == 0);
        let id = format!("seed-log-{n:09}");
        rows.push(LogInsert {
            id: id.clone(),
            person_id: person.clone(),
            org_unit_id: (unit != NO_UNIT).then(|| unit.clone()),
            book_id: Some(book.clone()),
            title: title.clone(),
            read_on: day,
            pages,
            minutes,
            finished,
            seq: first_seq + i64::try_from(offset).unwrap_or(i64::MAX),
            created_at: now,
        });
        readers.push(ReaderInsert {
            log_id: id,
            member_id: SELF.to_owned(),
            person_id: person.clone(),
            read_on: day,
            minutes,
        });
        *totals
            .entry((unit.clone(), logs::month_key(day)))
            .or_default() += Totals {
            pages,
            minutes,
            books_finished: i64::from(finished),
            logs: 1,
        };
    }
    for chunk in rows.chunks(500) {
        lt_store::on_each_backend!(tx.conn(), |c| diesel::insert_into(reading_logs::table)
            .values(chunk)
            .execute(c))?;
    }
    for chunk in readers.chunks(500) {
        lt_store::on_each_backend!(tx.conn(), |c| diesel::insert_into(log_readers::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(())
}
