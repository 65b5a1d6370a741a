//! Turning a feed's bytes into UTF-8 text, whatever its character set.
//!
//! Order of authority: a byte order mark, then the `charset` of the HTTP
//! `Content-Type`, then the XML declaration's `encoding`, then UTF-8; bytes
//! that are not valid UTF-8 after all that are read as Windows-1252, the
//! usual culprit. The XML declaration of the result no longer names an
//! encoding, so the XML reader does not decode the text a second time.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// The feed as UTF-8 text, and the name of the encoding it was read with.
pub fn to_utf8<'a>(bytes: &'a [u8], content_type: Option<&str>) -> (Cow<'a, str>, &'static str) {
    let encoding = detect(bytes, content_type);
    let (text, used, had_errors) = encoding.decode(bytes);
    let (text, used) = if had_errors && used == UTF_8 {
        let (text, _, _) = WINDOWS_1252.decode(bytes);
        (text, WINDOWS_1252)
    } else {
        (text, used)
    };
    (without_declared_encoding(text), used.name())
}

/// The encoding the bytes say they are in.
fn detect(bytes: &[u8], content_type: Option<&str>) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    // UTF-16 without a byte order mark still starts with "<" or "{" and a zero byte.
    match bytes {
        [0, b'<' | b'{', ..] => return UTF_16BE,
        [b'<' | b'{', 0, ..] => return UTF_16LE,
        _ => {}
    }
    if let Some(encoding) = content_type.and_then(http_charset).and_then(label) {
        return ascii_compatible(encoding);
    }
    if let Some(encoding) = xml_declared(bytes).and_then(label) {
        return ascii_compatible(encoding);
    }
    UTF_8
}

/// A UTF-16 label on bytes without zero bytes where they would be is a lie
/// (the declaration itself was readable as ASCII): read them as UTF-8.
fn ascii_compatible(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == UTF_16BE || encoding == UTF_16LE {
        UTF_8
    } else {
        encoding
    }
}

fn label(name: &str) -> Option<&'static Encoding> {
    Encoding::for_label(name.trim().as_bytes())
}

/// The `charset` parameter of a `Content-Type` value.
fn http_charset(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']))
    })
}

/// The `encoding` of an XML declaration at the start of the bytes.
fn xml_declared(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(512)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = head[start..].strip_prefix(b"<?xml")?;
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    attribute(decl, "encoding")
}

/// A pseudo-attribute of an XML declaration.
fn attribute<'a>(decl: &'a str, name: &str) -> Option<&'a str> {
    let at = decl.find(name)?;
    let rest = decl[at + name.len()..].trim_start().strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    let end = rest.find(quote)?;
    Some(&rest[..end])
}

/// The text with its XML declaration reduced to `<?xml version="…"?>`.
fn without_declared_encoding(text: Cow<'_, str>) -> Cow<'_, str> {
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let Some(rest) = trimmed.strip_prefix("<?xml") else {
        return text;
    };
    let Some(end) = rest.find("?>") else {
        return text;
    };
    let decl = &rest[..end];
    if !decl.contains("encoding") && trimmed.len() == text.len() {
        return text;
    }
    let version = attribute(decl, "version").unwrap_or("1.0");
    Cow::Owned(format!("<?xml version=\"{version}\"?>{}", &rest[end + 2..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declared_encoding_is_used_and_removed() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss>\xe9t\xe9</rss>";
        let (text, name) = to_utf8(bytes, None);
        assert_eq!(name, "windows-1252");
        assert_eq!(text, "<?xml version=\"1.0\"?><rss>été</rss>");
    }

    #[test]
    fn http_charset_wins_over_the_declaration_and_a_bom_over_both() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss>\xe9</rss>";
        let (text, _) = to_utf8(bytes, Some("application/rss+xml; charset=\"ISO-8859-15\""));
        assert!(text.ends_with("<rss>é</rss>"));
        let mut bom = vec![0xef, 0xbb, 0xbf];
        bom.extend_from_slice("<rss>é</rss>".as_bytes());
        let (text, name) = to_utf8(&bom, Some("text/xml; charset=windows-1252"));
        assert_eq!((text.as_ref(), name), ("<rss>é</rss>", "UTF-8"));
    }

    #[test]
    fn undeclared_bytes_that_are_not_utf8_are_read_as_windows_1252() {
        let (text, name) = to_utf8(b"<rss>\x93caf\xe9\x94</rss>", None);
        assert_eq!((text.as_ref(), name), ("<rss>“café”</rss>", "windows-1252"));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let utf16: Vec<u8> = "<rss>é</rss>"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(to_utf8(&utf16, None).0, "<rss>é</rss>");
        let mut bom = vec![0xff, 0xfe];
        bom.extend_from_slice(&utf16);
        assert_eq!(to_utf8(&bom, None).0, "<rss>é</rss>");
    }
}
