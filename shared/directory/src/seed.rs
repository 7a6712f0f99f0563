//! Load generation for benchmarks: a directory copy with `wanted` units and people, written
//! straight into a service's copy (as if identity had them), deterministic ids. Never used
//! by a running service.

use diesel::prelude::*;
use lt_store::DbConnection;

use crate::schema::{directory_org_units, directory_people};

/// The copy's org units, topped up to `wanted` (`seed-unit-0000`, …); their ids.
pub fn ensure_units(conn: &mut DbConnection, wanted: u32) -> QueryResult<Vec<String>> {
    let mut units: Vec<String> = directory_org_units::table
        .select(directory_org_units::id)
        .order(directory_org_units::id)
        .load(conn)?;
    for i in units.len()..wanted as usize {
        let id = format!("seed-unit-{i:04}");
        diesel::insert_into(directory_org_units::table)
            .values((
                directory_org_units::id.eq(&id),
                directory_org_units::parent_id.eq(None::<String>),
                directory_org_units::name.eq(format!("部门{i:02}")),
                directory_org_units::kind.eq("department"),
                directory_org_units::active.eq(true),
                directory_org_units::version.eq(1_i64),
            ))
            .execute(conn)?;
        units.push(id);
    }
    Ok(units)
}

/// The copy's people, topped up to `wanted` (`seed-person-000000`, …, spread over `units`,
/// one in ten 副处级); their ids and units.
pub fn ensure_people(
    conn: &mut DbConnection,
    units: &[String],
    wanted: u32,
) -> QueryResult<Vec<(String, Option<String>)>> {
    let mut people: Vec<(String, Option<String>)> = directory_people::table
        .select((directory_people::id, directory_people::org_unit_id))
        .order(directory_people::id)
        .load(conn)?;
    if units.is_empty() {
        return Ok(people);
    }
    for i in people.len()..wanted as usize {
        let id = format!("seed-person-{i:06}");
        let unit = units[i % units.len()].clone();
        diesel::insert_into(directory_people::table)
            .values((
                directory_people::id.eq(&id),
                directory_people::employee_no.eq(format!("S{i:06}")),
                directory_people::name.eq(format!("学员{i}")),
                directory_people::org_unit_id.eq(Some(&unit)),
                directory_people::rank.eq(if i % 10 == 0 {
                    "副处级"
                } else {
                    "一级主任科员"
                }),
                directory_people::birth_year.eq(Some(1965 + (i % 35) as i32)),
                directory_people::active.eq(true),
                directory_people::version.eq(1_i64),
            ))
            .execute(conn)?;
        people.push((id, Some(unit)));
    }
    Ok(people)
}
