//! `/api/v1/reading/policies/{kind}`: circulation rules and reading-log limits, versioned.
//! Anyone signed in reads them; the programme office publishes a new version, in force from
//! its `effective_from` day (loans record the version that set their due day).

use lt_http::ApiError;
pub use lt_service::policy::{NewPolicyVersion, PolicyVersionView};
use lt_store::WriteTx;

use crate::domain::policy::{CirculationPolicy, PolicyKind, ReadingLogPolicy};

/// Nothing beyond the event is recorded: the version itself says who published it.
fn no_audit<T>(_: &mut WriteTx<'_>, _: &str, _: &PolicyVersionView<T>) -> Result<(), ApiError> {
    Ok(())
}

lt_service::policy_endpoints! {
    event: "reading.policy.published", audit: no_audit;
    circulation: CirculationPolicy, PolicyKind::Circulation,
        "/api/v1/reading/policies/circulation", "circulation";
    reading_log: ReadingLogPolicy, PolicyKind::ReadingLog,
        "/api/v1/reading/policies/reading-log", "reading-log";
}
