//! The OA directory sync: the OA system pushes its whole tree and staff list; identity makes
//! the directory match it in one transaction (all or nothing), keyed by the OA's ids.
//! Units and people that carry an OA id but are missing from the feed are deactivated
//! (never deleted: records elsewhere still point at them); their refresh tokens are revoked.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use lt_http::{ApiError, FieldError};
use lt_store::WriteTx;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::directory::OrgUnitKind;
use crate::store::org_units::{self, NewOrgUnit, OrgUnitFields, OrgUnitRow};
use crate::store::people::{self, PersonFields};
use crate::store::refresh_tokens;
use lt_http::validation::check_text;

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedOrgUnit {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub external_id: String,
    /// OA id of the parent; absent for a root.
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub parent_external_id: Option<String>,
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: String,
    pub kind: OrgUnitKind,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedPerson {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub external_id: String,
    #[schema(min_length = 1, max_length = 50, pattern = "\\S")]
    pub employee_no: String,
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: String,
    /// OA id of the person's unit.
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub org_external_id: String,
    #[schema(min_length = 1, max_length = 64, pattern = "\\S")]
    pub rank: String,
    /// When the current rank took effect (default: today, for a changed rank).
    pub rank_effective_from: Option<NaiveDate>,
    #[serde(default, deserialize_with = "lt_http::extract::optional_integer")]
    #[schema(minimum = 1930, maximum = 2015)]
    pub birth_year: Option<i32>,
    /// Default true; false deactivates the person like leaving the feed does.
    #[serde(default = "active_by_default")]
    pub active: bool,
}

fn active_by_default() -> bool {
    true
}

/// The OA system's complete directory.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectoryFeed {
    pub org_units: Vec<FeedOrgUnit>,
    pub people: Vec<FeedPerson>,
}

/// What a sync did to one kind of record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SyncCounts {
    pub created: u32,
    pub updated: u32,
    pub deactivated: u32,
    pub unchanged: u32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SyncReport {
    pub org_units: SyncCounts,
    pub people: SyncCounts,
}

/// Shape checks that need the whole feed: unique ids, known parents, no cycles.
pub fn check_feed(feed: &DirectoryFeed) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut unit_ids = HashSet::new();
    for (i, unit) in feed.org_units.iter().enumerate() {
        check_text(
            &format!("org_units[{i}].external_id"),
            &unit.external_id,
            100,
            &mut errors,
        );
        check_text(
            &format!("org_units[{i}].name"),
            &unit.name,
            100,
            &mut errors,
        );
        if !unit_ids.insert(unit.external_id.as_str()) {
            errors.push(FieldError::new(
                format!("org_units[{i}].external_id"),
                "duplicate",
                "appears twice in the feed",
            ));
        }
    }
    let parents: HashMap<&str, Option<&str>> = feed
        .org_units
        .iter()
        .map(|u| (u.external_id.as_str(), u.parent_external_id.as_deref()))
        .collect();
    for (i, unit) in feed.org_units.iter().enumerate() {
        if let Some(parent) = &unit.parent_external_id
            && !unit_ids.contains(parent.as_str())
        {
            errors.push(FieldError::new(
                format!("org_units[{i}].parent_external_id"),
                "not_found",
                "not in the feed",
            ));
        }
        let mut seen = HashSet::new();
        let mut cursor = Some(unit.external_id.as_str());
        while let Some(current) = cursor {
            if !seen.insert(current) {
                errors.push(FieldError::new(
                    format!("org_units[{i}].parent_external_id"),
                    "cycle",
                    "the tree loops here",
                ));
                break;
            }
            cursor = parents.get(current).copied().flatten();
        }
    }
    let (mut person_ids, mut employee_nos) = (HashSet::new(), HashSet::new());
    for (i, person) in feed.people.iter().enumerate() {
        check_text(
            &format!("people[{i}].external_id"),
            &person.external_id,
            100,
            &mut errors,
        );
        check_text(&format!("people[{i}].name"), &person.name, 100, &mut errors);
        check_text(&format!("people[{i}].rank"), &person.rank, 64, &mut errors);
        check_text(
            &format!("people[{i}].employee_no"),
            &person.employee_no,
            50,
            &mut errors,
        );
        if !person_ids.insert(person.external_id.as_str()) {
            errors.push(FieldError::new(
                format!("people[{i}].external_id"),
                "duplicate",
                "appears twice in the feed",
            ));
        }
        if !employee_nos.insert(person.employee_no.as_str()) {
            errors.push(FieldError::new(
                format!("people[{i}].employee_no"),
                "duplicate",
                "appears twice in the feed",
            ));
        }
        if person
            .birth_year
            .is_some_and(|year| !(1930..=2015).contains(&year))
        {
            errors.push(FieldError::new(
                format!("people[{i}].birth_year"),
                "out_of_range",
                "between 1930 and 2015",
            ));
        }
        if !unit_ids.contains(person.org_external_id.as_str()) {
            errors.push(FieldError::new(
                format!("people[{i}].org_external_id"),
                "not_found",
                "not in the feed",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Parents before children, so every parent has its internal id when a child needs it.
fn in_tree_order(units: &[FeedOrgUnit]) -> Vec<&FeedOrgUnit> {
    let mut placed: HashSet<&str> = HashSet::new();
    let mut ordered = Vec::with_capacity(units.len());
    while ordered.len() < units.len() {
        let before = ordered.len();
        for unit in units {
            let ready = unit
                .parent_external_id
                .as_deref()
                .is_none_or(|p| placed.contains(p));
            if ready && !placed.contains(unit.external_id.as_str()) {
                placed.insert(unit.external_id.as_str());
                ordered.push(unit);
            }
        }
        if ordered.len() == before {
            break; // a cycle; check_feed refuses those first
        }
    }
    ordered
}

fn sync_units(
    tx: &mut WriteTx<'_>,
    feed: &DirectoryFeed,
    counts: &mut SyncCounts,
) -> Result<HashMap<String, String>, ApiError> {
    let existing: HashMap<String, OrgUnitRow> = org_units::all(tx.conn())?
        .into_iter()
        .filter_map(|row| row.external_id.clone().map(|id| (id, row)))
        .collect();
    let mut internal: HashMap<String, String> = HashMap::new();
    for unit in in_tree_order(&feed.org_units) {
        let parent_id = unit
            .parent_external_id
            .as_ref()
            .and_then(|p| internal.get(p))
            .cloned();
        let fields = OrgUnitFields {
            parent_id: parent_id.as_deref(),
            name: lt_http::validation::trimmed(&unit.name),
            kind: unit.kind.as_str(),
            active: true,
        };
        let id = match existing.get(&unit.external_id) {
            Some(row)
                if row.parent_id.as_deref() == fields.parent_id
                    && row.name == fields.name
                    && row.kind == fields.kind
                    && row.active =>
            {
                counts.unchanged += 1;
                row.id.clone()
            }
            Some(row) => {
                org_units::update(tx, &row.id, row.version, &fields)?
                    .ok_or_else(|| ApiError::conflict("a unit changed during the sync"))?;
                counts.updated += 1;
                row.id.clone()
            }
            None => {
                let new = NewOrgUnit {
                    external_id: Some(&unit.external_id),
                    parent_id: fields.parent_id,
                    name: fields.name,
                    kind: fields.kind,
                    active: true,
                };
                counts.created += 1;
                org_units::insert(tx, &new)?.id
            }
        };
        internal.insert(unit.external_id.clone(), id);
    }
    for (external_id, row) in &existing {
        if row.active && !internal.contains_key(external_id) {
            let fields = OrgUnitFields {
                parent_id: row.parent_id.as_deref(),
                name: &row.name,
                kind: &row.kind,
                active: false,
            };
            org_units::update(tx, &row.id, row.version, &fields)?
                .ok_or_else(|| ApiError::conflict("a unit changed during the sync"))?;
            counts.deactivated += 1;
        }
    }
    Ok(internal)
}

fn sync_people(
    tx: &mut WriteTx<'_>,
    feed: &DirectoryFeed,
    units: &HashMap<String, String>,
    counts: &mut SyncCounts,
) -> Result<(), ApiError> {
    let existing: HashMap<String, people::PersonRow> = people::all_external(tx.conn())?
        .into_iter()
        .filter_map(|row| row.external_id.clone().map(|id| (id, row)))
        .collect();
    let today = lt_programme::today();
    let mut seen = HashSet::new();
    for person in &feed.people {
        seen.insert(person.external_id.as_str());
        let current = existing.get(&person.external_id);
        let fields = PersonFields {
            employee_no: lt_http::validation::trimmed(&person.employee_no).to_owned(),
            name: lt_http::validation::trimmed(&person.name).to_owned(),
            org_unit_id: units.get(&person.org_external_id).cloned(),
            rank: lt_http::validation::trimmed(&person.rank).to_owned(),
            birth_year: person.birth_year,
            provider: current.and_then(|c| c.provider.clone()),
            active: person.active,
        };
        let effective = person.rank_effective_from.unwrap_or(today);
        match current {
            Some(row) if PersonFields::of(row) == fields => counts.unchanged += 1,
            Some(row) => {
                people::update(tx, row, &fields, effective)?
                    .ok_or_else(|| ApiError::conflict("a person changed during the sync"))?;
                if row.active && !fields.active {
                    refresh_tokens::revoke_all_for_person(tx, &row.id)?;
                    counts.deactivated += 1;
                } else {
                    counts.updated += 1;
                }
            }
            None => {
                people::insert(tx, Some(&person.external_id), &fields, effective)?;
                counts.created += 1;
            }
        }
    }
    for (external_id, row) in &existing {
        if row.active && !seen.contains(external_id.as_str()) {
            let fields = PersonFields {
                active: false,
                ..PersonFields::of(row)
            };
            people::update(tx, row, &fields, today)?
                .ok_or_else(|| ApiError::conflict("a person changed during the sync"))?;
            refresh_tokens::revoke_all_for_person(tx, &row.id)?;
            counts.deactivated += 1;
        }
    }
    Ok(())
}

/// Makes the directory match `feed`, in the caller's transaction.
pub fn apply(tx: &mut WriteTx<'_>, feed: &DirectoryFeed) -> Result<SyncReport, ApiError> {
    let mut report = SyncReport::default();
    let units = sync_units(tx, feed, &mut report.org_units)?;
    sync_people(tx, feed, &units, &mut report.people)?;
    Ok(report)
}

#[cfg(test)]
mod tests;
