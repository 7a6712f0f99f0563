//! Whole numbers written with a fraction (`84.0`): JSON Schema counts them as integers, serde
//! does not. No field of the platform is a float (amounts are scaled integers or decimal
//! text), so request bodies read them as the integers they are.

use serde::Deserialize;
use serde_json::{Number, Value};

/// Whether serde refused a float where it wanted an integer, and the float is whole.
pub(crate) fn is_whole_float_error(error: &serde_json::Error) -> bool {
    let message = error.to_string();
    message
        .strip_prefix("invalid type: floating point `")
        .and_then(|rest| rest.split('`').next())
        .and_then(|number| number.parse::<f64>().ok())
        .is_some_and(|f| whole(f).is_some())
}

/// `f` as an integer when it is one (and exactly representable).
fn whole(f: f64) -> Option<i64> {
    // 2^53: beyond it not every integer has an f64, so a fraction could hide.
    (f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0).then_some(f as i64)
}

/// Replaces every whole float in `value` by the integer.
fn normalise(value: &mut Value) {
    match value {
        Value::Number(number) if number.is_f64() => {
            if let Some(n) = number.as_f64().and_then(whole) {
                *number = Number::from(n);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalise),
        Value::Object(fields) => fields.values_mut().for_each(normalise),
        _ => {}
    }
}

/// Reads `bytes` as `T` with whole floats read as integers: `Err(Err(_))` when the JSON is
/// malformed, `Err(Ok(_))` with the field's path when `T` still does not fit.
#[allow(clippy::type_complexity)]
pub(crate) fn parse_normalised<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
) -> Result<T, Result<serde_path_to_error::Error<serde_json::Error>, serde_json::Error>> {
    let mut value: Value = serde_json::from_slice(bytes).map_err(Err)?;
    normalise(&mut value);
    serde_path_to_error::deserialize(value).map_err(Ok)
}

/// For integer fields: also accepts a JSON number with a zero fraction (`4.0`), which JSON
/// Schema counts as an integer. Use with `#[serde(deserialize_with = "lt_http::extract::integer")]`.
/// (Request bodies read through [`crate::extract::Json`] do this for every field anyway.)
pub fn integer<'de, D>(deserializer: D) -> Result<i32, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let number = Number::deserialize(deserializer)?;
    as_i32(&number).ok_or_else(|| {
        serde::de::Error::custom(format!("invalid type: `{number}`, expected a whole number"))
    })
}

/// For optional integer fields: as [`integer`]. Use with
/// `#[serde(default, deserialize_with = "lt_http::extract::optional_integer")]`.
pub fn optional_integer<'de, D>(deserializer: D) -> Result<Option<i32>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let Some(number) = Option::<Number>::deserialize(deserializer)? else {
        return Ok(None);
    };
    as_i32(&number).map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!("invalid type: `{number}`, expected a whole number"))
    })
}

fn as_i32(number: &Number) -> Option<i32> {
    number
        .as_i64()
        .or_else(|| number.as_f64().and_then(whole))
        .and_then(|n| i32::try_from(n).ok())
}
