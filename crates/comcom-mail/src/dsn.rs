//! Delivery status notifications (RFC 3464): a bounce as a mail server sends
//! it back, `multipart/report; report-type=delivery-status`, whose
//! `message/delivery-status` part holds one block of fields per recipient
//! (`Final-Recipient`, `Action`, `Status`).

/// One recipient of a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DsnRecipient {
    /// The address, lower-cased.
    pub address: String,
    /// `failed`, `delayed`, `delivered`, `relayed` or `expanded`.
    pub action: String,
    /// The status code, such as `5.1.1`.
    pub status: String,
}

impl DsnRecipient {
    /// A permanent failure (5.x.x): the address should get fewer attempts.
    pub fn is_hard(&self) -> bool {
        self.action == "failed" && self.status.starts_with('5')
    }

    /// A temporary problem (4.x.x or a delay).
    pub fn is_soft(&self) -> bool {
        !self.is_hard()
            && (self.action == "delayed" || self.status.starts_with('4') || self.action == "failed")
    }

    /// "No such mailbox": one is enough to stop writing to the address.
    pub fn is_unknown_mailbox(&self) -> bool {
        self.is_hard() && self.status == "5.1.1"
    }
}

/// Why a file is not a notification comcom can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DsnError {
    #[error("the message has no header section")]
    NoHeaders,
    #[error("the message is not a multipart/report delivery status notification")]
    NotAReport,
    #[error("the report has no boundary parameter")]
    NoBoundary,
    #[error("the report has no message/delivery-status part")]
    NoDeliveryStatus,
    #[error("the delivery status names no recipient with an action and a status")]
    NoRecipient,
    #[error("a recipient's status {0:?} is not of the form class.subject.detail")]
    BadStatus(String),
}

/// Header fields of a block, unfolded, names lower-cased.
pub(crate) fn fields(block: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in block.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            out.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    out
}

pub(crate) fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The headers and the body of a message or a MIME part.
pub(crate) fn split(message: &str) -> Option<(&str, &str)> {
    if let Some(i) = message.find("\n\n") {
        return Some((&message[..i], &message[i + 2..]));
    }
    None
}

/// A parameter of a Content-Type value (`boundary="…"`).
fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case(name)).then(|| v.trim().trim_matches('"').to_owned())
    })
}

fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The text of a part's body after its Content-Transfer-Encoding (base64,
/// quoted-printable; anything else is taken as it is), lines ending in `\n`.
pub fn decode_body(encoding: &str, body: &str) -> String {
    let bytes = match encoding.trim().to_ascii_lowercase().as_str() {
        "base64" => decode_base64(body),
        "quoted-printable" => decode_quoted_printable(body),
        _ => return body.to_owned(),
    };
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

/// Base64 (RFC 2045): characters outside the alphabet are skipped, as the
/// RFC asks; decoding stops at the first `=`.
pub(crate) fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        if c == b'=' {
            break;
        }
        let Some(v) = value(c) else { continue };
        buffer = (buffer << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

/// Quoted-printable (RFC 2045): `=XX` bytes and soft line breaks (`=` at
/// the end of a line); a malformed `=` is kept as it is.
pub(crate) fn decode_quoted_printable(text: &str) -> Vec<u8> {
    let hex = |c: u8| (c as char).to_digit(16);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            if bytes[i + 1..].starts_with(b"\r\n") {
                i += 3;
                continue;
            }
            if bytes[i + 1..].starts_with(b"\n") {
                i += 2;
                continue;
            }
            if let (Some(&a), Some(&b)) = (bytes.get(i + 1), bytes.get(i + 2))
                && let (Some(a), Some(b)) = (hex(a), hex(b))
            {
                out.push((a * 16 + b) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Reads a notification; every recipient listed, whatever its action.
pub fn parse_dsn(raw: &[u8]) -> Result<Vec<DsnRecipient>, DsnError> {
    let text = String::from_utf8_lossy(raw).replace("\r\n", "\n");
    let (headers, body) = split(&text).ok_or(DsnError::NoHeaders)?;
    let headers = fields(headers);
    let content_type = field(&headers, "content-type").ok_or(DsnError::NotAReport)?;
    if media_type(content_type) != "multipart/report" {
        return Err(DsnError::NotAReport);
    }
    let boundary = parameter(content_type, "boundary").ok_or(DsnError::NoBoundary)?;
    let delimiter = format!("--{boundary}");
    let mut status_part = None;
    for part in body.split(&delimiter).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.strip_prefix('\n').unwrap_or(part);
        let Some((part_headers, part_body)) = split(part) else {
            continue;
        };
        let part_headers = fields(part_headers);
        let kind = field(&part_headers, "content-type")
            .map(media_type)
            .unwrap_or_default();
        if kind == "message/delivery-status" || kind == "message/global-delivery-status" {
            let encoding = field(&part_headers, "content-transfer-encoding").unwrap_or("7bit");
            status_part = Some(decode_body(encoding, part_body));
            break;
        }
    }
    let status_part = status_part.ok_or(DsnError::NoDeliveryStatus)?;

    let mut recipients = Vec::new();
    // The first block is about the message; each later one about a recipient.
    for block in status_part.split("\n\n").skip(1) {
        let block_fields = fields(block);
        let Some(recipient) = field(&block_fields, "final-recipient")
            .or_else(|| field(&block_fields, "original-recipient"))
        else {
            continue;
        };
        let address = recipient
            .split_once(';')
            .map(|(_, a)| a)
            .unwrap_or(recipient)
            .trim()
            .trim_matches(['<', '>'])
            .to_lowercase();
        let (Some(action), Some(status)) = (
            field(&block_fields, "action"),
            field(&block_fields, "status"),
        ) else {
            continue;
        };
        let status = status.split_whitespace().next().unwrap_or("").to_owned();
        let valid = {
            let parts: Vec<&str> = status.split('.').collect();
            parts.len() == 3
                && matches!(parts[0], "2" | "4" | "5")
                && parts[1..]
                    .iter()
                    .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
        };
        if !valid {
            return Err(DsnError::BadStatus(status));
        }
        if !address.contains('@') {
            continue;
        }
        recipients.push(DsnRecipient {
            address,
            action: action.to_ascii_lowercase(),
            status,
        });
    }
    if recipients.is_empty() {
        return Err(DsnError::NoRecipient);
    }
    Ok(recipients)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOUNCE: &str = "From: MAILER-DAEMON@mx.example\r\n\
To: lettre@vercors.example\r\n\
Subject: Undelivered Mail Returned to Sender\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=delivery-status;\r\n\
\tboundary=\"B0UND\"\r\n\
\r\n\
--B0UND\r\n\
Content-Type: text/plain\r\n\
\r\n\
I'm sorry to have to inform you that your message could not be delivered.\r\n\
\r\n\
--B0UND\r\n\
Content-Type: message/delivery-status\r\n\
\r\n\
Reporting-MTA: dns; mx.example\r\n\
Arrival-Date: Fri, 4 Dec 2026 10:00:00 +0100\r\n\
\r\n\
Final-Recipient: rfc822; Maire@Engins.example\r\n\
Original-Recipient: rfc822;maire@engins.example\r\n\
Action: failed\r\n\
Status: 5.1.1\r\n\
Diagnostic-Code: smtp; 550 5.1.1 <maire@engins.example>:\r\n\
 Recipient address rejected: User unknown\r\n\
\r\n\
Final-Recipient: rfc822; adjoint@engins.example\r\n\
Action: delayed\r\n\
Status: 4.2.2\r\n\
\r\n\
--B0UND--\r\n";

    #[test]
    fn a_report_gives_each_recipient_with_its_status() {
        let list = parse_dsn(BOUNCE.as_bytes()).unwrap();

        assert_eq!(list.len(), 2);
        assert_eq!(list[0].address, "maire@engins.example");
        assert!(list[0].is_hard() && list[0].is_unknown_mailbox());
        assert_eq!(list[1].status, "4.2.2");
        assert!(list[1].is_soft() && !list[1].is_hard());
    }

    /// The same report with its delivery-status part encoded.
    fn encoded(encoding: &str, body: &str) -> String {
        let start = BOUNCE.find("Reporting-MTA").unwrap();
        let end = BOUNCE.find("\r\n--B0UND--").unwrap();
        let head = BOUNCE[..start].strip_suffix("\r\n").unwrap();
        format!(
            "{head}Content-Transfer-Encoding: {encoding}\r\n\r\n{body}{}",
            &BOUNCE[end..]
        )
    }

    fn status_block() -> &'static str {
        let start = BOUNCE.find("Reporting-MTA").unwrap();
        let end = BOUNCE.find("\r\n--B0UND--").unwrap();
        &BOUNCE[start..end]
    }

    #[test]
    fn a_delivery_status_part_in_base64_or_quoted_printable_is_decoded() {
        // base64 in lines of 76 characters, as servers write it.
        let b64 = base64_lines(status_block().as_bytes());
        let list = parse_dsn(encoded("base64", &b64).as_bytes()).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].address, "maire@engins.example");
        assert!(list[0].is_unknown_mailbox());
        assert_eq!(list[1].status, "4.2.2");

        // quoted-printable with soft line breaks and an encoded accent.
        let qp = status_block()
            .replace("Status: 5.1.1", "Sta=\r\ntus: 5.1.1")
            .replace("User unknown", "Utilisateur inconnu =C3=A0 Engins")
            .replace("Action: delayed", "Action=3A delayed");
        let list = parse_dsn(encoded("Quoted-Printable", &qp).as_bytes()).unwrap();
        assert_eq!(list.len(), 2);
        assert!(list[0].is_hard());
        assert_eq!(list[1].action, "delayed");
        assert_eq!(
            decode_body("quoted-printable", "caf=C3=A9 =\nau lait=3D"),
            "café au lait="
        );
        assert_eq!(decode_body("base64", "Y2Fmw6k=\n"), "café");
        assert_eq!(decode_body("8bit", "tel quel"), "tel quel");
    }

    /// A base64 writer for the tests (comcom only reads base64 here).
    fn base64_lines(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b))
                << (8 * (3 - chunk.len()));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out.as_bytes()
            .chunks(76)
            .map(|l| String::from_utf8(l.to_vec()).unwrap())
            .collect::<Vec<_>>()
            .join("\r\n")
    }

    #[test]
    fn other_files_are_refused_with_their_reason() {
        assert_eq!(parse_dsn(b"no headers at all"), Err(DsnError::NoHeaders));
        assert_eq!(
            parse_dsn(b"Subject: hello\n\nbody\n"),
            Err(DsnError::NotAReport)
        );
        assert_eq!(
            parse_dsn(b"Content-Type: multipart/report\n\nbody\n"),
            Err(DsnError::NoBoundary)
        );
        let no_status = BOUNCE.replace("message/delivery-status", "text/plain");
        assert_eq!(
            parse_dsn(no_status.as_bytes()),
            Err(DsnError::NoDeliveryStatus)
        );
        let bad = BOUNCE.replace("Status: 5.1.1", "Status: bounced");
        assert_eq!(
            parse_dsn(bad.as_bytes()),
            Err(DsnError::BadStatus("bounced".into()))
        );
    }
}
