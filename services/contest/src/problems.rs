//! Every problem kind contest answers with besides the shared catalogue (`lt_http::kinds`:
//! `validation_failed` for bad fields (a score above the maximum, weights that do not add
//! up to 100, windows out of order), `not_found` for what the caller may not see (another
//! judge's sheet, an unassigned entry), `precondition_failed` for a stale `If-Match`, …),
//! and when to use which. Codes are part of the API: never change one.
//!
//! | kind | status | when |
//! |---|---|---|
//! | [`WRONG_PHASE`] | 409 | what the contest's phase does not allow (an entry before submission opens, a sheet outside judging, an objection outside 公示, moving to a phase that is not the next) |
//! | [`WINDOW_CLOSED`] | 409 | a submission or a sheet after its window's last day |
//! | [`RUBRIC_LOCKED`] | 409 | changing the rubric once the first sheet is submitted |
//! | [`NO_RUBRIC`] | 409 | opening judging without a rubric |
//! | [`SHEET_LOCKED`] | 409 | a judge changing a submitted sheet (only an admin may, with a reason) |
//! | [`SHEET_INCOMPLETE`] | 409 | submitting a sheet that lacks a criterion's score |
//! | [`ENTRY_STATE`] | 409 | editing a submitted entry, submitting a withdrawn one, disqualifying a draft |
//! | [`OBJECTION_ANSWERED`] | 409 | answering an objection a second time |
//! | [`NOTICE_RUNNING`] | 409 | making results final before 公示's last day without a reason |
//! | [`JUDGE_CONFLICTED`] | 409 | seating the contest's creator or an entrant on its panel; a judge entering it or joining a team entry of it |
//! | [`NOT_NAMED`] | 409 | confirming or declining a team membership the entry does not ask of the caller |

use lt_http::ProblemKind;

pub const WRONG_PHASE: ProblemKind = ProblemKind::new(
    "wrong_phase",
    409,
    "比赛当前阶段不允许此操作",
    "Not possible in the contest's current phase",
);
pub const WINDOW_CLOSED: ProblemKind = ProblemKind::new(
    "window_closed",
    409,
    "该阶段的截止日期已过",
    "The window is closed",
);
pub const RUBRIC_LOCKED: ProblemKind = ProblemKind::new(
    "rubric_locked",
    409,
    "已有评分表提交，评分细则已锁定",
    "The rubric is locked: a score sheet has been submitted",
);
pub const NO_RUBRIC: ProblemKind = ProblemKind::new(
    "no_rubric",
    409,
    "尚未设置评分细则",
    "The contest has no rubric yet",
);
pub const SHEET_LOCKED: ProblemKind = ProblemKind::new(
    "sheet_locked",
    409,
    "评分表已提交锁定",
    "The score sheet is submitted and locked",
);
pub const SHEET_INCOMPLETE: ProblemKind = ProblemKind::new(
    "sheet_incomplete",
    409,
    "评分表尚有评分项未打分",
    "The score sheet lacks scores",
);
pub const ENTRY_STATE: ProblemKind = ProblemKind::new(
    "entry_state",
    409,
    "参赛作品当前状态不允许此操作",
    "Not possible in the entry's current state",
);
pub const NOTICE_RUNNING: ProblemKind = ProblemKind::new(
    "notice_running",
    409,
    "公示期尚未结束",
    "The public notice period has not ended",
);
pub const OBJECTION_ANSWERED: ProblemKind = ProblemKind::new(
    "objection_answered",
    409,
    "该异议已答复",
    "The objection is answered",
);
pub const JUDGE_CONFLICTED: ProblemKind = ProblemKind::new(
    "judge_conflicted",
    409,
    "评委不得由比赛组织者或参赛者担任",
    "Whoever runs a contest or enters it does not sit on its panel",
);
pub const NOT_NAMED: ProblemKind = ProblemKind::new(
    "not_named",
    409,
    "该作品未邀请您确认",
    "The entry does not wait for your confirmation",
);
