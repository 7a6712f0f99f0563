//! Every problem kind vision answers with besides the shared catalogue (`lt_http::kinds`:
//! `validation_failed` for bad fields (a target equal to its baseline, a weight ≤ 0, a
//! confidence outside 1–10), `not_found` for what the caller may not see (another cadre's
//! private vision, as a parent too), `precondition_failed` for a stale `If-Match`, …), and
//! when to use which. Codes are part of the API: never change one.
//!
//! | kind | status | when |
//! |---|---|---|
//! | [`CYCLE`] | 409 | a "contributes to" link that would make a node contribute to itself |
//! | [`WRONG_PARENT`] | 409 | a link to a kind the node may not contribute to (a target under a team) |
//! | [`NOT_MEASURED`] | 409 | a check-in on a node that is not a key result |
//! | [`EDIT_WINDOW_CLOSED`] | 409 | an author editing a check-in after the edit window |

use lt_http::ProblemKind;

pub const CYCLE: ProblemKind = ProblemKind::new(
    "cycle",
    409,
    "该关联会形成循环",
    "The link would make the node contribute to itself",
);
pub const WRONG_PARENT: ProblemKind = ProblemKind::new(
    "wrong_parent",
    409,
    "不能关联到该类型的节点",
    "A node of this kind cannot contribute to that kind",
);
pub const NOT_MEASURED: ProblemKind = ProblemKind::new(
    "not_measured",
    409,
    "只有关键结果可以打卡",
    "Only key results take check-ins",
);
pub const EDIT_WINDOW_CLOSED: ProblemKind = ProblemKind::new(
    "edit_window_closed",
    409,
    "已超过可修改期限",
    "The check-in can no longer be edited",
);
