//! How times and dates are written in the database: UTC text in one fixed
//! format, so that comparing text compares times on both backends.

use chrono::{DateTime, NaiveDate, Utc};

use crate::StoreError;

const FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

/// A time as stored.
pub fn stamp(time: DateTime<Utc>) -> String {
    time.format(FORMAT).to_string()
}

/// Now, as stored.
pub fn now() -> String {
    stamp(Utc::now())
}

/// Reads a stored time.
pub fn parse(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt {
            column: "timestamp",
            value: text.to_owned(),
        })
}

/// A date as stored (`2026-03-22`).
pub fn date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Reads a stored date.
pub fn parse_date(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| StoreError::Corrupt {
        column: "date",
        value: text.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_times_sort_as_text_in_time_order() {
        let a = stamp(
            DateTime::parse_from_rfc3339("2026-12-04T09:05:00Z")
                .unwrap()
                .into(),
        );
        let b = stamp(
            DateTime::parse_from_rfc3339("2026-12-04T10:00:00.5Z")
                .unwrap()
                .into(),
        );
        assert_eq!(a, "2026-12-04T09:05:00.000000Z");
        assert!(a < b);
        assert_eq!(
            parse(&b).unwrap().to_rfc3339(),
            "2026-12-04T10:00:00.500+00:00"
        );
    }
}
