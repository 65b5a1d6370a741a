//! Numbers and dates written as each language writes them.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::Locale;

/// `11 997` in French (narrow no-break space), `11,997` in English.
pub fn format_int(locale: Locale, n: i64) -> String {
    let separator = match locale {
        Locale::Fr => "\u{202F}",
        Locale::En => ",",
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `1er décembre 2026`, `4 décembre 2026`; `4 December 2026`.
pub fn format_date(locale: Locale, date: NaiveDate) -> String {
    let month = date.month0() as usize;
    match locale {
        Locale::Fr => {
            let day = if date.day() == 1 {
                "1er".to_owned()
            } else {
                date.day().to_string()
            };
            format!("{day} {} {}", MONTHS_FR[month], date.year())
        }
        Locale::En => format!("{} {} {}", date.day(), MONTHS_EN[month], date.year()),
    }
}

/// `4 décembre 2026 à 14 h 30` (French typography), `4 December 2026 at 14:30`.
/// The time is already in the territory's time zone.
pub fn format_datetime(locale: Locale, local: NaiveDateTime) -> String {
    let date = format_date(locale, local.date());
    match locale {
        Locale::Fr if local.minute() == 0 => format!("{date} à {}\u{a0}h", local.hour()),
        Locale::Fr => format!(
            "{date} à {}\u{a0}h\u{a0}{:02}",
            local.hour(),
            local.minute()
        ),
        Locale::En => format!("{date} at {:02}:{:02}", local.hour(), local.minute()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_grouped_by_thousands() {
        assert_eq!(format_int(Locale::Fr, 11997), "11\u{202F}997");
        assert_eq!(format_int(Locale::En, 11997), "11,997");
        assert_eq!(format_int(Locale::Fr, 368), "368");
        assert_eq!(format_int(Locale::En, 1234567), "1,234,567");
        assert_eq!(format_int(Locale::En, -1000), "-1,000");
    }

    #[test]
    fn dates_read_as_people_write_them() {
        let dt = NaiveDate::from_ymd_opt(2026, 12, 4)
            .unwrap()
            .and_hms_opt(14, 30, 0)
            .unwrap();
        assert_eq!(
            format_datetime(Locale::Fr, dt),
            "4 décembre 2026 à 14\u{a0}h\u{a0}30"
        );
        assert_eq!(format_datetime(Locale::En, dt), "4 December 2026 at 14:30");
        let first = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(format_date(Locale::Fr, first), "1er janvier 2027");
        let nine = first.and_hms_opt(9, 0, 0).unwrap();
        assert_eq!(
            format_datetime(Locale::Fr, nine),
            "1er janvier 2027 à 9\u{a0}h"
        );
    }
}
