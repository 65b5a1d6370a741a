//! What a file is, from its first bytes (never from its name), and whether
//! comcom keeps it. The allow-list is documented in docs/documents.md.

/// How many leading bytes [`sniff`] needs to decide.
pub const HEAD_BYTES: usize = 8192;

/// Content types that browsers show inline without risk (the preview).
pub fn is_previewable(content_type: &str) -> bool {
    matches!(
        content_type,
        "application/pdf" | "image/png" | "image/jpeg" | "image/gif" | "image/webp"
    )
}

/// The content type of a file that starts with `head` (the first
/// [`HEAD_BYTES`] bytes or the whole file when shorter), or `None` when it
/// is not on the allow-list (executables, unknown binary formats).
/// `name` only tells CSV from other plain text, never text from binary.
pub fn sniff(head: &[u8], name: &str) -> Option<&'static str> {
    if let Some(t) = binary_type(head) {
        return Some(t);
    }
    if is_text(head) {
        let lower = name.to_lowercase();
        return Some(if lower.ends_with(".csv") {
            "text/csv"
        } else {
            "text/plain"
        });
    }
    None
}

fn binary_type(b: &[u8]) -> Option<&'static str> {
    let at = |offset: usize, magic: &[u8]| b.get(offset..offset + magic.len()) == Some(magic);
    if at(0, b"%PDF-") {
        return Some("application/pdf");
    }
    if at(0, b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if at(0, b"\xFF\xD8\xFF") {
        return Some("image/jpeg");
    }
    if at(0, b"GIF87a") || at(0, b"GIF89a") {
        return Some("image/gif");
    }
    if at(0, b"RIFF") && at(8, b"WEBP") {
        return Some("image/webp");
    }
    if at(0, b"RIFF") && at(8, b"WAVE") {
        return Some("audio/wav");
    }
    if at(0, b"II*\0") || at(0, b"MM\0*") {
        return Some("image/tiff");
    }
    if at(0, b"PK\x03\x04") {
        return Some(zip_type(b));
    }
    if at(0, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        // Word 97, Excel 97… (and other compound files).
        return Some("application/vnd.ms-office");
    }
    if at(0, b"{\\rtf") {
        return Some("application/rtf");
    }
    if at(4, b"ftyp") {
        return Some(if at(8, b"M4A ") {
            "audio/mp4"
        } else {
            "video/mp4"
        });
    }
    if at(0, b"ID3") || at(0, b"\xFF\xFB") || at(0, b"\xFF\xF3") || at(0, b"\xFF\xF2") {
        return Some("audio/mpeg");
    }
    if at(0, b"OggS") {
        return Some("audio/ogg");
    }
    None
}

/// OpenDocument (a `mimetype` entry first, stored uncompressed), Office
/// Open XML (parts under `word/`, `xl/`, `ppt/`), or another ZIP archive.
fn zip_type(b: &[u8]) -> &'static str {
    if b.get(30..38) == Some(b"mimetype") {
        let rest = &b[38..b.len().min(38 + 80)];
        const ODF: [(&[u8], &str); 4] = [
            (
                b"application/vnd.oasis.opendocument.text",
                "application/vnd.oasis.opendocument.text",
            ),
            (
                b"application/vnd.oasis.opendocument.spreadsheet",
                "application/vnd.oasis.opendocument.spreadsheet",
            ),
            (
                b"application/vnd.oasis.opendocument.presentation",
                "application/vnd.oasis.opendocument.presentation",
            ),
            (
                b"application/vnd.oasis.opendocument.graphics",
                "application/vnd.oasis.opendocument.graphics",
            ),
        ];
        for (magic, t) in ODF {
            if rest.starts_with(magic) {
                return t;
            }
        }
    }
    let contains = |needle: &[u8]| b.windows(needle.len()).any(|w| w == needle);
    if contains(b"[Content_Types].xml") {
        if contains(b"word/") {
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        }
        if contains(b"xl/") {
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        }
        if contains(b"ppt/") {
            return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
        }
    }
    "application/zip"
}

/// Text: no NUL and no control characters other than tab, line feed, form
/// feed and carriage return (UTF-8 or a single-byte encoding such as
/// Windows-1252, which spreadsheets still export).
fn is_text(b: &[u8]) -> bool {
    !b.is_empty()
        && b.iter()
            .all(|&c| c >= 0x20 && c != 0x7F || matches!(c, b'\t' | b'\n' | b'\r' | 0x0C))
}

/// The charset to announce for a text file, from its first bytes.
pub fn text_charset(head: &[u8]) -> Option<&'static str> {
    match std::str::from_utf8(head) {
        Ok(_) => Some("utf-8"),
        // A multi-byte character cut at the end of the head is still UTF-8.
        Err(e) if e.error_len().is_none() => Some("utf-8"),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n", "x.exe"), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n....", "x.pdf"), Some("image/png"));
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0", "rapport.pdf"), None);
        assert_eq!(sniff(b"\x7fELF\x02\x01", "notes.txt"), None);
        assert_eq!(sniff(b"a;b;c\r\n1;2;3\r\n", "t.csv"), Some("text/csv"));
        assert_eq!(sniff("Réunion\n".as_bytes(), "t.md"), Some("text/plain"));
        assert_eq!(sniff(b"R\xe9union\n", "t.txt"), Some("text/plain"));
        assert_eq!(sniff(b"\0\0\0\0", "t.txt"), None);
        let mut odt = b"PK\x03\x04".to_vec();
        odt.resize(30, 0);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(
            sniff(&odt, "a.odt"),
            Some("application/vnd.oasis.opendocument.text")
        );
        let mut docx = b"PK\x03\x04".to_vec();
        docx.extend_from_slice(b"....[Content_Types].xml....PK\x03\x04..word/document.xml");
        assert_eq!(
            sniff(&docx, "a.docx"),
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        );
        assert_eq!(sniff(b"PK\x03\x04rest", "a.zip"), Some("application/zip"));
    }

    #[test]
    fn charsets_are_guessed() {
        assert_eq!(text_charset("é".as_bytes()), Some("utf-8"));
        assert_eq!(text_charset(&"é".as_bytes()[..1]), Some("utf-8"));
        assert_eq!(text_charset(b"\xe9t\xe9"), None);
    }
}
