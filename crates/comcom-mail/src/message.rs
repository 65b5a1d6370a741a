//! One email as comcom describes it, and its translation into an RFC 5322
//! message (MIME, UTF-8, encoded headers) ready to be delivered.

use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::header::{HeaderName, HeaderValue, MessageId};
use lettre::message::{Attachment, Mailbox as LettreMailbox, MultiPart, SinglePart};

/// One email to deliver: what the outbox stores for each message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    /// The Message-ID without angle brackets, for example `"3f2a…@comcom.example.org"`.
    /// It stays the same for one outbox row, so a retried delivery is recognisable
    /// and the mail folder keeps one file per message.
    pub message_id: String,
    /// The sender shown to the recipient.
    pub from: Mailbox,
    /// The recipient's address, for example `"maire@engins.fr"`.
    pub to: String,
    /// The subject, in plain Unicode text.
    pub subject: String,
    /// The plain-text body; always present, as every reader can show it.
    pub text: String,
    /// An HTML version of the same content, sent alongside the text when present.
    pub html: Option<String>,
    /// Extra headers such as `List-Unsubscribe`; the headers this crate sets itself
    /// (From, To, Subject, Date, Message-ID, MIME and Content headers…) are refused.
    pub headers: Vec<(String, String)>,
    /// An iCalendar object (a meeting invitation or its cancellation), sent as
    /// an alternative part `text/calendar; method=…` and as an `.ics` attachment.
    pub calendar: Option<CalendarPart>,
}

/// The iCalendar part of an email (RFC 6047).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarPart {
    /// The iTIP method, `REQUEST` or `CANCEL`, the same as in the body.
    pub method: String,
    /// The iCalendar text (CRLF line ends).
    pub body: String,
}

/// A display name and an address, as in `Communauté de communes <noreply@cc.example.org>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mailbox {
    /// The name shown before the address, if any.
    pub name: Option<String>,
    /// The address itself.
    pub address: String,
}

/// Why an [`Email`] cannot become a message; retrying will not help.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// The message id is not of the form `left@right` with only the characters
    /// allowed in an email address.
    #[error("the message id is not of the form left@right")]
    InvalidMessageId,
    /// The sender's address or name cannot be used.
    #[error("the sender address is not valid")]
    InvalidFrom,
    /// The recipient's address cannot be used.
    #[error("the recipient address is not valid")]
    InvalidTo,
    /// The subject contains a line break or another control character.
    #[error("the subject contains a control character")]
    InvalidSubject,
    /// An extra header has an invalid name or a value with a line break.
    #[error("the header {0:?} is not valid")]
    InvalidHeader(String),
    /// An extra header would replace one this crate sets itself.
    #[error("the header {0:?} is set by comcom-mail and cannot be given")]
    ReservedHeader(String),
    /// The calendar method is not a plain upper-case word.
    #[error("the calendar method is not valid")]
    InvalidCalendarMethod,
    /// lettre refused the message for another reason.
    #[error("the message cannot be built: {0}")]
    Other(String),
}

/// Headers the message builder owns; an extra header must not replace them.
const RESERVED_HEADERS: &[&str] = &[
    "from",
    "sender",
    "to",
    "cc",
    "bcc",
    "subject",
    "date",
    "message-id",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "content-disposition",
    "return-path",
    "received",
];

/// Builds the message exactly as it is delivered: RFC 5322 bytes with CRLF line
/// ends, `Date`, `Message-ID: <message_id>`, `MIME-Version`, UTF-8 text (and
/// HTML, as `multipart/alternative`) with a transfer encoding chosen for the content.
pub fn build_message(email: &Email) -> Result<Vec<u8>, BuildError> {
    Ok(build(email)?.formatted())
}

/// The lettre message, with its envelope (sender and recipient) taken from the headers.
pub(crate) fn build(email: &Email) -> Result<Message, BuildError> {
    check_message_id(&email.message_id)?;
    let from = parse_from(&email.from)?;
    let to = parse_to(&email.to)?;
    if has_control_character(&email.subject) {
        return Err(BuildError::InvalidSubject);
    }

    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(email.subject.clone())
        .header(MessageId::from(format!("<{}>", email.message_id)));
    for (name, value) in &email.headers {
        builder = builder.raw_header(extra_header(name, value)?);
    }

    let text = SinglePart::plain(email.text.clone());
    let message = match (&email.html, &email.calendar) {
        (None, None) => builder.singlepart(text),
        (Some(html), None) => builder.multipart(
            MultiPart::alternative()
                .singlepart(text)
                .singlepart(SinglePart::html(html.clone())),
        ),
        (html, Some(calendar)) => builder.multipart(calendar_parts(text, html, calendar)?),
    };
    message.map_err(|error| BuildError::Other(error.to_string()))
}

/// `multipart/mixed` holding a `multipart/alternative` (text, HTML if any,
/// then `text/calendar; method=…`, which calendar-aware readers show as an
/// invitation) and the same calendar as an `invitation.ics` attachment for
/// the others.
fn calendar_parts(
    text: SinglePart,
    html: &Option<String>,
    calendar: &CalendarPart,
) -> Result<MultiPart, BuildError> {
    let method_ok = !calendar.method.is_empty()
        && calendar.method.len() <= 20
        && calendar.method.bytes().all(|b| b.is_ascii_uppercase());
    if !method_ok {
        return Err(BuildError::InvalidCalendarMethod);
    }
    let inline = ContentType::parse(&format!(
        "text/calendar; method={}; charset=UTF-8",
        calendar.method
    ))
    .map_err(|e| BuildError::Other(e.to_string()))?;
    let file = ContentType::parse("application/ics; name=\"invitation.ics\"")
        .map_err(|e| BuildError::Other(e.to_string()))?;
    let mut alternative = MultiPart::alternative().singlepart(text);
    if let Some(html) = html {
        alternative = alternative.singlepart(SinglePart::html(html.clone()));
    }
    let alternative = alternative.singlepart(
        SinglePart::builder()
            .header(inline)
            .body(calendar.body.clone()),
    );
    Ok(MultiPart::mixed()
        .multipart(alternative)
        .singlepart(Attachment::new("invitation.ics".to_owned()).body(calendar.body.clone(), file)))
}

/// Accepts `left@right` where both sides use only dot-atom characters (RFC 5322
/// `atext` and dots), which is what `uuid@host` ids look like.
fn check_message_id(id: &str) -> Result<(), BuildError> {
    let is_dot_atom = |part: &str| {
        !part.is_empty()
            && part.len() <= 200
            && !part.starts_with('.')
            && !part.ends_with('.')
            && !part.contains("..")
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
    };
    match id.split_once('@') {
        Some((left, right)) if is_dot_atom(left) && is_dot_atom(right) => Ok(()),
        _ => Err(BuildError::InvalidMessageId),
    }
}

fn parse_from(mailbox: &Mailbox) -> Result<LettreMailbox, BuildError> {
    let address = mailbox
        .address
        .trim()
        .parse()
        .map_err(|_| BuildError::InvalidFrom)?;
    let name = match mailbox.name.as_deref().map(str::trim) {
        Some(name) if has_control_character(name) => return Err(BuildError::InvalidFrom),
        Some("") | None => None,
        Some(name) => Some(name.to_owned()),
    };
    Ok(LettreMailbox::new(name, address))
}

fn parse_to(address: &str) -> Result<LettreMailbox, BuildError> {
    let address = address.trim().parse().map_err(|_| BuildError::InvalidTo)?;
    Ok(LettreMailbox::new(None, address))
}

/// An extra header, refused when its name is not a plain token, when it would
/// replace a header the builder sets, or when its value could inject lines.
fn extra_header(name: &str, value: &str) -> Result<HeaderValue, BuildError> {
    let is_token = !name.is_empty()
        && name.len() <= 76
        && name.bytes().all(|b| b.is_ascii_graphic() && b != b':');
    if !is_token {
        return Err(BuildError::InvalidHeader(name.to_owned()));
    }
    if RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
        return Err(BuildError::ReservedHeader(name.to_owned()));
    }
    if has_control_character(value) {
        return Err(BuildError::InvalidHeader(name.to_owned()));
    }

    let name = HeaderName::new_from_ascii(name.to_owned())
        .map_err(|_| BuildError::InvalidHeader(name.to_owned()))?;
    Ok(HeaderValue::new(name, value.to_owned()))
}

/// Line breaks and other control characters have no place in a header.
fn has_control_character(text: &str) -> bool {
    text.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> Email {
        Email {
            message_id: "0b7c6a4e-1f2d-4c3b-9a8e-5d6f7a8b9c0d@comcom.example.org".into(),
            from: Mailbox {
                name: Some("Communauté de communes du Vercors".into()),
                address: "noreply@vercors.example.org".into(),
            },
            to: "maire@engins.example.org".into(),
            subject: "Votre lien de connexion à l’espace Engins".into(),
            text:
                "Bonjour,\n\nVotre lien de connexion à l’espace : https://vercors.example.org/l/1\n"
                    .into(),
            html: None,
            headers: Vec::new(),
            calendar: None,
        }
    }

    fn built(email: &Email) -> String {
        String::from_utf8(build_message(email).expect("the email builds")).expect("ASCII output")
    }

    #[test]
    fn a_text_email_has_the_required_headers_and_an_encoded_subject() {
        let message = built(&email());

        assert!(
            message.contains(
                "Message-ID: <0b7c6a4e-1f2d-4c3b-9a8e-5d6f7a8b9c0d@comcom.example.org>\r\n"
            )
        );
        assert!(message.contains("MIME-Version: 1.0\r\n"));
        assert!(message.contains("\r\nDate: "));
        assert!(
            message.contains("Subject: Votre lien de connexion =?utf-8?b?"),
            "{message}"
        );
        assert!(message.contains("Content-Type: text/plain; charset=utf-8\r\n"));
        assert!(!message.contains("multipart"));
        assert!(
            !message.contains("Content-Transfer-Encoding: 7bit"),
            "{message}"
        );
        assert!(message.is_ascii(), "accents are transfer-encoded");
    }

    #[test]
    fn an_email_with_html_is_multipart_alternative_with_text_first() {
        let mut email = email();
        email.html =
            Some("<p>Voici votre lien&nbsp;: <a href=\"https://x\">connexion</a></p>".into());

        let message = built(&email);

        assert!(message.contains("Content-Type: multipart/alternative;"));
        let text = message.find("Content-Type: text/plain").expect("text part");
        let html = message.find("Content-Type: text/html").expect("html part");
        assert!(text < html, "the preferred (HTML) part comes last");
    }

    #[test]
    fn an_invitation_has_a_calendar_part_and_an_attachment() {
        let mut email = email();
        email.calendar = Some(CalendarPart {
            method: "REQUEST".into(),
            body: "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n".into(),
        });
        let message = built(&email);
        assert!(message.contains("Content-Type: multipart/mixed;"));
        assert!(message.contains("Content-Type: multipart/alternative;"));
        assert!(
            message
                .to_ascii_lowercase()
                .contains("content-type: text/calendar; method=request; charset=utf-8"),
            "{message}"
        );
        assert!(message.contains("Content-Disposition: attachment; filename=\"invitation.ics\""));
        let mut bad = self::email();
        bad.calendar = Some(CalendarPart {
            method: "REQUEST; x=1".into(),
            body: String::new(),
        });
        assert_eq!(build_message(&bad), Err(BuildError::InvalidCalendarMethod));
    }

    #[test]
    fn extra_headers_are_added_and_encoded() {
        let mut email = email();
        email.headers = vec![
            (
                "List-Unsubscribe".into(),
                "<https://vercors.example.org/u/1>".into(),
            ),
            ("X-Comcom-Note".into(), "élu".into()),
        ];

        let message = built(&email);

        assert!(message.contains("List-Unsubscribe: <https://vercors.example.org/u/1>\r\n"));
        assert!(message.contains("X-Comcom-Note: =?utf-8?"));
    }

    #[test]
    fn headers_set_by_the_builder_cannot_be_given_again() {
        for name in ["From", "bcc", "Message-ID", "Content-Type"] {
            let mut email = email();
            email.headers = vec![(name.into(), "x".into())];

            assert_eq!(
                build_message(&email),
                Err(BuildError::ReservedHeader(name.into()))
            );
        }
    }

    #[test]
    fn a_header_cannot_inject_lines() {
        let bad = [
            ("X-Note", "a\r\nBcc: victim@example.org"),
            ("X-Note", "a\nb"),
            ("X Note", "a"),
            ("X-Note:", "a"),
            ("", "a"),
        ];
        for (name, value) in bad {
            let mut email = email();
            email.headers = vec![(name.into(), value.into())];

            assert_eq!(
                build_message(&email),
                Err(BuildError::InvalidHeader(name.into()))
            );
        }

        let mut email = email();
        email.subject = "Objet\r\nBcc: victim@example.org".into();
        assert_eq!(build_message(&email), Err(BuildError::InvalidSubject));
    }

    #[test]
    fn invalid_addresses_are_refused() {
        for to in [
            "",
            "maire",
            "maire@",
            "@engins.fr",
            "a b@engins.fr",
            "a@b@c",
        ] {
            let mut email = email();
            email.to = to.into();
            assert_eq!(build_message(&email), Err(BuildError::InvalidTo), "{to:?}");
        }

        let mut email = email();
        email.from.address = "noreply".into();
        assert_eq!(build_message(&email), Err(BuildError::InvalidFrom));

        let mut email = self::email();
        email.from.name = Some("Vercors\r\nBcc: x@example.org".into());
        assert_eq!(build_message(&email), Err(BuildError::InvalidFrom));
    }

    #[test]
    fn message_ids_must_be_left_at_right() {
        let bad = [
            "",
            "abc",
            "@host",
            "abc@",
            "<abc@host>",
            "a b@host",
            "a@b@c",
            "..@..",
            "a@h\r\n",
        ];
        for id in bad {
            let mut email = email();
            email.message_id = id.into();
            assert_eq!(
                build_message(&email),
                Err(BuildError::InvalidMessageId),
                "{id:?}"
            );
        }
    }
}
