//! Indicators on vision nodes (GDP, budget revenue, …) and their actuals over time.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::{actuals, indicators};

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = indicators)]
pub struct IndicatorRow {
    pub id: String,
    pub node_id: String,
    pub name: String,
    pub unit: String,
    pub baseline: i64,
    pub target: i64,
    pub direction: String,
    pub period: String,
    pub created_by: String,
    pub seq: i64,
    pub created_at: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = actuals)]
pub struct ActualRow {
    pub id: String,
    pub indicator_id: String,
    pub value: i64,
    pub source: String,
    pub observed_on: NaiveDate,
    pub recorded_by: String,
    pub seq: i64,
    pub created_at: NaiveDateTime,
}

/// An indicator's definition.
#[derive(Clone, Debug)]
pub struct IndicatorFields {
    pub name: String,
    pub unit: String,
    pub baseline: i64,
    pub target: i64,
    pub direction: String,
    pub period: String,
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<IndicatorRow> {
    indicators::table
        .find(id)
        .select(IndicatorRow::as_select())
        .first(conn)
}

pub fn insert(
    tx: &mut WriteTx<'_>,
    node_id: &str,
    fields: &IndicatorFields,
    by: &str,
) -> QueryResult<IndicatorRow> {
    let seq = next_change_seq(tx, "indicators")?;
    let id = new_id();
    diesel::insert_into(indicators::table)
        .values((
            indicators::id.eq(&id),
            indicators::node_id.eq(node_id),
            indicators::name.eq(&fields.name),
            indicators::unit.eq(&fields.unit),
            indicators::baseline.eq(fields.baseline),
            indicators::target.eq(fields.target),
            indicators::direction.eq(&fields.direction),
            indicators::period.eq(&fields.period),
            indicators::created_by.eq(by),
            indicators::seq.eq(seq),
            indicators::created_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

pub fn of_node(conn: &mut DbConnection, node_id: &str) -> QueryResult<Vec<IndicatorRow>> {
    indicators::table
        .filter(indicators::node_id.eq(node_id))
        .order(indicators::seq.asc())
        .select(IndicatorRow::as_select())
        .load(conn)
}

pub fn record(
    tx: &mut WriteTx<'_>,
    indicator_id: &str,
    value: i64,
    source: &str,
    observed_on: NaiveDate,
    by: &str,
) -> QueryResult<ActualRow> {
    let seq = next_change_seq(tx, "actuals")?;
    let id = new_id();
    diesel::insert_into(actuals::table)
        .values((
            actuals::id.eq(&id),
            actuals::indicator_id.eq(indicator_id),
            actuals::value.eq(value),
            actuals::source.eq(source),
            actuals::observed_on.eq(observed_on),
            actuals::recorded_by.eq(by),
            actuals::seq.eq(seq),
            actuals::created_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    actuals::table
        .find(&id)
        .select(ActualRow::as_select())
        .first(tx.conn())
}

/// An indicator's actuals, oldest observation first.
pub fn actuals_of(conn: &mut DbConnection, indicator_id: &str) -> QueryResult<Vec<ActualRow>> {
    actuals::table
        .filter(actuals::indicator_id.eq(indicator_id))
        .order((actuals::observed_on.asc(), actuals::seq.asc()))
        .select(ActualRow::as_select())
        .load(conn)
}
