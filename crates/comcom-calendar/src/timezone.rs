//! VTIMEZONE components (RFC 5545 §3.6.5) written from the tz database that
//! chrono-tz compiles in: one observance per offset change found in the years
//! a calendar covers, plus the observance in force at the start of the first
//! year. A zone without daylight saving (Réunion, Guyane, Martinique…) gets a
//! single STANDARD observance.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use crate::text::{escape_text, push_line};

/// One offset in force: seconds east of UTC, whether it is daylight time, its
/// abbreviation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observed {
    offset: i32,
    daylight: bool,
    name: String,
}

fn observed(tz: Tz, at: DateTime<Utc>) -> Observed {
    let off = tz.offset_from_utc_datetime(&at.naive_utc());
    Observed {
        offset: off.fix().local_minus_utc(),
        daylight: !off.dst_offset().is_zero(),
        name: off.abbreviation().unwrap_or("").to_owned(),
    }
}

/// An offset change: the instant, the offset before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Transition {
    at: DateTime<Utc>,
    from: Observed,
    to: Observed,
}

fn year_start(year: i32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(year, 1, 1)
        .unwrap_or(NaiveDate::MIN)
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
}

/// The offset changes between January 1st of `from_year` and the end of
/// `to_year` (UTC), found day by day then to the second. Changes closer than
/// a day apart (none in the zones France uses) would be seen as one.
fn transitions(tz: Tz, from_year: i32, to_year: i32) -> Vec<Transition> {
    let start = year_start(from_year);
    let end = year_start(to_year.saturating_add(1));
    let mut found = Vec::new();
    let mut t = start;
    let mut here = observed(tz, t);
    while t < end {
        let next = t + Duration::days(1);
        let there = observed(tz, next);
        if there != here {
            // Binary search, in whole seconds, for the first second with the new offset.
            let (mut lo, mut hi) = (t.timestamp(), next.timestamp());
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                let mid_at = DateTime::from_timestamp(mid, 0).unwrap_or(t);
                if observed(tz, mid_at) == here {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let hi = DateTime::from_timestamp(hi, 0).unwrap_or(next);
            found.push(Transition {
                at: hi,
                from: here.clone(),
                to: there.clone(),
            });
            here = there;
        }
        t = next;
    }
    found
}

fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

pub(crate) fn local_stamp(at: NaiveDateTime) -> String {
    at.format("%Y%m%dT%H%M%S").to_string()
}

fn push_observance(out: &mut String, onset_local: NaiveDateTime, from: &Observed, to: &Observed) {
    let kind = if to.daylight { "DAYLIGHT" } else { "STANDARD" };
    push_line(out, &format!("BEGIN:{kind}"));
    push_line(out, &format!("DTSTART:{}", local_stamp(onset_local)));
    push_line(out, &format!("TZOFFSETFROM:{}", utc_offset(from.offset)));
    push_line(out, &format!("TZOFFSETTO:{}", utc_offset(to.offset)));
    if !to.name.is_empty() {
        push_line(out, &format!("TZNAME:{}", escape_text(&to.name)));
    }
    push_line(out, &format!("END:{kind}"));
}

/// Writes the VTIMEZONE of `tz` valid for every time from January 1st of
/// `from_year` to December 31st of `to_year`.
pub fn write_vtimezone(out: &mut String, tz: Tz, from_year: i32, to_year: i32) {
    let (from_year, to_year) = (from_year.min(to_year), from_year.max(to_year));
    push_line(out, "BEGIN:VTIMEZONE");
    push_line(out, &format!("TZID:{}", tz.name()));
    // The observance in force at the start of the range.
    let start = year_start(from_year);
    let first = observed(tz, start);
    let onset = start.naive_utc() + Duration::seconds(i64::from(first.offset));
    push_observance(out, onset, &first, &first);
    for t in transitions(tz, from_year, to_year) {
        // The onset is the wall-clock time just before the change (§3.6.5:
        // DTSTART is local time in the TZOFFSETFROM offset).
        let onset = t.at.naive_utc() + Duration::seconds(i64::from(t.from.offset));
        push_observance(out, onset, &t.from, &t.to);
    }
    push_line(out, "END:VTIMEZONE");
}

/// The VTIMEZONE of `tz` covering the given years, as a string.
pub fn vtimezone(tz: Tz, from_year: i32, to_year: i32) -> String {
    let mut out = String::new();
    write_vtimezone(&mut out, tz, from_year, to_year);
    out
}

/// The calendar year of an instant in a zone.
pub(crate) fn year_in(tz: Tz, at: DateTime<Utc>) -> i32 {
    at.with_timezone(&tz).year()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_changes_twice_a_year() {
        let ts = transitions(chrono_tz::Europe::Paris, 2027, 2027);
        assert_eq!(ts.len(), 2);
        assert_eq!(ts[0].at.to_rfc3339(), "2027-03-28T01:00:00+00:00");
        assert_eq!((ts[0].from.offset, ts[0].to.offset), (3600, 7200));
        assert!(ts[0].to.daylight);
        assert_eq!(ts[1].at.to_rfc3339(), "2027-10-31T01:00:00+00:00");
        let text = vtimezone(chrono_tz::Europe::Paris, 2027, 2027);
        assert!(text.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n"
        ));
        assert!(text.contains(
            "BEGIN:STANDARD\r\nDTSTART:20271031T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n"
        ));
    }

    #[test]
    fn zones_without_daylight_saving_have_one_observance() {
        for tz in [
            chrono_tz::Indian::Reunion,
            chrono_tz::America::Cayenne,
            chrono_tz::America::Martinique,
        ] {
            let text = vtimezone(tz, 2026, 2028);
            assert_eq!(text.matches("BEGIN:STANDARD").count(), 1, "{tz}");
            assert!(!text.contains("DAYLIGHT"));
        }
        let text = vtimezone(chrono_tz::Indian::Reunion, 2026, 2026);
        assert!(text.contains("TZOFFSETFROM:+0400\r\nTZOFFSETTO:+0400\r\n"));
        // Saint-Pierre-et-Miquelon does change.
        let text = vtimezone(chrono_tz::America::Miquelon, 2026, 2026);
        assert!(text.contains("TZOFFSETFROM:-0300\r\nTZOFFSETTO:-0200\r\n"));
    }
}
