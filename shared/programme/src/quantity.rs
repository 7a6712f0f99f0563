//! Exact quantities: credit hours in hundredths of a 学时, money in fen, other decimals as
//! scaled integers. Never floats in storage or on the wire.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::ToSchema;

/// Why a decimal text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("`{0}` is not a decimal number")]
    NotDecimal(String),
    #[error("`{text}` has more than {max} decimal places")]
    TooPrecise { text: String, max: u32 },
    #[error("`{0}` is too large")]
    TooLarge(String),
}

/// Parses `text` as an exact decimal scaled by 10^`scale` ("1.5" at scale 2 → 150).
pub fn parse_scaled(text: &str, scale: u32) -> Result<i64, QuantityError> {
    let not_decimal = || QuantityError::NotDecimal(text.to_owned());
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !all_digits(whole)
        || !all_digits(fraction)
        || (digits.contains('.') && fraction.is_empty())
    {
        return Err(not_decimal());
    }
    if fraction.len() > scale as usize {
        return Err(QuantityError::TooPrecise {
            text: text.to_owned(),
            max: scale,
        });
    }
    let too_large = || QuantityError::TooLarge(text.to_owned());
    let whole: i64 = whole.parse().map_err(|_| too_large())?;
    let padded = format!("{fraction:0<width$}", width = scale as usize);
    let fraction: i64 = if padded.is_empty() {
        0
    } else {
        padded.parse().map_err(|_| not_decimal())?
    };
    let magnitude = whole
        .checked_mul(10_i64.pow(scale))
        .and_then(|w| w.checked_add(fraction))
        .ok_or_else(too_large)?;
    Ok(if negative { -magnitude } else { magnitude })
}

/// Formats a value scaled by 10^`scale` with exactly `scale` decimals (150 at scale 2 → "1.50").
pub fn format_scaled(value: i64, scale: u32) -> String {
    let divisor = 10_i64.pow(scale);
    let sign = if value < 0 { "-" } else { "" };
    let magnitude = value.unsigned_abs();
    let whole = magnitude / divisor.unsigned_abs();
    if scale == 0 {
        return format!("{sign}{whole}");
    }
    let fraction = magnitude % divisor.unsigned_abs();
    format!("{sign}{whole}.{fraction:0width$}", width = scale as usize)
}

/// Credit hours (学时) in hundredths: `Hours(50)` is 0.5 学时. On the wire a decimal string
/// with two places ("0.50"), so no client ever sees a float.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hours(pub i64);

impl Hours {
    pub const fn from_hundredths(hundredths: i64) -> Self {
        Self(hundredths)
    }

    pub const fn whole(hours: i64) -> Self {
        Self(hours * 100)
    }

    pub const fn hundredths(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_scaled(self.0, 2))
    }
}

impl FromStr for Hours {
    type Err = QuantityError;
    fn from_str(text: &str) -> Result<Self, QuantityError> {
        parse_scaled(text, 2).map(Self)
    }
}

impl std::ops::Add for Hours {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        Self(self.0.saturating_add(other.0))
    }
}

impl std::iter::Sum for Hours {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self(0), |a, b| a + b)
    }
}

/// Money in fen (分): `Fen(1234)` is ¥12.34. On the wire an integer number of fen (a JSON
/// number with a zero fraction, `1234.0`, is the same integer to JSON Schema and is read so).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, ToSchema,
)]
#[serde(transparent)]
#[schema(value_type = i64, example = 123_456)]
pub struct Fen(pub i64);

impl<'de> Deserialize<'de> for Fen {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Whole;
        impl serde::de::Visitor<'_> for Whole {
            type Value = i64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number of fen")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
                Ok(v)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
                i64::try_from(v).map_err(|_| E::custom("too large"))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<i64, E> {
                if v.fract() == 0.0 && v.abs() < 9.0e15 {
                    Ok(v as i64)
                } else {
                    Err(E::custom(format!("`{v}` is not a whole number of fen")))
                }
            }
        }
        deserializer.deserialize_any(Whole).map(Fen)
    }
}

impl Fen {
    /// Yuan with two decimals, for display and CSV ("12.34").
    pub fn yuan_text(self) -> String {
        format_scaled(self.0, 2)
    }
}

/// An exact decimal of a stated number of places (e.g. indicator values such as 47.8 亿元,
/// growth 25.8%): `units` scaled by 10^`scale`. On the wire the decimal text ("47.8").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExactDecimal {
    pub units: i64,
    pub scale: u32,
}

/// Most decimal places an [`ExactDecimal`] keeps.
pub const MAX_DECIMAL_SCALE: u32 = 6;

impl FromStr for ExactDecimal {
    type Err = QuantityError;
    fn from_str(text: &str) -> Result<Self, QuantityError> {
        let scale = text.split_once('.').map_or(0, |(_, f)| f.len());
        let scale = u32::try_from(scale).unwrap_or(u32::MAX);
        if scale > MAX_DECIMAL_SCALE {
            return Err(QuantityError::TooPrecise {
                text: text.to_owned(),
                max: MAX_DECIMAL_SCALE,
            });
        }
        Ok(Self {
            units: parse_scaled(text, scale)?,
            scale,
        })
    }
}

impl fmt::Display for ExactDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_scaled(self.units, self.scale))
    }
}

macro_rules! serde_as_text {
    ($ty:ty, $expecting:literal) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(|e: QuantityError| {
                    serde::de::Error::custom(format!("{e}; expected {}", $expecting))
                })
            }
        }
    };
}

crate::text_schema::text_schema!(
    Hours,
    "Hours",
    r"^-?\d+(\.\d{1,2})?$",
    "1.50",
    "Credit hours (学时) as exact decimal text with at most two places."
);
crate::text_schema::text_schema!(
    ExactDecimal,
    "ExactDecimal",
    r"^-?\d+(\.\d{1,6})?$",
    "47.8",
    "An exact decimal as text (never a float)."
);

serde_as_text!(Hours, "hours as a decimal string such as \"1.50\"");
serde_as_text!(ExactDecimal, "a decimal string such as \"47.8\"");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_exact_hundredths() {
        assert_eq!("0.5".parse::<Hours>(), Ok(Hours(50)));
        assert_eq!("0.25".parse::<Hours>(), Ok(Hours(25)));
        assert_eq!("550".parse::<Hours>(), Ok(Hours::whole(550)));
        assert_eq!(Hours(5).to_string(), "0.05");
        assert_eq!(Hours(-150).to_string(), "-1.50");
        assert!(matches!(
            "0.125".parse::<Hours>(),
            Err(QuantityError::TooPrecise { .. })
        ));
        for bad in ["", ".5", "1.", "1,5", "1e2", "abc", "--1"] {
            assert!(bad.parse::<Hours>().is_err(), "{bad} should be refused");
        }
        let total: Hours = [Hours(50), Hours(25), Hours(600)].into_iter().sum();
        assert_eq!(total.to_string(), "6.75");
    }

    #[test]
    fn hours_travel_as_text() {
        let json = serde_json::to_string(&Hours(150)).expect("json");
        assert_eq!(json, "\"1.50\"");
        let back: Hours = serde_json::from_str("\"6\"").expect("parse");
        assert_eq!(back, Hours(600));
        assert!(
            serde_json::from_str::<Hours>("1.5").is_err(),
            "floats are refused"
        );
    }

    #[test]
    fn money_is_fen_and_decimals_keep_their_places() {
        assert_eq!(Fen(123_456).yuan_text(), "1234.56");
        assert_eq!(
            serde_json::from_str::<Fen>("680001").ok(),
            Some(Fen(680_001))
        );
        assert_eq!(
            serde_json::from_str::<Fen>("680001.0").ok(),
            Some(Fen(680_001))
        );
        assert!(
            serde_json::from_str::<Fen>("1.5").is_err(),
            "no fractions of a fen"
        );
        assert!(serde_json::from_str::<Fen>("\"12\"").is_err());
        let gdp: ExactDecimal = "47.8".parse().expect("decimal");
        assert_eq!(
            gdp,
            ExactDecimal {
                units: 478,
                scale: 1
            }
        );
        assert_eq!(gdp.to_string(), "47.8");
        let sales: ExactDecimal = "167.04".parse().expect("decimal");
        assert_eq!(sales.to_string(), "167.04");
        assert!("99999999999999999999".parse::<ExactDecimal>().is_err());
    }
}
