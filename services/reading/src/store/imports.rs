//! Batches of loans imported from the city library, and the loans themselves, keyed by the
//! library's loan id: a rerun of a batch changes nothing, a later export of the same loan
//! (now returned) updates it.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc, reserve_change_seqs};

use super::new_id;
use super::schema::{import_batches, library_loans};

pub const STREAM: &str = "library_loans";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = import_batches)]
pub struct BatchRow {
    pub id: String,
    pub format: String,
    pub rows_total: i64,
    pub rows_landed: i64,
    pub rows_unchanged: i64,
    pub rows_rejected: i64,
    pub report: String,
    pub submitted_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = library_loans)]
pub struct LibraryLoanRow {
    pub id: String,
    pub library_loan_id: String,
    pub card_number: String,
    pub person_id: String,
    pub org_unit_id: Option<String>,
    pub isbn: Option<String>,
    pub title: String,
    pub author: Option<String>,
    pub borrowed_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
    pub batch_id: String,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A loan as the batch says it is now, for `person_id` (the card's holder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoanFacts {
    pub library_loan_id: String,
    pub card_number: String,
    pub person_id: String,
    pub org_unit_id: Option<String>,
    pub isbn: Option<String>,
    pub title: String,
    pub author: Option<String>,
    pub borrowed_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
}

impl LoanFacts {
    /// Whether `row` already says all this (the holder's unit aside: it is stamped once).
    fn same_as(&self, row: &LibraryLoanRow) -> bool {
        self.card_number == row.card_number
            && self.person_id == row.person_id
            && self.isbn == row.isbn
            && self.title == row.title
            && self.author == row.author
            && self.borrowed_on == row.borrowed_on
            && self.due_on == row.due_on
            && self.returned_on == row.returned_on
    }
}

/// The loans of `ids` the service has, by library loan id.
pub fn existing(
    conn: &mut DbConnection,
    ids: &[String],
) -> QueryResult<HashMap<String, LibraryLoanRow>> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(500) {
        for row in library_loans::table
            .filter(library_loans::library_loan_id.eq_any(chunk))
            .select(LibraryLoanRow::as_select())
            .load(conn)?
        {
            found.insert(row.library_loan_id.clone(), row);
        }
    }
    Ok(found)
}

#[derive(Insertable)]
#[diesel(table_name = library_loans)]
struct NewLoan<'a> {
    id: String,
    library_loan_id: &'a str,
    card_number: &'a str,
    person_id: &'a str,
    org_unit_id: Option<&'a str>,
    isbn: Option<&'a str>,
    title: &'a str,
    author: Option<&'a str>,
    borrowed_on: NaiveDate,
    due_on: Option<NaiveDate>,
    returned_on: Option<NaiveDate>,
    batch_id: &'a str,
    seq: i64,
    change_seq: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// What an import did to the loans it was given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub inserted: i64,
    pub updated: i64,
    pub unchanged: i64,
}

/// Writes `loans` of batch `batch_id`: new ones inserted (in chunks), changed ones updated,
/// the rest left as they are. The caller holds the import turn ([`take_turn`]).
pub fn apply(tx: &mut WriteTx<'_>, batch_id: &str, loans: &[LoanFacts]) -> QueryResult<Applied> {
    let ids: Vec<String> = loans.iter().map(|l| l.library_loan_id.clone()).collect();
    let known = existing(tx.conn(), &ids)?;
    let mut applied = Applied::default();
    let fresh: Vec<&LoanFacts> = loans
        .iter()
        .filter(|l| !known.contains_key(&l.library_loan_id))
        .collect();
    let now = now_utc();
    if !fresh.is_empty() {
        let count = i64::try_from(fresh.len()).unwrap_or(i64::MAX);
        let last = reserve_change_seqs(tx, STREAM, count)?;
        let rows: Vec<NewLoan<'_>> = fresh
            .iter()
            .zip(0_i64..)
            .map(|(l, i)| NewLoan {
                id: new_id(),
                library_loan_id: &l.library_loan_id,
                card_number: &l.card_number,
                person_id: &l.person_id,
                org_unit_id: l.org_unit_id.as_deref(),
                isbn: l.isbn.as_deref(),
                title: &l.title,
                author: l.author.as_deref(),
                borrowed_on: l.borrowed_on,
                due_on: l.due_on,
                returned_on: l.returned_on,
                batch_id,
                seq: last - count + 1 + i,
                change_seq: last - count + 1 + i,
                created_at: now,
                updated_at: now,
            })
            .collect();
        for chunk in rows.chunks(500) {
            lt_store::on_each_backend!(tx.conn(), |c| diesel::insert_into(library_loans::table)
                .values(chunk)
                .execute(c))?;
        }
        applied.inserted = count;
        if count >= 1000 {
            // A big first import leaves the planner's statistics saying "empty table", and the
            // next batch's lookups by loan id then scan every row (tens of seconds at 100,000
            // loans) until autovacuum catches up: refresh them now (a sample; cheap).
            diesel::sql_query("ANALYZE library_loans").execute(tx.conn())?;
        }
    }
    for loan in loans {
        let Some(row) = known.get(&loan.library_loan_id) else {
            continue;
        };
        if loan.same_as(row) {
            applied.unchanged += 1;
            continue;
        }
        let seq = next_change_seq(tx, STREAM)?;
        diesel::update(library_loans::table.find(&row.id))
            .set((
                library_loans::card_number.eq(&loan.card_number),
                library_loans::person_id.eq(&loan.person_id),
                library_loans::isbn.eq(&loan.isbn),
                library_loans::title.eq(&loan.title),
                library_loans::author.eq(&loan.author),
                library_loans::borrowed_on.eq(loan.borrowed_on),
                library_loans::due_on.eq(loan.due_on),
                library_loans::returned_on.eq(loan.returned_on),
                library_loans::batch_id.eq(batch_id),
                library_loans::change_seq.eq(seq),
                library_loans::updated_at.eq(now),
            ))
            .execute(tx.conn())?;
        applied.updated += 1;
    }
    Ok(applied)
}

/// Imports take turns (a loan id arriving in two batches at once is written once).
pub fn take_turn(tx: &mut WriteTx<'_>) -> QueryResult<()> {
    next_change_seq(tx, "import_batches")?;
    Ok(())
}

pub fn record_batch(tx: &mut WriteTx<'_>, row: &BatchRow) -> QueryResult<()> {
    diesel::insert_into(import_batches::table)
        .values((
            import_batches::id.eq(&row.id),
            import_batches::format.eq(&row.format),
            import_batches::rows_total.eq(row.rows_total),
            import_batches::rows_landed.eq(row.rows_landed),
            import_batches::rows_unchanged.eq(row.rows_unchanged),
            import_batches::rows_rejected.eq(row.rows_rejected),
            import_batches::report.eq(&row.report),
            import_batches::submitted_by.eq(&row.submitted_by),
            import_batches::created_at.eq(row.created_at),
        ))
        .execute(tx.conn())?;
    Ok(())
}

pub fn find_batch(conn: &mut DbConnection, id: &str) -> QueryResult<BatchRow> {
    import_batches::table
        .find(id)
        .select(BatchRow::as_select())
        .first(conn)
}

/// A person's library loans, latest borrowed first, after `after` (seq).
pub fn of_person(
    conn: &mut DbConnection,
    person_id: &str,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<LibraryLoanRow>> {
    library_loans::table
        .filter(library_loans::person_id.eq(person_id))
        // Loans imported while the person kept no history were stored without the book.
        .filter(library_loans::title.ne(""))
        .filter(library_loans::seq.gt(after))
        .order(library_loans::seq.asc())
        .limit(fetch)
        .select(LibraryLoanRow::as_select())
        .load(conn)
}

/// Forgets which books `person_id` borrowed from the city library (their history stops being
/// kept): the loans stay, for counts, without ISBN, title or author.
pub fn forget_books_of(tx: &mut WriteTx<'_>, person_id: &str) -> QueryResult<usize> {
    let seq = next_change_seq(tx, STREAM)?;
    diesel::update(
        library_loans::table
            .filter(library_loans::person_id.eq(person_id))
            .filter(library_loans::title.ne("")),
    )
    .set((
        library_loans::isbn.eq(None::<String>),
        library_loans::title.eq(""),
        library_loans::author.eq(None::<String>),
        library_loans::change_seq.eq(seq),
        library_loans::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())
}
