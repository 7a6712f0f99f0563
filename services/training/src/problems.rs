//! Every problem kind training answers with besides the shared catalogue
//! (`lt_http::kinds`: `validation_failed` for bad fields, `not_found` for what the caller
//! may not see, `conflict`, `unknown_reference` for a field naming nothing, …), and when to
//! use which. Codes are part of the API: never change one.
//!
//! | kind | status | when |
//! |---|---|---|
//! | [`ENROLMENT_CLOSED`] | 409 | enrolling outside the session's enrolment window |
//! | [`SESSION_CANCELLED`] | 409 | enrolling in, checking in to or completing a cancelled session |
//! | [`ALREADY_ENROLLED`] | 409 | enrolling a cadre who is enrolled or waitlisted in the session |
//! | [`WITHDRAWAL_DEADLINE_PASSED`] | 409 | a cadre withdrawing after the session's withdrawal deadline |
//! | [`NOT_ACTIVE`] | 409 | withdrawing, marking or granting leave on an enrolment already withdrawn or completed |
//! | [`CAPACITY_BELOW_ENROLLED`] | 409 | lowering capacity below the seats already taken |
//! | [`CHECK_IN_CODE_UNKNOWN`] | 422 | a check-in code that was never issued (field `code`) |
//! | [`CHECK_IN_CODE_EXPIRED`] | 422 | a check-in code past its expiry (field `code`) |
//! | [`CHECK_IN_CODE_OTHER_SESSION`] | 422 | a code of another session than the `session_id` sent (field `code`) |
//! | [`CHECK_IN_CLOSED`] | 409 | checking in before the window opens or after it closes |
//! | [`NOT_ENROLLED`] | 409 | checking in to or giving feedback on a session the cadre is not enrolled in |
//! | [`FEEDBACK_GIVEN`] | 409 | a second feedback on one session |
//! | [`CERTIFICATE_RECORDED`] | 409 | the same self-study certificate (title, issuer, day) recorded twice |
//! | [`NOT_ATTENDED`] | 409 | feedback before attending |
//! | [`SESSION_NOT_FINISHED`] | 409 | completing a session before it ends |
//! | [`WRONG_STATE`] | 409 | a decision on an application or claim that is not waiting for it |
//! | [`NOT_REIMBURSABLE`] | 409 | a claim on an application that is not approved, or of a level the policy excludes |

use lt_http::ProblemKind;

pub const ENROLMENT_CLOSED: ProblemKind = ProblemKind::new(
    "enrolment_closed",
    409,
    "不在报名时间内",
    "Enrolment is not open",
);
pub const SESSION_CANCELLED: ProblemKind = ProblemKind::new(
    "session_cancelled",
    409,
    "该场次已取消",
    "The session is cancelled",
);
pub const ALREADY_ENROLLED: ProblemKind = ProblemKind::new(
    "already_enrolled",
    409,
    "已报名该场次",
    "Already enrolled in this session",
);
pub const WITHDRAWAL_DEADLINE_PASSED: ProblemKind = ProblemKind::new(
    "withdrawal_deadline_passed",
    409,
    "已过退出截止时间",
    "The withdrawal deadline has passed",
);
pub const NOT_ACTIVE: ProblemKind = ProblemKind::new(
    "enrolment_not_active",
    409,
    "该报名已退出或已结业",
    "The enrolment is withdrawn or completed",
);
pub const CAPACITY_BELOW_ENROLLED: ProblemKind = ProblemKind::new(
    "capacity_below_enrolled",
    409,
    "名额不能少于已报名人数",
    "Capacity cannot be below the seats taken",
);
pub const CHECK_IN_CODE_UNKNOWN: ProblemKind = ProblemKind::new(
    "check_in_code_unknown",
    422,
    "签到码无效",
    "Unknown check-in code",
);
pub const CHECK_IN_CODE_EXPIRED: ProblemKind = ProblemKind::new(
    "check_in_code_expired",
    422,
    "签到码已过期",
    "The check-in code has expired",
);
pub const CHECK_IN_CODE_OTHER_SESSION: ProblemKind = ProblemKind::new(
    "check_in_code_other_session",
    422,
    "签到码不属于该场次",
    "The check-in code belongs to another session",
);
pub const CHECK_IN_CLOSED: ProblemKind = ProblemKind::new(
    "check_in_closed",
    409,
    "不在签到时间内",
    "Check-in is not open",
);
pub const NOT_ENROLLED: ProblemKind = ProblemKind::new(
    "not_enrolled",
    409,
    "未报名该场次",
    "Not enrolled in this session",
);
pub const FEEDBACK_GIVEN: ProblemKind = ProblemKind::new(
    "feedback_given",
    409,
    "已评价该场次",
    "Feedback already given for this session",
);
pub const CERTIFICATE_RECORDED: ProblemKind = ProblemKind::new(
    "certificate_recorded",
    409,
    "该证书已登记",
    "This certificate is already recorded",
);
pub const NOT_ATTENDED: ProblemKind = ProblemKind::new(
    "not_attended",
    409,
    "未参加该场次",
    "The session was not attended",
);
pub const SESSION_NOT_FINISHED: ProblemKind = ProblemKind::new(
    "session_not_finished",
    409,
    "场次尚未结束",
    "The session has not ended",
);
pub const WRONG_STATE: ProblemKind = ProblemKind::new(
    "wrong_state",
    409,
    "当前状态不允许此操作",
    "Not possible in the record's current state",
);
pub const NOT_REIMBURSABLE: ProblemKind = ProblemKind::new(
    "not_reimbursable",
    409,
    "不符合报销条件",
    "Not reimbursable",
);
