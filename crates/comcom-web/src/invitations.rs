//! What meetings send and publish: convocation emails with their iCalendar
//! invitation (REQUEST, updates as SEQUENCE bumps, CANCEL), and the events of
//! the calendar feeds (PUBLISH). Everything is written in the recipient's
//! language and the territory's time zone.

use chrono::{DateTime, NaiveTime, Timelike, Utc};
use chrono_tz::Tz;
use comcom_calendar::{Attendee, Calendar, Event, Method, Organizer, PartStat, Status};
use comcom_i18n::{Arg, Locale, format_datetime};
use comcom_store::meetings::{Answer, InviteeRecord, MeetingRecord, MeetingStatus, OutgoingEmail};

/// The product id written in every calendar comcom makes.
pub const PRODUCT: &str = "-//comcom//Reunions//FR";

/// The territory's zone (Paris when the stored name is unknown).
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(chrono_tz::Europe::Paris)
}

/// `14 h 30` / `14:30`.
pub fn time_of_day(locale: Locale, t: NaiveTime) -> String {
    match locale {
        Locale::Fr if t.minute() == 0 => format!("{}\u{a0}h", t.hour()),
        Locale::Fr => format!("{}\u{a0}h\u{a0}{:02}", t.hour(), t.minute()),
        Locale::En => format!("{:02}:{:02}", t.hour(), t.minute()),
    }
}

/// `4 décembre 2026 à 14 h 30 – 16 h` in the territory's zone.
pub fn when(locale: Locale, tz: Tz, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (s, e) = (start.with_timezone(&tz), end.with_timezone(&tz));
    if s.date_naive() == e.date_naive() {
        format!(
            "{} – {}",
            format_datetime(locale, s.naive_local()),
            time_of_day(locale, e.time())
        )
    } else {
        format!(
            "{} – {}",
            format_datetime(locale, s.naive_local()),
            format_datetime(locale, e.naive_local())
        )
    }
}

/// What every message and event about a meeting needs to know.
pub struct MeetingContext<'a> {
    pub meeting: &'a MeetingRecord,
    pub space_name: &'a str,
    pub territory_name: &'a str,
    /// Public base URL without a trailing slash.
    pub base_url: &'a str,
    pub tz: Tz,
    pub organizer: Organizer,
    pub now: DateTime<Utc>,
    /// Documents attached to the meeting: (name, path on the site). The
    /// convocation lists them as links, never as files: each download checks
    /// the person's permission in the space.
    pub documents: &'a [(String, String)],
}

impl MeetingContext<'_> {
    pub fn page_url(&self) -> String {
        format!("{}/reunions/{}", self.base_url, self.meeting.id)
    }

    /// The comcom address that checks the person and sends them to the
    /// provider with a fresh token: the same for everyone, useless to
    /// anyone who is not invited.
    pub fn visio_url(&self) -> Option<String> {
        self.meeting
            .visio
            .then(|| format!("{}/reunions/{}/visio", self.base_url, self.meeting.id))
    }

    fn description(&self, locale: Locale) -> String {
        let mut text = String::new();
        let agenda = comcom_markdown::to_text(&self.meeting.agenda);
        if !agenda.trim().is_empty() {
            text.push_str(&locale.t("meetings-agenda"));
            text.push('\n');
            text.push_str(agenda.trim());
            text.push_str("\n\n");
        }
        if !self.documents.is_empty() {
            text.push_str(&locale.t("meetings-mail-documents"));
            text.push('\n');
            for (name, path) in self.documents {
                text.push_str(&format!("- {name}\n  {}{path}\n", self.base_url));
            }
            text.push('\n');
        }
        if let Some(visio) = self.visio_url() {
            text.push_str(&locale.t_args("meetings-mail-visio", &[("link", Arg::from(visio))]));
            text.push('\n');
        }
        text.push_str(&locale.t_args(
            "meetings-mail-page",
            &[("link", Arg::from(self.page_url()))],
        ));
        text
    }

    fn location(&self, locale: Locale) -> Option<String> {
        match (self.meeting.place.is_empty(), self.meeting.visio) {
            (false, _) => Some(self.meeting.place.clone()),
            (true, true) => Some(locale.t("meetings-visio-only")),
            (true, false) => None,
        }
    }

    /// The meeting as one event, for `attendee` (an invitation) or for a feed.
    pub fn event(&self, locale: Locale, attendee: Option<&InviteeRecord>) -> Event {
        let m = self.meeting;
        Event {
            uid: m.uid.clone(),
            sequence: u32::try_from(m.sequence).unwrap_or(0),
            stamp: self.now,
            start: m.starts_at,
            end: m.ends_at,
            summary: m.title.clone(),
            description: Some(self.description(locale)),
            location: self.location(locale),
            url: Some(self.visio_url().unwrap_or_else(|| self.page_url())),
            status: match m.status {
                MeetingStatus::Scheduled => Status::Confirmed,
                MeetingStatus::Cancelled => Status::Cancelled,
            },
            organizer: Some(self.organizer.clone()),
            attendees: attendee
                .and_then(|a| {
                    let email = a.email.clone()?;
                    Some(Attendee {
                        name: a.display_name.clone(),
                        email,
                        partstat: match a.answer {
                            Answer::Pending => PartStat::NeedsAction,
                            Answer::Yes => PartStat::Accepted,
                            Answer::No => PartStat::Declined,
                            Answer::Proxy => PartStat::Delegated,
                        },
                        rsvp: a.answer == Answer::Pending,
                    })
                })
                .into_iter()
                .collect(),
            created: Some(m.created_at),
            last_modified: Some(m.updated_at),
        }
    }
}

/// Which message a convocation email is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The first convocation (or an invitation added by a change).
    Convene,
    /// A change of a meeting the person was already convened to.
    Update,
    /// The meeting is cancelled.
    Cancel,
    /// The person is no longer invited.
    Uninvite,
}

impl Notice {
    fn prefix(self) -> &'static str {
        match self {
            Notice::Convene => "meetings-mail-convene",
            Notice::Update => "meetings-mail-update",
            Notice::Cancel => "meetings-mail-cancel",
            Notice::Uninvite => "meetings-mail-uninvite",
        }
    }

    fn method(self) -> Method {
        match self {
            Notice::Convene | Notice::Update => Method::Request,
            Notice::Cancel | Notice::Uninvite => Method::Cancel,
        }
    }
}

/// The email (with its invitation) for one invitee; `None` without an address.
pub fn email_for(
    cx: &MeetingContext<'_>,
    notice: Notice,
    invitee: &InviteeRecord,
) -> Option<OutgoingEmail> {
    let to = invitee.email.clone()?;
    let locale = Locale::from_tag(&invitee.locale).unwrap_or_default();
    let when = when(locale, cx.tz, cx.meeting.starts_at, cx.meeting.ends_at);
    let place = cx.location(locale).unwrap_or_default();
    let [the, the_capital] = comcom_i18n::territory_args(locale, cx.territory_name);
    let args = [
        ("title", Arg::from(cx.meeting.title.as_str())),
        ("space", Arg::from(cx.space_name)),
        ("date", Arg::from(when)),
        ("place", Arg::from(place)),
        ("name", Arg::from(invitee.display_name.as_str())),
        ("inviter", Arg::from(cx.organizer.name.as_str())),
        ("link", Arg::from(cx.page_url())),
        ("territory", Arg::from(cx.territory_name)),
        the,
        the_capital,
    ];
    let subject = locale.t_args(&format!("{}-subject", notice.prefix()), &args);
    let mut text = locale.t_args(&format!("{}-body", notice.prefix()), &args);
    if matches!(notice, Notice::Convene | Notice::Update) {
        text.push_str("\n\n");
        text.push_str(&cx.description(locale));
        text.push_str("\n\n");
        text.push_str(&locale.t("meetings-mail-answer"));
    }
    text.push('\n');
    let method = notice.method();
    // Only the recipient is listed: an invitation never tells one member
    // the others' addresses.
    let mut event = cx.event(locale, Some(invitee));
    if method == Method::Cancel {
        event.status = Status::Cancelled;
    }
    let calendar = Calendar {
        method,
        product: PRODUCT.to_owned(),
        time_zone: cx.tz,
        name: None,
        events: vec![event],
        now: cx.now,
    };
    Some(OutgoingEmail {
        to,
        subject,
        text,
        kind: format!("meeting_{}", method.as_str().to_ascii_lowercase()),
        calendar: Some((method.as_str().to_owned(), calendar.to_ics())),
    })
}
