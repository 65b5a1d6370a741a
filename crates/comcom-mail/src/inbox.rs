//! What arrives at the letters' sender address: delivery status
//! notifications (bounces), and unsubscribe requests that mail clients send
//! to the `mailto:` address of `List-Unsubscribe` (RFC 2369), whose subject
//! is `unsubscribe TOKEN`.

use crate::dsn::{
    DsnError, DsnRecipient, decode_base64, decode_quoted_printable, field, fields, parse_dsn, split,
};

/// A message read from the sender's mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    /// A delivery status notification and its recipients.
    Bounce(Vec<DsnRecipient>),
    /// A request to unsubscribe the address of this token (64 hexadecimal digits).
    Unsubscribe(String),
}

/// Why a message is neither a bounce nor an unsubscribe request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InboxError {
    /// A delivery status notification that cannot be read.
    #[error("{0}")]
    Dsn(DsnError),
    /// Neither a report nor a subject `unsubscribe TOKEN`.
    #[error("the message is neither a delivery status notification nor an unsubscribe request")]
    NotUnderstood,
}

/// Reads a message of the sender's mailbox.
pub fn read_incoming(raw: &[u8]) -> Result<Incoming, InboxError> {
    match parse_dsn(raw) {
        Ok(recipients) => return Ok(Incoming::Bounce(recipients)),
        Err(DsnError::NotAReport) => {}
        Err(other) => return Err(InboxError::Dsn(other)),
    }
    let text = String::from_utf8_lossy(raw).replace("\r\n", "\n");
    let (headers, _) = split(&text).ok_or(InboxError::Dsn(DsnError::NoHeaders))?;
    let headers = fields(headers);
    let subject = field(&headers, "subject").unwrap_or("");
    unsubscribe_token(&decode_words(subject))
        .ok_or(InboxError::NotUnderstood)
        .map(Incoming::Unsubscribe)
}

/// The token of a subject `unsubscribe TOKEN` (a reply's `Re:` and case do
/// not matter).
fn unsubscribe_token(subject: &str) -> Option<String> {
    let lower = subject.to_ascii_lowercase();
    let rest = &lower[lower.find("unsubscribe")? + "unsubscribe".len()..];
    let token = rest
        .split(|c: char| !c.is_ascii_hexdigit())
        .find(|w| !w.is_empty())?;
    (token.len() == 64).then(|| token.to_owned())
}

/// Decodes RFC 2047 encoded words (`=?utf-8?B?…?=`, `=?utf-8?Q?…?=`); text
/// outside them is kept.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("=?") {
        out.push_str(&rest[..start]);
        let word = &rest[start + 2..];
        let parsed = (|| {
            let (_charset, after) = word.split_once('?')?;
            let (encoding, after) = after.split_once('?')?;
            let end = after.find("?=")?;
            let data = &after[..end];
            let bytes = match encoding.to_ascii_lowercase().as_str() {
                "b" => decode_base64(data),
                "q" => decode_quoted_printable(&data.replace('_', " ")),
                _ => return None,
            };
            Some((
                String::from_utf8_lossy(&bytes).into_owned(),
                &after[end + 2..],
            ))
        })();
        match parsed {
            Some((decoded, after)) => {
                out.push_str(&decoded);
                rest = after;
            }
            None => {
                out.push_str("=?");
                rest = word;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    #[test]
    fn a_message_to_the_mailto_address_is_an_unsubscribe_request() {
        let raw = format!(
            "From: maire@engins.example\r\nTo: lettre@vercors.example\r\n\
             Subject: unsubscribe {TOKEN}\r\n\r\n\r\n"
        );
        assert_eq!(
            read_incoming(raw.as_bytes()),
            Ok(Incoming::Unsubscribe(TOKEN.into()))
        );
        let reply = format!(
            "Subject: Re: UNSUBSCRIBE {}\n\nmerci\n",
            TOKEN.to_uppercase()
        );
        assert_eq!(
            read_incoming(reply.as_bytes()),
            Ok(Incoming::Unsubscribe(TOKEN.into()))
        );
        let q = format!("Subject: =?utf-8?Q?unsubscribe_{TOKEN}?=\n\n");
        assert_eq!(
            read_incoming(q.as_bytes()),
            Ok(Incoming::Unsubscribe(TOKEN.into()))
        );
        // "unsubscribe " followed by the token, in base64.
        let b = "Subject: =?UTF-8?B?dW5zdWJzY3JpYmUgMGYxZTJkM2M0YjVhNjk3ODg3OTZhNWI0YzNkMmUxZjAwZjFlMmQzYzRiNWE2OTc4ODc5NmE1YjRjM2QyZTFmMA==?=\n\n";
        assert_eq!(
            read_incoming(b.as_bytes()),
            Ok(Incoming::Unsubscribe(TOKEN.into()))
        );
    }

    #[test]
    fn other_messages_are_not_understood() {
        for subject in [
            "Bonjour",
            "unsubscribe",
            "unsubscribe 1234",
            &format!("unsubscribe {TOKEN}00"),
            TOKEN,
        ] {
            let raw = format!("Subject: {subject}\n\nx\n");
            assert_eq!(
                read_incoming(raw.as_bytes()),
                Err(InboxError::NotUnderstood),
                "{subject}"
            );
        }
        assert_eq!(
            read_incoming(b"no headers"),
            Err(InboxError::Dsn(DsnError::NoHeaders))
        );
    }
}
