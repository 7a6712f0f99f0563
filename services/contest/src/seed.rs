//! `contest seed results --entries N --judges J [--aggregation A]`: fills the database
//! `CONTEST_DATABASE_URL` points at (PostgreSQL or SQLite, migrated first) with one contest
//! in judging: a rubric of five criteria, award tiers 10/20/30%, N submitted entries, J
//! judges each assigned every entry, and N×J submitted sheets with varied scores (each
//! judge a little more or less severe). Prints the contest's id. Run it again for another
//! contest.
//!
//! It writes rows directly (one transaction per batch), not through the API: it is a load
//! generator, not a client.

use anyhow::Context;
use lt_http::spec::Lookup;
use lt_store::now_utc;

use crate::store::contests::{self, ContestFields, CriterionFields, PhaseMove};
use crate::store::entries::{self, EntryFields, status};
use crate::store::panel::{self, JudgeRow};
use crate::store::sheets::{self, Scores, SheetWrite};
use crate::store::to_json_text;

#[derive(Clone, Debug)]
struct Plan {
    entries: u32,
    judges: u32,
    aggregation: String,
}

fn parse(args: &[&str]) -> anyhow::Result<Plan> {
    let flags = lt_service::seed::Flags::parse(
        args,
        "results",
        &["--entries", "--judges", "--aggregation"],
        "contest seed results --entries N --judges J [--aggregation mean|trimmed_mean|z_score]",
    )?;
    let plan = Plan {
        entries: flags.get("--entries", 2_000)?,
        judges: flags.get("--judges", 15)?,
        aggregation: flags.get("--aggregation", "trimmed_mean".to_owned())?,
    };
    anyhow::ensure!(
        plan.entries > 0 && plan.judges > 0,
        "--entries and --judges must be positive"
    );
    anyhow::ensure!(
        crate::domain::setup::Aggregation::parse(&plan.aggregation).is_some(),
        "--aggregation: mean, trimmed_mean or z_score"
    );
    Ok(plan)
}

pub fn run(lookup: Lookup, args: &[&str]) -> anyhow::Result<()> {
    let plan = parse(args)?;
    let store = lt_service::seed::open_store(&crate::SERVICE, &lookup)?;
    let mut conn = store.connection()?;
    let started = std::time::Instant::now();
    let units = lt_directory::seed::ensure_units(&mut conn, 60)?;
    let people = lt_directory::seed::ensure_people(&mut conn, &units, plan.entries + plan.judges)?;
    let (entrants, judges) = people.split_at(people.len() - plan.judges as usize);
    let (contest, criteria) = lt_store::write_tx(&mut conn, |tx| -> anyhow::Result<_> {
        let fields = ContestFields {
            title: format!("工作创新成果评比（{} 件）", plan.entries),
            kind: "achievement".into(),
            mechanism: "nutrition_supply".into(),
            key_project: Some("systems_thinking".into()),
            description: None,
            aggregation: plan.aggregation.clone(),
            tiers: r#"{"quota":[{"name":"一等奖","percent":10},{"name":"二等奖","percent":20},{"name":"三等奖","percent":30}]}"#.into(),
            blind: true,
            tracks: "[]".into(),
            rounds: r#"[{"name":"评审","advance":null}]"#.into(),
            submission_closes_on: None,
            judging_closes_on: None,
            notice_working_days: 5,
        };
        let contest = contests::insert(tx, &fields, None, "seed", None)?;
        let rubric: Vec<CriterionFields> = [
            ("创新性", 30, 10),
            ("实效性", 30, 10),
            ("推广价值", 20, 10),
            ("规范性", 10, 5),
            ("展示", 10, 5),
        ]
        .into_iter()
        .map(|(name, weight, max_score)| CriterionFields {
            name: name.into(),
            weight,
            max_score,
            levels: "[]".into(),
        })
        .collect();
        let criteria = contests::replace_rubric(tx, &contest.id, &rubric)?;
        let contest = contests::move_to(
            tx,
            &contest,
            &PhaseMove {
                phase: "judging",
                round_no: 1,
                notice: None,
                early_final_reason: None,
            },
        )?;
        contests::lock_rubric(tx, &contest)?;
        for (person, unit) in judges {
            panel::add_judge(
                tx,
                &JudgeRow {
                    contest_id: contest.id.clone(),
                    round_no: 1,
                    person_id: person.clone(),
                    trainee: false,
                    org_unit_id: unit.clone(),
                    added_by: "seed".into(),
                    created_at: now_utc(),
                },
            )?;
        }
        Ok((contest, criteria))
    })?;
    for (chunk, batch) in entrants.chunks(100).enumerate() {
        lt_store::write_tx(&mut conn, |tx| -> anyhow::Result<()> {
            for (i, (person, unit)) in batch.iter().enumerate() {
                let n = chunk * 100 + i;
                let fields = EntryFields {
                    track: None,
                    title: format!("创新成果{n:05}"),
                    summary: "以学促干，提升服务水平。".into(),
                    entrant_kind: "person".into(),
                    members: to_json_text(&[person])?,
                    pending_members: "[]".into(),
                    org_unit_id: unit.clone(),
                    attachments: "[]".into(),
                };
                let entry = entries::insert(tx, &contest.id, &fields, person)?;
                let entry =
                    entries::set_status(tx, &entry, entry.version, status::SUBMITTED, None)?
                        .context("entry moved")?;
                let pairs: Vec<(String, String)> = judges
                    .iter()
                    .map(|(j, _)| (entry.id.clone(), j.clone()))
                    .collect();
                panel::assign(tx, &contest.id, 1, &pairs)?;
                for (j, (judge, _)) in judges.iter().enumerate() {
                    let scores: Scores = criteria
                        .iter()
                        .enumerate()
                        .map(|(c, criterion)| {
                            let max = i64::from(criterion.max_score) * 100;
                            let quality = ((n * 37 + c * 11) % 41) as i64; // 0..=40: the entry's merit
                            let severity = (j % 5) as i64 * 5; // judges differ in strictness
                            let noise = ((n * 7 + j * 13 + c * 3) % 9) as i64;
                            (
                                criterion.id.clone(),
                                (max * (50 + quality - severity + noise) / 100).clamp(0, max),
                            )
                        })
                        .collect();
                    sheets::insert(
                        tx,
                        &contest.id,
                        1,
                        &entry.id,
                        judge,
                        false,
                        &SheetWrite::new(&criteria, &scores, None, true),
                    )?;
                }
            }
            Ok(())
        })?;
    }
    println!(
        "{} (seeded {} entries x {} judges = {} sheets, {} in {:.1} s)",
        contest.id,
        entrants.len(),
        judges.len(),
        entrants.len() * judges.len(),
        plan.aggregation,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
