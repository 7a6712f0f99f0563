//! ISBNs: ISBN-10 and ISBN-13 are accepted with or without hyphens and spaces, their check
//! digit verified, and kept as ISBN-13 (an ISBN-10 becomes `978` + its first nine digits +
//! a new check digit), so one book has one key whichever form a caller or the library sends.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A valid ISBN, as its 13 digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Isbn(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IsbnError {
    /// Not 10 or 13 characters of digits (an ISBN-10 may end in `X`) once separators go.
    Malformed,
    /// The digits are there but the check digit does not match.
    CheckDigit,
    /// 13 digits that are not a book number (prefix other than 978 or 979).
    NotBookland,
}

impl IsbnError {
    pub fn message(self) -> &'static str {
        match self {
            Self::Malformed => {
                "10 or 13 digits (an ISBN-10 may end in X), hyphens and spaces allowed"
            }
            Self::CheckDigit => "the check digit does not match: a digit is mistyped",
            Self::NotBookland => "an ISBN-13 starts with 978 or 979",
        }
    }
}

fn digit(c: char) -> Option<u32> {
    c.to_digit(10)
}

fn check13(first12: &[u32]) -> u32 {
    let sum: u32 = first12
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 })
        .sum();
    (10 - sum % 10) % 10
}

impl Isbn {
    pub fn parse(text: &str) -> Result<Self, IsbnError> {
        let chars: Vec<char> = text
            .chars()
            .filter(|c| !matches!(c, '-' | ' ' | '\u{2010}'..='\u{2015}'))
            .collect();
        match chars.len() {
            10 => {
                let mut digits = Vec::with_capacity(10);
                for (i, c) in chars.iter().enumerate() {
                    match (digit(*c), c) {
                        (Some(d), _) => digits.push(d),
                        (None, 'X' | 'x') if i == 9 => digits.push(10),
                        _ => return Err(IsbnError::Malformed),
                    }
                }
                let sum: u32 = digits
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (10 - i as u32) * d)
                    .sum();
                if !sum.is_multiple_of(11) {
                    return Err(IsbnError::CheckDigit);
                }
                let mut first12 = vec![9, 7, 8];
                first12.extend_from_slice(&digits[..9]);
                let check = check13(&first12);
                let text: String = first12
                    .iter()
                    .chain(std::iter::once(&check))
                    .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
                    .collect();
                Ok(Self(text))
            }
            13 => {
                let digits: Vec<u32> = chars
                    .iter()
                    .map(|c| digit(*c))
                    .collect::<Option<_>>()
                    .ok_or(IsbnError::Malformed)?;
                if !(digits[..3] == [9, 7, 8] || digits[..3] == [9, 7, 9]) {
                    return Err(IsbnError::NotBookland);
                }
                if check13(&digits[..12]) != digits[12] {
                    return Err(IsbnError::CheckDigit);
                }
                Ok(Self(chars.into_iter().collect()))
            }
            _ => Err(IsbnError::Malformed),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Isbn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_become_the_same_isbn_13() {
        let ten = Isbn::parse("7-02-002626-5").expect("ISBN-10");
        let thirteen = Isbn::parse("978-7-02-002626-5").expect("ISBN-13");
        assert_eq!(ten, thirteen);
        assert_eq!(thirteen.as_str(), "9787020026265");
        assert_eq!(
            Isbn::parse("0-8044-2957-X").map(|i| i.to_string()),
            Ok("9780804429573".to_owned())
        );
        assert_eq!(
            Isbn::parse("978 7 02 002626 5").map(|i| i.to_string()),
            Ok("9787020026265".to_owned())
        );
    }

    #[test]
    fn a_wrong_check_digit_or_shape_is_refused_with_its_reason() {
        assert_eq!(Isbn::parse("978-7-02-002626-1"), Err(IsbnError::CheckDigit));
        assert_eq!(Isbn::parse("7-02-002626-8"), Err(IsbnError::CheckDigit));
        assert_eq!(
            Isbn::parse("977-7-02-002626-5"),
            Err(IsbnError::NotBookland)
        );
        for malformed in [
            "",
            "123",
            "97870200262600",
            "X-02-002626-9",
            "978702002626X",
            "abcdefghij",
        ] {
            assert_eq!(
                Isbn::parse(malformed),
                Err(IsbnError::Malformed),
                "{malformed:?}"
            );
        }
    }
}
