//! Vision nodes and their "contributes to" links.

use crate::domain::model::{Kind, Visibility};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lt_store::{DbConnection, WriteTx, next_change_seq, now_utc};

use super::new_id;
use super::schema::{links, nodes};

pub const STREAM: &str = "nodes";

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = nodes)]
pub struct NodeRow {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub description: Option<String>,
    pub visibility: Visibility,
    pub owner_id: Option<String>,
    pub org_unit_id: Option<String>,
    pub baseline: Option<i64>,
    pub target: Option<i64>,
    pub direction: Option<String>,
    pub unit: Option<String>,
    pub period: Option<String>,
    pub current_value: Option<i64>,
    pub created_by: String,
    pub version: i64,
    pub seq: i64,
    pub change_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = links)]
pub struct LinkRow {
    pub child_id: String,
    pub parent_id: String,
    pub weight: i64,
    pub created_at: NaiveDateTime,
    /// Whether the parent's keeper accepted it (only accepted links count toward progress).
    pub accepted: bool,
}

/// What a node is written with.
#[derive(Clone, Debug)]
pub struct NodeFields {
    pub kind: Kind,
    pub title: String,
    pub description: Option<String>,
    pub visibility: Visibility,
    pub owner_id: Option<String>,
    pub org_unit_id: Option<String>,
    pub baseline: Option<i64>,
    pub target: Option<i64>,
    pub direction: Option<String>,
    pub unit: Option<String>,
    pub period: Option<String>,
}

impl NodeFields {
    pub fn of(row: &NodeRow) -> Self {
        Self {
            kind: row.kind,
            title: row.title.clone(),
            description: row.description.clone(),
            visibility: row.visibility,
            owner_id: row.owner_id.clone(),
            org_unit_id: row.org_unit_id.clone(),
            baseline: row.baseline,
            target: row.target,
            direction: row.direction.clone(),
            unit: row.unit.clone(),
            period: row.period.clone(),
        }
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<NodeRow> {
    nodes::table
        .find(id)
        .select(NodeRow::as_select())
        .first(conn)
}

pub fn insert(tx: &mut WriteTx<'_>, fields: &NodeFields, by: &str) -> QueryResult<NodeRow> {
    let seq = next_change_seq(tx, STREAM)?;
    let now = now_utc();
    let id = new_id();
    diesel::insert_into(nodes::table)
        .values((
            nodes::id.eq(&id),
            nodes::kind.eq(&fields.kind),
            nodes::title.eq(&fields.title),
            nodes::description.eq(&fields.description),
            nodes::visibility.eq(&fields.visibility),
            nodes::owner_id.eq(&fields.owner_id),
            nodes::org_unit_id.eq(&fields.org_unit_id),
            nodes::baseline.eq(fields.baseline),
            nodes::target.eq(fields.target),
            nodes::direction.eq(&fields.direction),
            nodes::unit.eq(&fields.unit),
            nodes::period.eq(&fields.period),
            nodes::created_by.eq(by),
            nodes::version.eq(1_i64),
            nodes::seq.eq(seq),
            nodes::change_seq.eq(seq),
            nodes::created_at.eq(now),
            nodes::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    find(tx.conn(), &id)
}

/// Rewrites a node still at `version`; `None` when it moved on.
pub fn update(
    tx: &mut WriteTx<'_>,
    id: &str,
    version: i64,
    fields: &NodeFields,
) -> QueryResult<Option<NodeRow>> {
    let seq = next_change_seq(tx, STREAM)?;
    let updated = diesel::update(nodes::table.find(id).filter(nodes::version.eq(version)))
        .set((
            nodes::title.eq(&fields.title),
            nodes::description.eq(&fields.description),
            nodes::visibility.eq(&fields.visibility),
            nodes::baseline.eq(fields.baseline),
            nodes::target.eq(fields.target),
            nodes::direction.eq(&fields.direction),
            nodes::unit.eq(&fields.unit),
            nodes::period.eq(&fields.period),
            nodes::version.eq(version + 1),
            nodes::change_seq.eq(seq),
            nodes::updated_at.eq(now_utc()),
        ))
        .execute(tx.conn())?;
    if updated == 0 {
        return Ok(None);
    }
    find(tx.conn(), id).map(Some)
}

/// Locks the whole graph's link table for the rest of the transaction (cycle checks read
/// every link, so two concurrent links cannot close a cycle between them): the district
/// nodes' rows serve as the lock.
pub fn lock_graph(tx: &mut WriteTx<'_>) -> QueryResult<()> {
    next_change_seq(tx, "links")?;
    Ok(())
}

pub fn add_link(
    tx: &mut WriteTx<'_>,
    child: &str,
    parent: &str,
    weight: i64,
    accepted: bool,
) -> QueryResult<()> {
    diesel::insert_into(links::table)
        .values((
            links::child_id.eq(child),
            links::parent_id.eq(parent),
            links::weight.eq(weight),
            links::created_at.eq(now_utc()),
            links::accepted.eq(accepted),
        ))
        .execute(tx.conn())?;
    Ok(())
}

/// Accepts a pending link with the weight its parent's keeper sets; false when there is no
/// such link.
pub fn accept_link(
    tx: &mut WriteTx<'_>,
    child: &str,
    parent: &str,
    weight: i64,
) -> QueryResult<bool> {
    Ok(diesel::update(links::table.find((child, parent)))
        .set((links::weight.eq(weight), links::accepted.eq(true)))
        .execute(tx.conn())?
        == 1)
}

pub fn remove_link(tx: &mut WriteTx<'_>, child: &str, parent: &str) -> QueryResult<bool> {
    Ok(diesel::delete(links::table.find((child, parent))).execute(tx.conn())? == 1)
}

pub fn all_links(conn: &mut DbConnection) -> QueryResult<Vec<LinkRow>> {
    links::table.select(LinkRow::as_select()).load(conn)
}

pub fn parents_of(conn: &mut DbConnection, child: &str) -> QueryResult<Vec<LinkRow>> {
    links::table
        .filter(links::child_id.eq(child))
        .order(links::parent_id.asc())
        .select(LinkRow::as_select())
        .load(conn)
}

pub fn children_of(conn: &mut DbConnection, parent: &str) -> QueryResult<Vec<LinkRow>> {
    links::table
        .filter(links::parent_id.eq(parent))
        .order(links::child_id.asc())
        .select(LinkRow::as_select())
        .load(conn)
}

/// What the roll-up needs of every node: id, kind and measure (baseline, target, direction,
/// latest value).
pub type MeasureRow = (
    String,
    Kind,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<i64>,
);

pub fn all_measures(conn: &mut DbConnection) -> QueryResult<Vec<MeasureRow>> {
    nodes::table
        .select((
            nodes::id,
            nodes::kind,
            nodes::baseline,
            nodes::target,
            nodes::direction,
            nodes::current_value,
        ))
        .load(conn)
}

/// What the roll-up needs of every accepted link: child, parent, weight.
pub fn all_edges(conn: &mut DbConnection) -> QueryResult<Vec<(String, String, i64)>> {
    links::table
        .filter(links::accepted.eq(true))
        .select((links::child_id, links::parent_id, links::weight))
        .load(conn)
}

/// Every node (for the roll-up: the graph is computed whole).
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<NodeRow>> {
    nodes::table.select(NodeRow::as_select()).load(conn)
}

/// Nodes by filter, in creation order (cursor on `seq`).
pub fn list(
    conn: &mut DbConnection,
    kind: Option<Kind>,
    owner: Option<&str>,
    unit: Option<&str>,
    after: i64,
    fetch: i64,
) -> QueryResult<Vec<NodeRow>> {
    let mut query = nodes::table
        .filter(nodes::seq.gt(after))
        .order(nodes::seq.asc())
        .limit(fetch)
        .select(NodeRow::as_select())
        .into_boxed();
    if let Some(kind) = kind {
        query = query.filter(nodes::kind.eq(kind));
    }
    if let Some(owner) = owner {
        query = query.filter(nodes::owner_id.eq(owner));
    }
    if let Some(unit) = unit {
        query = query.filter(nodes::org_unit_id.eq(unit));
    }
    query.load(conn)
}

// The changes feed of `NodeRow` (`lt_store::changes`).
lt_store::changed_rows!(NodeRow, nodes, updated_at, STREAM);

/// Sets a key result's current value to its latest check-in's (by day, then as recorded).
pub fn refresh_current(tx: &mut WriteTx<'_>, node_id: &str) -> QueryResult<()> {
    use super::schema::check_ins;
    let latest: Option<i64> = check_ins::table
        .filter(check_ins::node_id.eq(node_id))
        .order((check_ins::checked_on.desc(), check_ins::seq.desc()))
        .select(check_ins::value)
        .first(tx.conn())
        .optional()?;
    diesel::update(nodes::table.find(node_id))
        .set(nodes::current_value.eq(latest))
        .execute(tx.conn())?;
    Ok(())
}
