//! `training seed attendance --count N [--units U] [--people P] [--year Y]`: fills the
//! database `TRAINING_DATABASE_URL` points at (PostgreSQL or SQLite, migrated first) with
//! realistic volume for the benchmarks: org units and people in the directory copy, a
//! catalogue of courses with one session a week, and N attendance rows — completed
//! enrolments with on-time or late attendance, each credited through the hour totals the
//! hours report reads. Run it again to add N more. Deterministic for a given database state.
//!
//! It writes rows directly (batched, one transaction per batch), not through the API: it is
//! a load generator, not a client.

use std::collections::HashMap;

use anyhow::Context;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lt_http::spec::Lookup;
use lt_programme::Mechanism;
use lt_store::{WriteTx, next_change_seq, now_utc};

use crate::domain::kinds::CourseKind;
use crate::store::schema::{courses, enrolments, hour_credits, sessions};
use crate::store::{credits, enrolments as enrolment_store};

/// Seeds the volume the arguments ask for (see the module documentation).
pub fn run(lookup: Lookup, args: &[&str]) -> anyhow::Result<()> {
    let plan = lt_service::seed::Volume::parse(
        args,
        "attendance",
        "training seed attendance --count N [--units U] [--people P] [--year Y]",
    )?;
    let store = lt_service::seed::open_store(&crate::SERVICE, &lookup)?;
    let mut conn = store.connection()?;
    let units = lt_directory::seed::ensure_units(&mut conn, plan.units)?;
    let people: Vec<(String, String)> =
        lt_directory::seed::ensure_people(&mut conn, &units, plan.people)?
            .into_iter()
            .map(|(id, unit)| (id, unit.unwrap_or_else(|| credits::NO_UNIT.to_owned())))
            .collect();
    let catalogue = ensure_catalogue(&mut conn, plan.year)?;
    let started = std::time::Instant::now();
    let mut totals: HashMap<(String, String, i32), (i64, i64)> = HashMap::new();
    let mut done = 0_u64;
    let batch = 2_000_u64;
    let offset = existing_enrolments(&mut conn)?;
    let room = u64::from(plan.people).min(people.len() as u64) * catalogue.len() as u64;
    anyhow::ensure!(
        offset + plan.count <= room,
        "{} people and {} sessions hold at most {room} attendance rows: raise --people",
        people.len(),
        catalogue.len()
    );
    while done < plan.count {
        let size = batch.min(plan.count - done);
        lt_store::write_tx(&mut conn, |tx| -> anyhow::Result<()> {
            insert_batch(tx, &people, &catalogue, offset + done, size, &mut totals)
        })?;
        done += size;
        if done.is_multiple_of(100_000) || done == plan.count {
            tracing::info!(
                done,
                elapsed_s = started.elapsed().as_secs(),
                "attendance rows seeded"
            );
        }
    }
    lt_store::write_tx(&mut conn, |tx| -> anyhow::Result<()> {
        for ((unit, mechanism, month), (hours, count)) in &totals {
            credits::add_to_totals(tx, unit, mechanism, *month, *hours, *count)?;
        }
        Ok(())
    })?;
    println!(
        "seeded {} attendance rows ({} people in {} units) in {:.1} s",
        plan.count,
        people.len(),
        units.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A seeded session: id, course id, start, mechanism, hours.
type SeedSession = (String, String, NaiveDateTime, String, i64);

/// Twelve courses, one session of each a week through the year.
fn ensure_catalogue(
    conn: &mut lt_store::DbConnection,
    year: i32,
) -> anyhow::Result<Vec<SeedSession>> {
    let existing: Vec<(String, String, NaiveDateTime)> = sessions::table
        .filter(sessions::id.like("seed-session-%"))
        .select((sessions::id, sessions::course_id, sessions::starts_at))
        .load(conn)?;
    let kinds = [
        CourseKind::MonthlyLecture,
        CourseKind::WeekendClass,
        CourseKind::ExpertLecture,
        CourseKind::OfficeMeetingStudy,
        CourseKind::OnSiteObservation,
        CourseKind::PracticeDrill,
    ];
    let mechanisms = [
        Mechanism::TeamLearning,
        Mechanism::TeamLearning,
        Mechanism::TeamLearning,
        Mechanism::Practice,
        Mechanism::Practice,
        Mechanism::Deepening,
    ];
    let wire = |m: Mechanism| {
        serde_json::to_value(m)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    if existing.is_empty() {
        lt_store::write_tx(conn, |tx| -> anyhow::Result<()> {
            let now = now_utc();
            for c in 0..12 {
                let seq = next_change_seq(tx, crate::store::courses::STREAM)?;
                diesel::insert_into(courses::table)
                    .values((
                        courses::id.eq(format!("seed-course-{c:02}")),
                        courses::provider.eq("party_school"),
                        courses::kind.eq(kinds[c % kinds.len()].as_str()),
                        courses::mechanism.eq(wire(mechanisms[c % mechanisms.len()])),
                        courses::title.eq(format!("专题课程{c}")),
                        courses::speakers.eq("[]"),
                        courses::credit_hours.eq(300_i64 + (c as i64 % 4) * 100),
                        courses::full_time.eq(false),
                        courses::assessment_required.eq(false),
                        courses::targeting.eq("{}"),
                        courses::created_by.eq("seed"),
                        courses::version.eq(1_i64),
                        courses::seq.eq(seq),
                        courses::change_seq.eq(seq),
                        courses::created_at.eq(now),
                        courses::updated_at.eq(now),
                    ))
                    .execute(tx.conn())?;
            }
            let first = NaiveDate::from_ymd_opt(year, 1, 5).context("year")?;
            for week in 0..52 {
                for c in 0..12 {
                    let starts = (first + Duration::weeks(week) + Duration::days(c % 5))
                        .and_hms_opt(1, 0, 0)
                        .context("time")?;
                    let seq = next_change_seq(tx, crate::store::sessions::STREAM)?;
                    diesel::insert_into(sessions::table)
                        .values((
                            sessions::id.eq(format!("seed-session-{week:02}-{c:02}")),
                            sessions::course_id.eq(format!("seed-course-{c:02}")),
                            sessions::starts_at.eq(starts),
                            sessions::ends_at.eq(starts + Duration::hours(3)),
                            sessions::venue.eq("区委党校"),
                            sessions::capacity.eq(10_000),
                            sessions::taken.eq(0),
                            sessions::waitlist_counter.eq(0_i64),
                            sessions::enrolment_opens_at.eq(starts - Duration::days(14)),
                            sessions::enrolment_closes_at.eq(starts),
                            sessions::withdrawal_deadline.eq(starts),
                            sessions::status.eq("scheduled"),
                            sessions::version.eq(1_i64),
                            sessions::seq.eq(seq),
                            sessions::change_seq.eq(seq),
                            sessions::created_at.eq(now),
                            sessions::updated_at.eq(now),
                        ))
                        .execute(tx.conn())?;
                }
            }
            Ok(())
        })?;
    }
    let rows: Vec<(String, String, NaiveDateTime, String, i64)> = sessions::table
        .inner_join(courses::table.on(courses::id.eq(sessions::course_id)))
        .filter(sessions::id.like("seed-session-%"))
        .order(sessions::id)
        .select((
            sessions::id,
            sessions::course_id,
            sessions::starts_at,
            courses::mechanism,
            courses::credit_hours,
        ))
        .load(conn)?;
    Ok(rows)
}

fn existing_enrolments(conn: &mut lt_store::DbConnection) -> anyhow::Result<u64> {
    let count: i64 = enrolments::table
        .filter(enrolments::id.like("seed-enrolment-%"))
        .count()
        .get_result(conn)?;
    Ok(u64::try_from(count).unwrap_or(0))
}

#[derive(Insertable)]
#[diesel(table_name = enrolments)]
struct EnrolmentInsert {
    id: String,
    session_id: String,
    course_id: String,
    person_id: String,
    org_unit_id: Option<String>,
    source: &'static str,
    status: &'static str,
    holds_seat: bool,
    attendance: Option<&'static str>,
    checked_in_at: Option<NaiveDateTime>,
    leave_hours: i64,
    completed_at: Option<NaiveDateTime>,
    hours_credited: Option<i64>,
    version: i64,
    seq: i64,
    change_seq: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = hour_credits)]
struct CreditInsert {
    id: String,
    person_id: String,
    org_unit_id: Option<String>,
    year: i32,
    day: NaiveDate,
    activity: String,
    mechanism: String,
    online: bool,
    hours: i64,
    source_kind: &'static str,
    source_id: String,
    carried_over: bool,
    policy_version: i32,
    title: String,
    seq: i64,
    change_seq: i64,
    created_at: NaiveDateTime,
}

/// Rows `first..first + size`: enrolment n is person n % people in session n / people.
fn insert_batch(
    tx: &mut WriteTx<'_>,
    people: &[(String, String)],
    catalogue: &[SeedSession],
    first: u64,
    size: u64,
    totals: &mut HashMap<(String, String, i32), (i64, i64)>,
) -> anyhow::Result<()> {
    let now = now_utc();
    let count = i64::try_from(size).unwrap_or(i64::MAX);
    // The streams' sequence numbers reserved for the batch end at the value returned.
    let first_enrolment_seq =
        lt_store::reserve_change_seqs(tx, enrolment_store::STREAM, count)? - count + 1;
    let first_credit_seq = lt_store::reserve_change_seqs(tx, credits::STREAM, count)? - count + 1;
    let mut enrolment_rows = Vec::with_capacity(size as usize);
    let mut credit_rows = Vec::with_capacity(size as usize);
    for (offset, n) in (first..first + size).enumerate() {
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let (enrolment_seq, credit_seq) = (first_enrolment_seq + offset, first_credit_seq + offset);
        let who = (n % people.len() as u64) as usize;
        let (person, unit) = &people[who];
        // The k-th enrolment of a person is in the k-th session after their own first one:
        // one enrolment per person and session, as the unique index wants.
        let slot = (n / people.len() as u64) as usize;
        let (session, course, starts, mechanism, hours) =
            &catalogue[(who + slot) % catalogue.len()];
        let id = format!("seed-enrolment-{n:09}");
        let late = n % 9 == 0;
        enrolment_rows.push(EnrolmentInsert {
            id: id.clone(),
            session_id: session.clone(),
            course_id: course.clone(),
            person_id: person.clone(),
            org_unit_id: Some(unit.clone()),
            source: "self",
            status: "completed",
            holds_seat: false,
            attendance: Some(if late { "late" } else { "on_time" }),
            checked_in_at: Some(*starts - Duration::minutes(if late { -5 } else { 10 })),
            leave_hours: 0,
            completed_at: Some(*starts + Duration::hours(3)),
            hours_credited: Some(*hours),
            version: 1,
            seq: enrolment_seq,
            change_seq: enrolment_seq,
            created_at: now,
            updated_at: now,
        });
        let day = lt_programme::day_of(starts.and_utc());
        credit_rows.push(CreditInsert {
            id: format!("seed-credit-{n:09}"),
            person_id: person.clone(),
            org_unit_id: Some(unit.clone()),
            year: day.year(),
            day,
            activity: "weekend_class".into(),
            mechanism: mechanism.clone(),
            online: false,
            hours: *hours,
            source_kind: "enrolment",
            source_id: id,
            carried_over: false,
            policy_version: 1,
            title: "专题课程".into(),
            seq: credit_seq,
            change_seq: credit_seq,
            created_at: now,
        });
        let total = totals
            .entry((unit.clone(), mechanism.clone(), credits::month_key(day)))
            .or_default();
        total.0 += hours;
        total.1 += 1;
    }
    for chunk in enrolment_rows.chunks(500) {
        lt_store::on_each_backend!(tx.conn(), |c| diesel::insert_into(enrolments::table)
            .values(chunk)
            .execute(c))?;
    }
    for chunk in credit_rows.chunks(500) {
        lt_store::on_each_backend!(tx.conn(), |c| diesel::insert_into(hour_credits::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(())
}
