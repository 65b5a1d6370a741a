//! Times as a territory lives them: stored in UTC, shown and typed in the
//! territory's time zone, correct across daylight-saving changes.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use comcom_i18n::{Locale, format_datetime};

fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(chrono_tz::Europe::Paris)
}

/// `4 décembre 2026 à 14 h 30` in the territory's zone.
pub fn show(locale: Locale, time_zone: &str, at: DateTime<Utc>) -> String {
    format_datetime(locale, at.with_timezone(&zone(time_zone)).naive_local())
}

/// The value of an `<input type="datetime-local">` for a time.
pub fn input_value(time_zone: &str, at: DateTime<Utc>) -> String {
    at.with_timezone(&zone(time_zone))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// A local time typed in a form (`2026-12-04T14:30`), as UTC. A time that
/// does not exist (skipped by a spring change) is refused; an ambiguous one
/// (repeated in autumn) takes the earlier instant.
pub fn parse_local(time_zone: &str, text: &str) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    zone(time_zone)
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_convert_across_daylight_saving_changes() {
        let winter = parse_local("Europe/Paris", "2026-12-04T14:30").unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-12-04T13:30:00+00:00");
        let summer = parse_local("Europe/Paris", "2026-07-14T14:30").unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-07-14T12:30:00+00:00");
        assert_eq!(
            parse_local("Europe/Paris", "2026-03-29T02:30"),
            None,
            "skipped hour"
        );
        assert!(
            parse_local("Europe/Paris", "2026-10-25T02:30").is_some(),
            "repeated hour"
        );
        assert_eq!(
            parse_local("Indian/Reunion", "2026-12-04T14:30")
                .unwrap()
                .to_rfc3339(),
            "2026-12-04T10:30:00+00:00"
        );
        assert_eq!(parse_local("Europe/Paris", "demain"), None);
    }

    #[test]
    fn times_are_shown_in_the_territorys_zone() {
        let at = "2026-12-04T13:30:00Z".parse().unwrap();
        assert_eq!(
            show(Locale::Fr, "Europe/Paris", at),
            "4 décembre 2026 à 14\u{a0}h\u{a0}30"
        );
        assert_eq!(input_value("Europe/Paris", at), "2026-12-04T14:30");
    }
}
