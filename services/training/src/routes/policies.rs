//! `/api/v1/training/policies/{kind}`: the versioned policies (required hours, hour
//! conversion, reimbursement, attendance). Anyone signed in reads them; the programme office
//! publishes a new version, in force from its `effective_from` day. A new version never
//! rewrites what earlier versions produced. Publishing is audited.

use lt_http::ApiError;
use lt_store::WriteTx;
use serde::Serialize;

use crate::domain::policy::{
    AttendancePolicy, HourConversionPolicy, PolicyKind, ReimbursementPolicy, RequirementsPolicy,
};
use crate::store::audit;

pub use lt_service::policy::{NewPolicyVersion, PolicyVersionView};

/// A publication is audited in the same transaction.
fn audited<T: Serialize>(
    tx: &mut WriteTx<'_>,
    actor: &str,
    view: &PolicyVersionView<T>,
) -> Result<(), ApiError> {
    let target = format!("policy:{}:{}", view.kind, view.version);
    Ok(audit::record(tx, actor, "policy.published", &target, view)?)
}

lt_service::policy_endpoints! {
    event: "training.policy.published", audit: audited;
    requirements: RequirementsPolicy, PolicyKind::Requirements,
        "/api/v1/training/policies/requirements", "required-hours";
    hour_conversion: HourConversionPolicy, PolicyKind::HourConversion,
        "/api/v1/training/policies/hour-conversion", "hour-conversion";
    reimbursement: ReimbursementPolicy, PolicyKind::Reimbursement,
        "/api/v1/training/policies/reimbursement", "tuition-reimbursement";
    attendance: AttendancePolicy, PolicyKind::Attendance,
        "/api/v1/training/policies/attendance", "attendance";
}
