//! Every problem kind reading answers with besides the shared catalogue (`lt_http::kinds`:
//! `validation_failed` for bad fields (an ISBN with a wrong check digit, 25 hours in one
//! day, a future day), `not_found` for what the caller may not see, `conflict`,
//! `unknown_reference` for a field naming nothing, `payload_too_large` for an import over the
//! limit, …), and when to use which. Codes are part of the API: never change one.
//!
//! | kind | status | when |
//! |---|---|---|
//! | [`BOOK_EXISTS`] | 409 | adding a book whose ISBN the catalogue has (detail: its id) |
//! | [`CARD_HELD`] | 409 | issuing a card to someone who holds a live one |
//! | [`COPY_ON_LOAN`] | 409 | lending a copy that is on an open loan |
//! | [`COPY_WITHDRAWN`] | 409 | lending a copy taken off the shelf |
//! | [`NOT_FOR_LOAN`] | 409 | lending an item type the circulation policy keeps from loan |
//! | [`LOAN_LIMIT_REACHED`] | 409 | a reader at the policy's maximum of open loans of the item type |
//! | [`HELD_FOR_ANOTHER`] | 409 | lending a copy kept for, or a title awaited by, someone earlier in the queue |
//! | [`RENEWAL_REFUSED`] | 409 | renewing past the policy's renewals, or a title others wait for |
//! | [`LOAN_CLOSED`] | 409 | renewing or returning a loan already returned |
//! | [`ALREADY_HOLDING`] | 409 | a second hold by one reader on one title of one shelf |
//! | [`WRONG_STATE`] | 409 | reviewing a note that is not submitted, editing a featured one, cancelling a hold that is over |

use lt_http::ProblemKind;

pub const BOOK_EXISTS: ProblemKind = ProblemKind::new(
    "book_exists",
    409,
    "该ISBN的图书已在书目中",
    "A book with this ISBN is in the catalogue",
);
pub const CARD_HELD: ProblemKind = ProblemKind::new(
    "card_held",
    409,
    "已持有有效借书证",
    "Already holds a live library card",
);
pub const COPY_ON_LOAN: ProblemKind =
    ProblemKind::new("copy_on_loan", 409, "该册图书已借出", "The copy is on loan");
pub const COPY_WITHDRAWN: ProblemKind = ProblemKind::new(
    "copy_withdrawn",
    409,
    "该册图书已下架",
    "The copy is withdrawn from the shelf",
);
pub const NOT_FOR_LOAN: ProblemKind = ProblemKind::new(
    "not_for_loan",
    409,
    "该类资料不外借",
    "This item type is not for loan",
);
pub const LOAN_LIMIT_REACHED: ProblemKind = ProblemKind::new(
    "loan_limit_reached",
    409,
    "已达借阅数量上限",
    "The reader holds as many loans as the policy allows",
);
pub const HELD_FOR_ANOTHER: ProblemKind = ProblemKind::new(
    "held_for_another",
    409,
    "该书已有读者预约在先",
    "Reserved for a reader earlier in the queue",
);
pub const RENEWAL_REFUSED: ProblemKind = ProblemKind::new(
    "renewal_refused",
    409,
    "不能续借",
    "The loan cannot be renewed",
);
pub const LOAN_CLOSED: ProblemKind =
    ProblemKind::new("loan_closed", 409, "该借阅已归还", "The loan is returned");
pub const ALREADY_HOLDING: ProblemKind = ProblemKind::new(
    "already_holding",
    409,
    "已预约该书",
    "Already holding this title",
);
pub const WRONG_STATE: ProblemKind = ProblemKind::new(
    "wrong_state",
    409,
    "当前状态不允许此操作",
    "Not possible in the record's current state",
);
