//! Who judges what. A judge is never assigned an entry they belong to (the author, a team
//! member) nor one from their own department's subtree: the judge's department is the
//! nearest org unit of kind `department` at or above their own unit (their unit itself when
//! none is), and the entry's unit is the one stamped when it was written. Declared recusals
//! (with a reason) come on top.
//!
//! Assignment either gives every judge every entry they have no conflict with, or a
//! balanced subset: each entry to `per_entry` judges without a conflict, choosing those with
//! the fewest assignments so far (ties: judge id), so the load differs by at most one where
//! conflicts allow.

use std::collections::{BTreeMap, HashMap, HashSet};

/// Why a judge may not score an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// The judge is the entrant or a team member.
    Entrant,
    /// The entry comes from the judge's department or a unit below it.
    OwnDepartment,
}

impl Conflict {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Entrant => "entrant",
            Self::OwnDepartment => "own_department",
        }
    }
}

/// A judge as the panel rules see them.
#[derive(Clone, Debug)]
pub struct PanelJudge {
    pub person_id: String,
    /// Every unit of the judge's department's subtree.
    pub department_subtree: HashSet<String>,
}

/// An entry as the panel rules see it.
#[derive(Clone, Debug)]
pub struct PanelEntry {
    pub id: String,
    pub members: Vec<String>,
    pub org_unit_id: Option<String>,
}

pub fn conflict(judge: &PanelJudge, entry: &PanelEntry) -> Option<Conflict> {
    if entry.members.contains(&judge.person_id) {
        return Some(Conflict::Entrant);
    }
    match &entry.org_unit_id {
        Some(unit) if judge.department_subtree.contains(unit) => Some(Conflict::OwnDepartment),
        _ => None,
    }
}

/// How entries are spread over the panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spread {
    /// Every judge every entry without a conflict.
    Every,
    /// Each entry to this many judges without a conflict (fewer when not enough are free).
    Balanced(usize),
}

/// The (entry id, judge id) pairs to assign, given what is assigned already (kept, and
/// counted in the balance) and the pairs not to assign (recusals).
pub fn assign(
    judges: &[PanelJudge],
    entries: &[PanelEntry],
    spread: Spread,
    existing: &HashSet<(String, String)>,
    recused: &HashSet<(String, String)>,
) -> Vec<(String, String)> {
    let mut load: BTreeMap<&str, usize> =
        judges.iter().map(|j| (j.person_id.as_str(), 0)).collect();
    let mut per_entry: HashMap<&str, usize> = HashMap::new();
    for (entry, judge) in existing {
        if let Some(count) = load.get_mut(judge.as_str()) {
            *count += 1;
        }
        *per_entry.entry(entry.as_str()).or_default() += 1;
    }
    let mut out = Vec::new();
    for entry in entries {
        let free = judges.iter().filter(|j| {
            let pair = (entry.id.clone(), j.person_id.clone());
            conflict(j, entry).is_none() && !existing.contains(&pair) && !recused.contains(&pair)
        });
        match spread {
            Spread::Every => out.extend(free.map(|j| (entry.id.clone(), j.person_id.clone()))),
            Spread::Balanced(wanted) => {
                let have = per_entry.get(entry.id.as_str()).copied().unwrap_or(0);
                let mut candidates: Vec<&PanelJudge> = free.collect();
                candidates.sort_by_key(|j| {
                    (
                        load.get(j.person_id.as_str()).copied().unwrap_or(0),
                        j.person_id.clone(),
                    )
                });
                for judge in candidates.into_iter().take(wanted.saturating_sub(have)) {
                    if let Some(count) = load.get_mut(judge.person_id.as_str()) {
                        *count += 1;
                    }
                    out.push((entry.id.clone(), judge.person_id.clone()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(id: &str, units: &[&str]) -> PanelJudge {
        PanelJudge {
            person_id: id.into(),
            department_subtree: units.iter().map(|u| (*u).to_owned()).collect(),
        }
    }

    fn entry(id: &str, members: &[&str], unit: &str) -> PanelEntry {
        PanelEntry {
            id: id.into(),
            members: members.iter().map(|m| (*m).to_owned()).collect(),
            org_unit_id: Some(unit.into()),
        }
    }

    #[test]
    fn conflicts_come_from_membership_and_the_department_subtree() {
        let j = judge("j1", &["finance", "finance-budget"]);
        assert_eq!(
            conflict(&j, &entry("e1", &["p1"], "finance-budget")),
            Some(Conflict::OwnDepartment)
        );
        assert_eq!(
            conflict(&j, &entry("e2", &["p1", "j1"], "education")),
            Some(Conflict::Entrant)
        );
        assert_eq!(conflict(&j, &entry("e3", &["p2"], "education")), None);
    }

    #[test]
    fn every_judge_gets_every_entry_without_a_conflict() {
        let judges = [judge("j1", &["a"]), judge("j2", &["b"])];
        let entries = [entry("e1", &["p1"], "a"), entry("e2", &["p2"], "c")];
        let pairs = assign(
            &judges,
            &entries,
            Spread::Every,
            &HashSet::new(),
            &HashSet::new(),
        );
        assert_eq!(
            pairs,
            [
                ("e1".into(), "j2".into()),
                ("e2".into(), "j1".into()),
                ("e2".into(), "j2".into())
            ]
        );
    }

    #[test]
    fn balanced_spreads_the_load_and_keeps_what_exists() {
        let judges: Vec<_> = ["j1", "j2", "j3"].iter().map(|j| judge(j, &[])).collect();
        let entries: Vec<_> = (0..6)
            .map(|i| entry(&format!("e{i}"), &["p"], "x"))
            .collect();
        let pairs = assign(
            &judges,
            &entries,
            Spread::Balanced(2),
            &HashSet::new(),
            &HashSet::new(),
        );
        assert_eq!(pairs.len(), 12);
        let mut load: HashMap<&str, usize> = HashMap::new();
        for (_, j) in &pairs {
            *load.entry(j).or_default() += 1;
        }
        assert!(load.values().all(|&n| n == 4), "{load:?}");
        // A rerun assigns nothing more; a recusal is not reassigned to the recused judge.
        let existing: HashSet<_> = pairs.into_iter().collect();
        assert!(
            assign(
                &judges,
                &entries,
                Spread::Balanced(2),
                &existing,
                &HashSet::new()
            )
            .is_empty()
        );
        let recused: HashSet<_> = [("e9".to_owned(), "j1".to_owned())].into_iter().collect();
        let more = assign(
            &judges,
            &[entry("e9", &["p"], "x")],
            Spread::Balanced(1),
            &existing,
            &recused,
        );
        assert_eq!(more.len(), 1);
        assert_ne!(more[0].1, "j1");
    }
}
