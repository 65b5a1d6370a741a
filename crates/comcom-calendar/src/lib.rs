//! comcom's iCalendar writer (RFC 5545, with the methods of RFC 5546).
//!
//! One neutral description — a [`Calendar`] of [`Event`]s whose times are
//! instants in UTC — is written in the calendar's time zone: every DTSTART
//! and DTEND carries a TZID whose full VTIMEZONE (from the tz database) is
//! included, so that a calendar program shows the right wall-clock time on
//! either side of a daylight-saving change. Lines end in CRLF and are folded
//! at 75 octets without splitting a UTF-8 character.
//!
//! Used for meeting invitations (`METHOD:REQUEST`), their cancellation
//! (`METHOD:CANCEL`) and published feeds (`METHOD:PUBLISH`).

mod text;
mod timezone;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub use text::{MAX_LINE_OCTETS, escape_text, param_value, push_line};
pub use timezone::{vtimezone, write_vtimezone};

use text::raw_value;
use timezone::{local_stamp, year_in};

/// The media type of an iCalendar object.
pub const MEDIA_TYPE: &str = "text/calendar";

/// The iTIP method of a calendar object (RFC 5546 §1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// An invitation, or an update of one (with a higher SEQUENCE).
    Request,
    /// A cancellation of an invitation.
    Cancel,
    /// A published calendar (a feed); no reply is expected.
    Publish,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
            Method::Publish => "PUBLISH",
        }
    }

    /// `text/calendar; method=REQUEST; charset=UTF-8`: the method appears in
    /// the media type as well as in the body, as RFC 6047 asks of email.
    pub fn content_type(self) -> String {
        format!("{MEDIA_TYPE}; method={}; charset=UTF-8", self.as_str())
    }
}

/// The STATUS of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Confirmed,
    Cancelled,
}

/// A participant's answer (PARTSTAT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartStat {
    NeedsAction,
    Accepted,
    Declined,
    /// Someone else holds this participant's vote (DELEGATED).
    Delegated,
}

impl PartStat {
    pub fn as_str(self) -> &'static str {
        match self {
            PartStat::NeedsAction => "NEEDS-ACTION",
            PartStat::Accepted => "ACCEPTED",
            PartStat::Declined => "DECLINED",
            PartStat::Delegated => "DELEGATED",
        }
    }
}

/// The organizer of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organizer {
    pub name: String,
    pub email: String,
}

/// An invited participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub name: String,
    pub email: String,
    pub partstat: PartStat,
    /// Whether an answer is asked for.
    pub rsvp: bool,
}

/// One event (VEVENT). Times are instants; they are written in the
/// calendar's zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable for the life of the event, e.g. `meeting-42@example.org`.
    pub uid: String,
    /// 0 at first, one more for each update or cancellation sent.
    pub sequence: u32,
    /// When this representation was made.
    pub stamp: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub url: Option<String>,
    pub status: Status,
    pub organizer: Option<Organizer>,
    pub attendees: Vec<Attendee>,
    pub created: Option<DateTime<Utc>>,
    pub last_modified: Option<DateTime<Utc>>,
}

/// A calendar object: its method, zone, optional display name and events.
#[derive(Debug, Clone)]
pub struct Calendar {
    pub method: Method,
    /// PRODID, e.g. `-//comcom//meetings//FR`.
    pub product: String,
    pub time_zone: Tz,
    /// X-WR-CALNAME, shown by calendar programs for a subscribed feed.
    pub name: Option<String>,
    pub events: Vec<Event>,
    /// The year whose zone rules an empty calendar describes.
    pub now: DateTime<Utc>,
}

fn utc_stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

impl Calendar {
    /// The calendar as iCalendar text (CRLF line endings, folded lines).
    pub fn to_ics(&self) -> String {
        let tz = self.time_zone;
        let mut out = String::with_capacity(2048 + 1024 * self.events.len());
        push_line(&mut out, "BEGIN:VCALENDAR");
        push_line(&mut out, "VERSION:2.0");
        push_line(&mut out, &format!("PRODID:{}", escape_text(&self.product)));
        push_line(&mut out, "CALSCALE:GREGORIAN");
        push_line(&mut out, &format!("METHOD:{}", self.method.as_str()));
        if let Some(name) = &self.name {
            push_line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));
        }
        push_line(&mut out, &format!("X-WR-TIMEZONE:{}", tz.name()));
        let years = self
            .events
            .iter()
            .flat_map(|e| [year_in(tz, e.start), year_in(tz, e.end)]);
        let from = years.clone().min().unwrap_or_else(|| year_in(tz, self.now));
        let to = years.max().unwrap_or(from);
        // One year before the first event, so that an observance always
        // precedes every time written.
        write_vtimezone(&mut out, tz, from - 1, to);
        for event in &self.events {
            self.write_event(&mut out, event);
        }
        push_line(&mut out, "END:VCALENDAR");
        out
    }

    fn write_event(&self, out: &mut String, e: &Event) {
        let tz = self.time_zone;
        let tzid = tz.name();
        push_line(out, "BEGIN:VEVENT");
        push_line(out, &format!("UID:{}", escape_text(&e.uid)));
        push_line(out, &format!("SEQUENCE:{}", e.sequence));
        push_line(out, &format!("DTSTAMP:{}", utc_stamp(e.stamp)));
        if let Some(created) = e.created {
            push_line(out, &format!("CREATED:{}", utc_stamp(created)));
        }
        if let Some(modified) = e.last_modified {
            push_line(out, &format!("LAST-MODIFIED:{}", utc_stamp(modified)));
        }
        let local = |at: DateTime<Utc>| local_stamp(at.with_timezone(&tz).naive_local());
        push_line(out, &format!("DTSTART;TZID={tzid}:{}", local(e.start)));
        push_line(out, &format!("DTEND;TZID={tzid}:{}", local(e.end)));
        push_line(out, &format!("SUMMARY:{}", escape_text(&e.summary)));
        if let Some(d) = &e.description {
            push_line(out, &format!("DESCRIPTION:{}", escape_text(d)));
        }
        if let Some(l) = &e.location {
            push_line(out, &format!("LOCATION:{}", escape_text(l)));
        }
        if let Some(u) = &e.url {
            push_line(out, &format!("URL:{}", raw_value(u)));
        }
        let status = match e.status {
            Status::Confirmed => "CONFIRMED",
            Status::Cancelled => "CANCELLED",
        };
        push_line(out, &format!("STATUS:{status}"));
        push_line(out, "TRANSP:OPAQUE");
        if let Some(o) = &e.organizer {
            push_line(
                out,
                &format!(
                    "ORGANIZER;CN={}:mailto:{}",
                    param_value(&o.name),
                    raw_value(&o.email)
                ),
            );
        }
        for a in &e.attendees {
            push_line(
                out,
                &format!(
                    "ATTENDEE;CN={};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={};RSVP={}:mailto:{}",
                    param_value(&a.name),
                    a.partstat.as_str(),
                    if a.rsvp { "TRUE" } else { "FALSE" },
                    raw_value(&a.email)
                ),
            );
        }
        push_line(out, "END:VEVENT");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn event() -> Event {
        Event {
            uid: "meeting-7@comcom.example".into(),
            sequence: 2,
            stamp: at("2026-12-04T18:00:00Z"),
            start: at("2027-03-29T07:30:00Z"),
            end: at("2027-03-29T09:00:00Z"),
            summary: "Conseil, bureau; réunion".into(),
            description: Some("Ordre du jour :\n1. Budget".into()),
            location: Some("Mairie d'Engins".into()),
            url: Some("https://comcom.example/reunions/7".into()),
            status: Status::Confirmed,
            organizer: Some(Organizer {
                name: "Anne Martin".into(),
                email: "anne@example.org".into(),
            }),
            attendees: vec![Attendee {
                name: "Martin, Paul".into(),
                email: "paul@example.org".into(),
                partstat: PartStat::NeedsAction,
                rsvp: true,
            }],
            created: None,
            last_modified: None,
        }
    }

    #[test]
    fn a_request_is_written_in_local_time_with_its_zone() {
        let cal = Calendar {
            method: Method::Request,
            product: "-//comcom//meetings//FR".into(),
            time_zone: chrono_tz::Europe::Paris,
            name: None,
            events: vec![event()],
            now: at("2026-12-04T18:00:00Z"),
        };
        let ics = cal.to_ics();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("\r\nMETHOD:REQUEST\r\n"));
        assert!(ics.contains("\r\nTZID:Europe/Paris\r\n"));
        // After the March change Paris is UTC+2.
        assert!(ics.contains("\r\nDTSTART;TZID=Europe/Paris:20270329T093000\r\n"));
        assert!(ics.contains("\r\nDTEND;TZID=Europe/Paris:20270329T110000\r\n"));
        assert!(ics.contains("\r\nSUMMARY:Conseil\\, bureau\\; réunion\r\n"));
        assert!(ics.contains("\r\nDESCRIPTION:Ordre du jour :\\n1. Budget\r\n"));
        assert!(ics.contains("\r\nSEQUENCE:2\r\n"));
        assert!(ics.contains("\r\nDTSTAMP:20261204T180000Z\r\n"));
        assert!(
            ics.contains("ATTENDEE;CN=\"Martin, Paul\";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;")
        );
        assert!(!ics.replace("\r\n", "").contains('\n'), "CRLF only");
        assert_eq!(
            Method::Cancel.content_type(),
            "text/calendar; method=CANCEL; charset=UTF-8"
        );
    }

    #[test]
    fn an_empty_feed_still_has_its_zone() {
        let cal = Calendar {
            method: Method::Publish,
            product: "-//comcom//meetings//FR".into(),
            time_zone: chrono_tz::Indian::Reunion,
            name: Some("Réunions".into()),
            events: vec![],
            now: at("2026-12-04T18:00:00Z"),
        };
        let ics = cal.to_ics();
        assert!(ics.contains("TZID:Indian/Reunion"));
        assert!(ics.contains("X-WR-CALNAME:Réunions"));
        assert!(!ics.contains("VEVENT"));
    }
}
