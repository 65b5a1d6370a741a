//! Text of plain-text documents (text, Markdown, CSV), for search: UTF-8, or
//! a single-byte encoding (Windows-1252) when the bytes are not UTF-8.

use crate::pdf::MAX_TEXT_CHARS;

/// Bytes of a text file read for search (the rest is not indexed).
pub const MAX_TEXT_BYTES: u64 = 4 * 1000 * 1000;

/// The text of the first bytes of a text file: control characters dropped
/// (line breaks and tabs kept), at most [`MAX_TEXT_CHARS`] characters.
pub fn decode(bytes: &[u8]) -> String {
    let text: String = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        // A character cut at the end of the bytes read is still UTF-8.
        Err(e) if e.error_len().is_none() => {
            String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned()
        }
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    };
    text.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .take(MAX_TEXT_CHARS)
        .collect()
}

/// A byte in Windows-1252 (Latin-1 with typographic marks in 0x80–0x9F).
fn windows_1252(b: u8) -> char {
    match b {
        0x80 => '€',
        0x85 => '…',
        0x8C => 'Œ',
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x96 => '–',
        0x97 => '—',
        0x9C => 'œ',
        0x81..=0x84 | 0x86..=0x8B | 0x8D..=0x90 | 0x95 | 0x98..=0x9B | 0x9D..=0x9F => ' ',
        b => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_decoded_in_either_encoding() {
        assert_eq!(decode("Réunion\r\n".as_bytes()), "Réunion\n");
        assert_eq!(decode(b"R\xe9union \x92ici\x92"), "Réunion ’ici’");
        // A UTF-8 character cut by the read limit.
        let cut = &"réunion é".as_bytes()[..10];
        assert_eq!(decode(cut), "réunion ");
        assert_eq!(decode(b"\xef\xbb\xbfa;b\x00c"), "a;bc");
    }
}
