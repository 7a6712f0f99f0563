//! Library cards of the city library tie-up and their bulk issues.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc, reserve_change_seqs};

use super::new_id;
use super::schema::{card_issuances, cards};

pub const STREAM: &str = "cards";
/// The counter card numbers are drawn from.
const NUMBERS: &str = "card_numbers";

/// Card statuses: a card is live while active or suspended.
pub mod status {
    pub const ACTIVE: &str = "active";
    pub const SUSPENDED: &str = "suspended";
    pub const LOST: &str = "lost";
    pub const CANCELLED: &str = "cancelled";
    pub const LIVE: [&str; 2] = [ACTIVE, SUSPENDED];
    pub const ALL: [&str; 4] = [ACTIVE, SUSPENDED, LOST, CANCELLED];
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = cards)]
pub struct CardRow {
    pub id: String,
    pub person_id: String,
    pub org_unit_id: Option<String>,
    pub card_number: String,
    pub status: String,
    pub issued_on: NaiveDate,
    pub issuance_id: Option<String>,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = card_issuances)]
pub struct IssuanceRow {
    pub id: String,
    pub org_unit_id: Option<String>,
    pub issued: i64,
    pub already_held: i64,
    pub issued_by: String,
    pub created_at: NaiveDateTime,
}

/// The card number of sequence number `n`: the library's `ZLQ` prefix and eight digits.
pub fn card_number(n: i64) -> String {
    format!("ZLQ{n:08}")
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<CardRow> {
    cards::table
        .find(id)
        .select(CardRow::as_select())
        .first(conn)
}

pub fn by_number(conn: &mut DbConnection, number: &str) -> QueryResult<Option<CardRow>> {
    cards::table
        .filter(cards::card_number.eq(number))
        .select(CardRow::as_select())
        .first(conn)
        .optional()
}

/// The person's live card (active or suspended), if any.
pub fn live_of(conn: &mut DbConnection, person_id: &str) -> QueryResult<Option<CardRow>> {
    cards::table
        .filter(cards::person_id.eq(person_id))
        .filter(cards::status.eq_any(status::LIVE))
        .select(CardRow::as_select())
        .first(conn)
        .optional()
}

/// Which of `people` hold a live card.
pub fn holders_among(conn: &mut DbConnection, people: &[String]) -> QueryResult<Vec<String>> {
    let mut holders = Vec::new();
    for chunk in people.chunks(500) {
        holders.extend(
            cards::table
                .filter(cards::person_id.eq_any(chunk))
                .filter(cards::status.eq_any(status::LIVE))
                .select(cards::person_id)
                .load::<String>(conn)?,
        );
    }
    Ok(holders)
}

/// The holder of each card number among `numbers` (any status: an old loan names the card
/// the reader had then).
pub fn holders_by_number(
    conn: &mut DbConnection,
    numbers: &[String],
) -> QueryResult<std::collections::HashMap<String, String>> {
    let mut holders = std::collections::HashMap::new();
    for chunk in numbers.chunks(500) {
        for (number, person) in cards::table
            .filter(cards::card_number.eq_any(chunk))
            .select((cards::card_number, cards::person_id))
            .load::<(String, String)>(conn)?
        {
            holders.insert(number, person);
        }
    }
    Ok(holders)
}

#[derive(Insertable)]
#[diesel(table_name = cards)]
struct NewCard<'a> {
    id: String,
    person_id: &'a str,
    org_unit_id: Option<&'a str>,
    card_number: String,
    status: &'static str,
    issued_on: NaiveDate,
    issuance_id: Option<&'a str>,
    version: i64,
    seq: i64,
    change_seq: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// Issues an active card to each of `people` (person id, org unit) on `day`, numbered from
/// the card counter. The caller made sure none holds a live card (the unique index refuses
/// a second one anyway).
pub fn issue(
    tx: &mut WriteTx<'_>,
    people: &[(String, Option<String>)],
    day: NaiveDate,
    issuance_id: Option<&str>,
) -> QueryResult<Vec<CardRow>> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let count = i64::try_from(people.len()).unwrap_or(i64::MAX);
    let last_number = reserve_change_seqs(tx, NUMBERS, count)?;
    let last_seq = reserve_change_seqs(tx, STREAM, count)?;
    let now = now_utc();
    let rows: Vec<NewCard<'_>> = people
        .iter()
        .zip(0_i64..)
        .map(|((person, unit), i)| {
            let seq = last_seq - count + 1 + i;
            NewCard {
                id: new_id(),
                person_id: person,
                org_unit_id: unit.as_deref(),
                card_number: card_number(last_number - count + 1 + i),
                status: status::ACTIVE,
                issued_on: day,
                issuance_id,
                version: 1,
                seq,
                change_seq: seq,
                created_at: now,
                updated_at: now,
            }
        })
        .collect();
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    for chunk in rows.chunks(500) {
        lt_store::on_each_backend!(tx.conn(), |c| diesel::insert_into(cards::table)
            .values(chunk)
            .execute(c))?;
    }
    let mut made = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        made.extend(
            cards::table
                .filter(cards::id.eq_any(chunk))
                .order(cards::seq.asc())
                .select(CardRow::as_select())
                .load(tx.conn())?,
        );
    }
    Ok(made)
}

pub fn record_issuance(tx: &mut WriteTx<'_>, row: &IssuanceRow) -> QueryResult<()> {
    diesel::insert_into(card_issuances::table)
        .values((
            card_issuances::id.eq(&row.id),
            card_issuances::org_unit_id.eq(&row.org_unit_id),
            card_issuances::issued.eq(row.issued),
            card_issuances::already_held.eq(row.already_held),
            card_issuances::issued_by.eq(&row.issued_by),
            card_issuances::created_at.eq(row.created_at),
        ))
        .execute(tx.conn())?;
    Ok(())
}

pub fn find_issuance(conn: &mut DbConnection, id: &str) -> QueryResult<IssuanceRow> {
    card_issuances::table
        .find(id)
        .select(IssuanceRow::as_select())
        .first(conn)
}

/// Sets the card's status when it is still at `version`; `None` when someone else changed it.
pub fn set_status(tx: &mut WriteTx<'_>, row: &CardRow, to: &str) -> QueryResult<Option<CardRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let updated = diesel::update(
        cards::table
            .find(&row.id)
            .filter(cards::version.eq(row.version)),
    )
    .set((
        cards::status.eq(to),
        cards::version.eq(row.version + 1),
        cards::change_seq.eq(seq),
        cards::updated_at.eq(now_utc()),
    ))
    .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), &row.id).map(Some)
}

/// Cards in issue order after `after`, optionally of a status and of holders in `units`.
pub fn list(
    conn: &mut DbConnection,
    after: i64,
    fetch: i64,
    status: Option<&str>,
    units: Option<&[String]>,
) -> QueryResult<Vec<CardRow>> {
    let mut query = cards::table
        .filter(cards::seq.gt(after))
        .order(cards::seq.asc())
        .limit(fetch)
        .select(CardRow::as_select())
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(cards::status.eq(status.to_owned()));
    }
    if let Some(units) = units {
        query = query.filter(cards::org_unit_id.eq_any(units.to_vec()));
    }
    query.load(conn)
}

/// Live cards per holder, for coverage: the people among `people` who hold one.
pub fn live_holders(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    cards::table
        .filter(cards::status.eq_any(status::LIVE))
        .select(cards::person_id)
        .load(conn)
}

// The changes feed of `CardRow` (`lt_store::changes`).
lt_store::changed_rows!(CardRow, cards, updated_at, STREAM);
