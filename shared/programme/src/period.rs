//! Reporting periods and days. A "day" or "year" is a day or year in Asia/Shanghai.
//! China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact for
//! every date the programme deals with (and spares a time-zone database).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

const SHANGHAI: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// The programme's time zone, Asia/Shanghai (UTC+8).
pub fn shanghai() -> FixedOffset {
    SHANGHAI
}

/// The Shanghai calendar day of an instant.
pub fn day_of(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&shanghai()).date_naive()
}

/// Today in Shanghai.
pub fn today() -> NaiveDate {
    day_of(Utc::now())
}

/// The UTC instant at which a Shanghai day begins.
pub fn day_start_utc(day: NaiveDate) -> NaiveDateTime {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    shanghai()
        .from_local_datetime(&midnight)
        .single()
        .map_or(midnight, |t| t.naive_utc())
}

/// A reporting period: a year, a half-year, a quarter or a month, in Shanghai time.
/// On the wire: `2026`, `2026-H1`, `2026-Q3`, `2026-07`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Year(i32),
    Half(i32, u8),
    Quarter(i32, u8),
    Month(i32, u8),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a period: use 2026, 2026-H1, 2026-Q3 or 2026-07")]
pub struct PeriodError(String);

impl Period {
    /// The first day of the period.
    pub fn first_day(self) -> NaiveDate {
        let (year, month) = match self {
            Self::Year(y) => (y, 1),
            Self::Half(y, h) => (y, u32::from(h - 1) * 6 + 1),
            Self::Quarter(y, q) => (y, u32::from(q - 1) * 3 + 1),
            Self::Month(y, m) => (y, u32::from(m)),
        };
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default()
    }

    /// The first day after the period.
    pub fn end_day(self) -> NaiveDate {
        let months = match self {
            Self::Year(_) => 12,
            Self::Half(..) => 6,
            Self::Quarter(..) => 3,
            Self::Month(..) => 1,
        };
        self.first_day()
            .checked_add_months(chrono::Months::new(months))
            .unwrap_or(NaiveDate::MAX)
    }

    /// `[start, end)` in UTC: what a timestamp column is compared with.
    pub fn utc_range(self) -> (NaiveDateTime, NaiveDateTime) {
        (
            day_start_utc(self.first_day()),
            day_start_utc(self.end_day()),
        )
    }

    pub fn contains_day(self, day: NaiveDate) -> bool {
        self.first_day() <= day && day < self.end_day()
    }

    /// The year, half, quarter or month that contains `day`, at the granularity of `self`.
    pub fn year(self) -> i32 {
        match self {
            Self::Year(y) | Self::Half(y, _) | Self::Quarter(y, _) | Self::Month(y, _) => y,
        }
    }

    /// The month containing `day`.
    pub fn month_of(day: NaiveDate) -> Self {
        Self::Month(day.year(), u8::try_from(day.month()).unwrap_or(1))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Year(y) => write!(f, "{y:04}"),
            Self::Half(y, h) => write!(f, "{y:04}-H{h}"),
            Self::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Self::Month(y, m) => write!(f, "{y:04}-{m:02}"),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;
    fn from_str(text: &str) -> Result<Self, PeriodError> {
        let bad = || PeriodError(text.to_owned());
        let (year, part) = text.split_once('-').unwrap_or((text, ""));
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let number = |s: &str, max: u8| -> Result<u8, PeriodError> {
            let n: u8 = s.parse().map_err(|_| bad())?;
            if (1..=max).contains(&n) && s.bytes().all(|b| b.is_ascii_digit()) {
                Ok(n)
            } else {
                Err(bad())
            }
        };
        match part.as_bytes() {
            [] if !text.contains('-') => Ok(Self::Year(year)),
            [b'H', ..] => Ok(Self::Half(year, number(&part[1..], 2)?)),
            [b'Q', ..] => Ok(Self::Quarter(year, number(&part[1..], 4)?)),
            [_, _] => Ok(Self::Month(year, number(part, 12)?)),
            _ => Err(bad()),
        }
    }
}

crate::text_schema::text_schema!(
    Period,
    "Period",
    r"^\d{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?$",
    "2026-H1",
    "A year (2026), half-year (2026-H1), quarter (2026-Q3) or month (2026-07) in Asia/Shanghai."
);

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The month of `day` as the monthly totals key it: `202603` for a day of March 2026.
pub fn month_key(day: NaiveDate) -> i32 {
    day.year() * 100 + i32::try_from(day.month()).unwrap_or(1) // month() is 1..=12
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn periods_parse_and_print() {
        for text in ["2026", "2026-H2", "2026-Q3", "2026-07", "2026-12"] {
            let period: Period = text.parse().expect(text);
            assert_eq!(period.to_string(), text);
        }
        for bad in [
            "26", "2026-H3", "2026-Q0", "2026-13", "2026-7", "2026-", "2026-Q1x", "abcd",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn periods_cover_their_days() {
        let h1: Period = "2026-H1".parse().expect("h1");
        assert_eq!(h1.first_day(), day(2026, 1, 1));
        assert_eq!(h1.end_day(), day(2026, 7, 1));
        assert!(h1.contains_day(day(2026, 6, 30)));
        assert!(!h1.contains_day(day(2026, 7, 1)));
        let q4 = Period::Quarter(2026, 4);
        assert_eq!(q4.end_day(), day(2027, 1, 1));
        assert_eq!(
            Period::month_of(day(2026, 2, 28)).end_day(),
            day(2026, 3, 1)
        );
    }

    #[test]
    fn shanghai_days_start_at_16_utc_the_day_before() {
        let (start, end) = Period::Year(2026).utc_range();
        assert_eq!(start.to_string(), "2025-12-31 16:00:00");
        assert_eq!(end.to_string(), "2026-12-31 16:00:00");
        let late_utc = Utc
            .with_ymd_and_hms(2026, 3, 1, 17, 30, 0)
            .single()
            .expect("instant");
        assert_eq!(day_of(late_utc), day(2026, 3, 2));
    }
}
