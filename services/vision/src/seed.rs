//! `vision seed tree --departments D --cadres C --key-results K`: fills the database
//! `VISION_DATABASE_URL` points at (PostgreSQL or SQLite, migrated first) with a whole
//! district: its vision and five targets, a team vision with two goals per department, and a
//! personal vision per cadre (spread over the departments) with one goal of K key results,
//! each checked in once. Prints the district vision's id. For the roll-up benchmark.
//!
//! It writes rows directly (one transaction per batch), not through the API: it is a load
//! generator, not a client.

use lt_http::spec::Lookup;
use lt_store::WriteTx;

use crate::domain::model::{Kind, Visibility};
use crate::store::check_ins::{self, CheckInFields};
use crate::store::nodes::{self, NodeFields};

#[derive(Clone, Copy, Debug)]
struct Plan {
    departments: u32,
    cadres: u32,
    key_results: u32,
}

fn parse(args: &[&str]) -> anyhow::Result<Plan> {
    let flags = lt_service::seed::Flags::parse(
        args,
        "tree",
        &["--departments", "--cadres", "--key-results"],
        "vision seed tree --departments D --cadres C --key-results K",
    )?;
    let plan = Plan {
        departments: flags.get("--departments", 50)?,
        cadres: flags.get("--cadres", 2_000)?,
        key_results: flags.get("--key-results", 5)?,
    };
    anyhow::ensure!(
        plan.departments > 0 && plan.cadres > 0 && plan.key_results > 0,
        "every count must be positive"
    );
    Ok(plan)
}

fn node(
    kind: Kind,
    title: String,
    visibility: Visibility,
    owner: Option<&str>,
    unit: Option<&str>,
) -> NodeFields {
    NodeFields {
        kind,
        title,
        description: None,
        visibility,
        owner_id: owner.map(str::to_owned),
        org_unit_id: unit.map(str::to_owned),
        baseline: None,
        target: None,
        direction: None,
        unit: None,
        period: None,
    }
}

fn child(
    tx: &mut WriteTx<'_>,
    fields: &NodeFields,
    parents: &[(&str, i64)],
) -> anyhow::Result<String> {
    let row = nodes::insert(tx, fields, "seed")?;
    for (parent, weight) in parents {
        nodes::add_link(tx, &row.id, parent, *weight, true)?;
    }
    Ok(row.id)
}

pub fn run(lookup: Lookup, args: &[&str]) -> anyhow::Result<()> {
    let plan = parse(args)?;
    let store = lt_service::seed::open_store(&crate::SERVICE, &lookup)?;
    let mut conn = store.connection()?;
    let started = std::time::Instant::now();
    let units = lt_directory::seed::ensure_units(&mut conn, plan.departments)?;
    let people = lt_directory::seed::ensure_people(&mut conn, &units, plan.cadres)?;
    let targets = [
        "现代产业区",
        "开放先行区",
        "魅力生态区",
        "高效法治区",
        "人文和谐区",
    ];
    let (district, team_goals) = lt_store::write_tx(&mut conn, |tx| -> anyhow::Result<_> {
        let district = child(
            tx,
            &node(
                Kind::District,
                "钟楼区共同愿景".into(),
                Visibility::Public,
                None,
                units.first().map(String::as_str),
            ),
            &[],
        )?;
        let target_ids: Vec<String> = targets
            .iter()
            .map(|t| {
                child(
                    tx,
                    &node(Kind::Target, (*t).into(), Visibility::Public, None, None),
                    &[(district.as_str(), 100)],
                )
            })
            .collect::<anyhow::Result<_>>()?;
        let mut team_goals = Vec::new();
        for (i, unit) in units.iter().take(plan.departments as usize).enumerate() {
            let target = &target_ids[i % target_ids.len()];
            let team = child(
                tx,
                &node(
                    Kind::Team,
                    format!("部门{i:02}团队愿景"),
                    Visibility::Department,
                    None,
                    Some(unit),
                ),
                &[(target.as_str(), 100)],
            )?;
            let goals: Vec<String> = (0..2)
                .map(|g| {
                    child(
                        tx,
                        &node(
                            Kind::Goal,
                            format!("部门{i:02}目标{g}"),
                            Visibility::Department,
                            None,
                            Some(unit),
                        ),
                        &[(team.as_str(), 100 + 100 * g)],
                    )
                })
                .collect::<anyhow::Result<_>>()?;
            team_goals.push((unit.clone(), goals));
        }
        Ok((district, team_goals))
    })?;
    for (chunk, batch) in people.chunks(100).enumerate() {
        lt_store::write_tx(&mut conn, |tx| -> anyhow::Result<()> {
            for (i, (person, unit)) in batch.iter().enumerate() {
                let n = chunk * 100 + i;
                let goals = team_goals
                    .iter()
                    .find(|(u, _)| Some(u) == unit.as_ref())
                    .map(|(_, g)| g.clone())
                    .unwrap_or_default();
                let parents: Vec<(&str, i64)> = goals
                    .iter()
                    .enumerate()
                    .map(|(g, id)| (id.as_str(), 100 + 50 * g as i64))
                    .collect();
                let visibility = if n % 10 == 0 {
                    Visibility::Public
                } else {
                    Visibility::Private
                };
                let vision = child(
                    tx,
                    &node(
                        Kind::Personal,
                        format!("学员{n}的个人愿景"),
                        visibility,
                        Some(person),
                        unit.as_deref(),
                    ),
                    &parents,
                )?;
                let goal = child(
                    tx,
                    &node(
                        Kind::Goal,
                        format!("学员{n}的年度目标"),
                        visibility,
                        Some(person),
                        unit.as_deref(),
                    ),
                    &[(vision.as_str(), 100)],
                )?;
                for k in 0..plan.key_results {
                    let mut fields = node(
                        Kind::KeyResult,
                        format!("关键结果{k}"),
                        visibility,
                        Some(person),
                        unit.as_deref(),
                    );
                    let increase = !(n + k as usize).is_multiple_of(4);
                    fields.baseline = Some(if increase { 100_000_000 } else { 50_000_000 });
                    fields.target = Some(if increase { 200_000_000 } else { 30_000_000 });
                    fields.direction = Some(if increase { "increase" } else { "decrease" }.into());
                    fields.period = Some("2026".into());
                    let kr = child(
                        tx,
                        &fields,
                        &[(goal.as_str(), 100 + 100 * i64::from(k % 3))],
                    )?;
                    let value = if increase {
                        90_000_000 + ((n * 7 + k as usize * 13) % 130) as i64 * 1_000_000
                    } else {
                        55_000_000 - ((n * 3 + k as usize) % 30) as i64 * 1_000_000
                    };
                    check_ins::insert(
                        tx,
                        &kr,
                        &CheckInFields {
                            value,
                            confidence: 1 + ((n + k as usize) % 10) as i32,
                            comment: None,
                        },
                        lt_programme::today(),
                        false,
                        person,
                        unit.as_deref(),
                    )?;
                    nodes::refresh_current(tx, &kr)?;
                }
            }
            Ok(())
        })?;
    }
    println!(
        "{district} (seeded {} departments, {} cadres, {} key results each, in {:.1} s)",
        team_goals.len(),
        people.len(),
        plan.key_results,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
