//! Crediting hours, inside the caller's transaction: an activity converted under the policy
//! version in force on its day, capped per activity and year (the excess forfeited or carried
//! to the next year, as the rule says), each amount a credit row recording that version.

use chrono::{Datelike, NaiveDate};
use lt_http::ApiError;
use lt_programme::Hours;
use lt_store::WriteTx;

use crate::domain::hours::{ActivityFacts, Allocation, allocate, base_hours, rule_for};
use crate::domain::kinds::Activity;
use crate::domain::policy::HourConversionPolicy;
use crate::store::credits::{self, NewCredit};
use crate::store::policies;

/// An activity to credit to a person.
#[derive(Clone, Debug)]
pub struct Crediting<'a> {
    pub person_id: &'a str,
    pub org_unit_id: Option<&'a str>,
    pub day: NaiveDate,
    pub facts: ActivityFacts,
    pub mechanism: &'a str,
    pub source_kind: &'a str,
    pub source_id: &'a str,
    pub title: &'a str,
}

/// What was credited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Credited {
    pub earned: Hours,
    pub allocation: Allocation,
    pub policy_version: i32,
}

impl Credited {
    /// Hours credited in all (this year and carried over).
    pub fn total(&self) -> Hours {
        self.allocation.this_year + self.allocation.next_year
    }
}

/// Credits `activity` to its person (see the module documentation).
pub fn credit(tx: &mut WriteTx<'_>, activity: &Crediting<'_>) -> Result<Credited, ApiError> {
    credits::lock_person(tx, activity.person_id)?;
    let policy = policies::in_force::<HourConversionPolicy>(tx.conn(), activity.day)?;
    let kind = activity.facts.activity;
    let year = activity.day.year();
    // Without a rule for the activity it earns nothing (the event still says so).
    let (earned, allocation, online) = match rule_for(&policy.document, kind) {
        None => (Hours(0), Allocation::default(), false),
        Some(rule) => {
            let earned = base_hours(rule, &activity.facts);
            let mut total =
                |year| credits::activity_total(tx.conn(), activity.person_id, kind.as_str(), year);
            let (this_year, next_year) = (Hours(total(year)?), Hours(total(year + 1)?));
            (
                earned,
                allocate(rule, earned, this_year, next_year),
                rule.online,
            )
        }
    };
    let mut write =
        |year: i32, day: NaiveDate, hours: Hours, carried_over: bool| -> Result<(), ApiError> {
            if hours.0 > 0 {
                credits::insert(
                    tx,
                    &NewCredit {
                        person_id: activity.person_id,
                        org_unit_id: activity.org_unit_id,
                        year,
                        day,
                        activity: kind.as_str(),
                        mechanism: activity.mechanism,
                        online,
                        hours: hours.0,
                        source_kind: activity.source_kind,
                        source_id: activity.source_id,
                        carried_over,
                        policy_version: policy.version,
                        title: activity.title,
                    },
                )?;
            }
            Ok(())
        };
    write(year, activity.day, allocation.this_year, false)?;
    let next_new_year = NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or(activity.day);
    write(year + 1, next_new_year, allocation.next_year, true)?;
    let credited = Credited {
        earned,
        allocation,
        policy_version: policy.version,
    };
    lt_store::record_event(
        tx,
        "training.hours.credited",
        &serde_json::json!({
            "person_id": activity.person_id,
            "org_unit_id": activity.org_unit_id,
            "activity": kind,
            "mechanism": activity.mechanism,
            "source_kind": activity.source_kind,
            "source_id": activity.source_id,
            "day": activity.day,
            "earned": earned,
            "credited": allocation.this_year,
            "carried_over": allocation.next_year,
            "forfeited": allocation.forfeited,
            "policy_version": policy.version,
        }),
    )?;
    Ok(credited)
}

/// The activity a self-study certificate is credited as.
pub const SELF_STUDY: Activity = Activity::SelfStudy;
