//! SIREN and INSEE codes: always strings, parsed once at the edge.

use std::fmt;

/// Why a text is not a valid code; each variant maps to a message users can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("empty code")]
    Empty,
    #[error("a SIREN has nine digits")]
    SirenLength,
    #[error("a SIREN holds only digits")]
    SirenNotDigits,
    #[error("the SIREN's check digit does not match")]
    SirenChecksum,
    #[error("an INSEE code has five characters")]
    InseeLength,
    #[error("an INSEE code starts with a department (01–95, 2A, 2B, 971–976) and ends with digits")]
    InseeShape,
}

/// The nine-digit SIREN of an EPCI or a commune.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Siren(String);

impl Siren {
    /// Parses a SIREN typed by a person: spaces are allowed between groups
    /// ("243 801 024"), the Luhn check digit must match.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(CodeError::Empty);
        }
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(CodeError::SirenNotDigits);
        }
        if compact.len() != 9 {
            return Err(CodeError::SirenLength);
        }
        if !luhn_valid(&compact) {
            return Err(CodeError::SirenChecksum);
        }
        Ok(Siren(compact))
    }

    /// Wraps a SIREN read from trusted data (the catalogue, the database).
    pub fn from_trusted(code: impl Into<String>) -> Self {
        Siren(code.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Siren {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The five-character INSEE code of a commune (`38548`, `2A004`, `97411`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InseeCode(String);

impl InseeCode {
    /// Parses an INSEE code; Corsican codes accept a lower-case letter (`2a004`).
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(CodeError::Empty);
        }
        if code.chars().count() != 5 {
            return Err(CodeError::InseeLength);
        }
        let bytes = code.as_bytes();
        let department_ok = match &bytes[..2] {
            b"2A" | b"2B" => true,
            [a, b] => a.is_ascii_digit() && b.is_ascii_digit(),
            _ => false,
        };
        if !department_ok || !bytes[2..].iter().all(u8::is_ascii_digit) {
            return Err(CodeError::InseeShape);
        }
        Ok(InseeCode(code))
    }

    /// Wraps an INSEE code read from trusted data.
    pub fn from_trusted(code: impl Into<String>) -> Self {
        InseeCode(code.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The department part: `38`, `2A`, or three digits overseas (`974`).
    pub fn department(&self) -> &str {
        if self.0.starts_with("97") {
            &self.0[..3]
        } else {
            &self.0[..2]
        }
    }
}

impl fmt::Display for InseeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_siren_parses_with_or_without_spaces() {
        assert_eq!(Siren::parse("243801024").unwrap().as_str(), "243801024");
        assert_eq!(Siren::parse(" 243 801 024 ").unwrap().as_str(), "243801024");
    }

    #[test]
    fn a_siren_with_a_wrong_check_digit_is_refused() {
        assert_eq!(Siren::parse("243801025"), Err(CodeError::SirenChecksum));
    }

    #[test]
    fn malformed_sirens_say_what_is_wrong() {
        assert_eq!(Siren::parse(""), Err(CodeError::Empty));
        assert_eq!(Siren::parse("24380102"), Err(CodeError::SirenLength));
        assert_eq!(Siren::parse("2438010245"), Err(CodeError::SirenLength));
        assert_eq!(Siren::parse("24380102A"), Err(CodeError::SirenNotDigits));
        assert_eq!(Siren::parse("vercors"), Err(CodeError::SirenNotDigits));
    }

    #[test]
    fn insee_codes_are_strings_including_corsica_and_overseas() {
        assert_eq!(InseeCode::parse("01065").unwrap().as_str(), "01065");
        assert_eq!(InseeCode::parse("2a004").unwrap().as_str(), "2A004");
        assert_eq!(InseeCode::parse("2A004").unwrap().department(), "2A");
        assert_eq!(InseeCode::parse("97411").unwrap().department(), "974");
        assert_eq!(InseeCode::parse("38548").unwrap().department(), "38");
    }

    #[test]
    fn malformed_insee_codes_are_refused() {
        assert_eq!(InseeCode::parse("1065"), Err(CodeError::InseeLength));
        assert_eq!(InseeCode::parse("2C004"), Err(CodeError::InseeShape));
        assert_eq!(InseeCode::parse("ABCDE"), Err(CodeError::InseeShape));
        assert_eq!(InseeCode::parse("38é48"), Err(CodeError::InseeShape));
    }
}
