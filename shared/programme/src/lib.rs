//! The programme's shared vocabulary, used by every service and report: the "45231" tree
//! model, reporting periods in Asia/Shanghai, and exact quantities (hours in hundredths of
//! a 学时, money in fen, decimals as scaled integers).

mod model;
mod percent;
mod period;
mod quantity;
mod record;
mod text_schema;

pub use model::{Branch, Concept, KeyProject, Mechanism};
pub use percent::{percent, percent_of_goal};
pub use period::{Period, PeriodError, day_of, day_start_utc, month_key, shanghai, today};
pub use quantity::{
    ExactDecimal, Fen, Hours, MAX_DECIMAL_SCALE, QuantityError, format_scaled, parse_scaled,
};
pub use record::{LearningRecord, LearningRecordItem, RecordFigure};
