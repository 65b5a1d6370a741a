//! Names of documents and folders: shown to people and offered as the name of
//! a download, never used as a path (object keys are random ids). They are
//! still refused when they would be a trap on someone's disk.

use unicode_normalization::UnicodeNormalization;

/// Longest name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest name, in UTF-8 bytes (most file systems stop at 255).
const MAX_NAME_BYTES: usize = 255;
/// Characters Windows refuses in file names (besides `/` and `\`).
pub const FORBIDDEN_CHARS: &str = "<>:\"|?*";

/// Why a name is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameError {
    Empty,
    /// Contains `/` or `\`, or is `.` or `..`: a path, not a name.
    Path,
    /// Contains NUL, a control character or a bidirectional override.
    Control,
    /// Contains one of [`FORBIDDEN_CHARS`].
    Forbidden,
    /// CON, PRN, AUX, NUL, COM1–9, LPT1–9, with or without an extension.
    Reserved,
    TooLong,
}

impl NameError {
    /// The Fluent key of the message.
    pub fn message_key(self) -> &'static str {
        match self {
            NameError::Empty => "documents-error-name-empty",
            NameError::Path => "documents-error-name-path",
            NameError::Control => "documents-error-name-control",
            NameError::Forbidden => "documents-error-name-forbidden",
            NameError::Reserved => "documents-error-name-reserved",
            NameError::TooLong => "documents-error-name-too-long",
        }
    }
}

fn is_invisible_trap(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// The name to keep (Unicode NFC, trimmed, without trailing dots), or why not.
pub fn clean_name(raw: &str) -> Result<String, NameError> {
    if raw.chars().any(is_invisible_trap) {
        return Err(NameError::Control);
    }
    let name: String = raw.nfc().collect();
    let name = name.trim().trim_end_matches(['.', ' ']).trim();
    if raw.trim() == "." || raw.trim() == ".." || name.contains(['/', '\\']) {
        return Err(NameError::Path);
    }
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name.contains(|c| FORBIDDEN_CHARS.contains(c)) {
        return Err(NameError::Forbidden);
    }
    let stem = name
        .split('.')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0');
    if reserved {
        return Err(NameError::Reserved);
    }
    if name.chars().count() > MAX_NAME_CHARS || name.len() > MAX_NAME_BYTES {
        return Err(NameError::TooLong);
    }
    Ok(name.to_owned())
}

/// `Content-Disposition` for a download named `name` (RFC 6266): an ASCII
/// fallback and the exact name in `filename*` (RFC 8187).
pub fn content_disposition(inline: bool, name: &str) -> String {
    let fallback: String = name
        .nfd()
        .filter(|c| c.is_ascii() && !c.is_ascii_control() && *c != '"' && *c != '\\' && *c != '%')
        .collect();
    let fallback = if fallback.trim().is_empty() {
        "document".to_owned()
    } else {
        fallback
    };
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    let kind = if inline { "inline" } else { "attachment" };
    format!("{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_or_refused() {
        assert_eq!(
            clean_name("  Compte rendu.pdf  ").as_deref(),
            Ok("Compte rendu.pdf")
        );
        assert_eq!(clean_name("rapport.pdf...").as_deref(), Ok("rapport.pdf"));
        assert_eq!(clean_name("../../etc/passwd"), Err(NameError::Path));
        assert_eq!(clean_name("..\\boot.ini"), Err(NameError::Path));
        assert_eq!(clean_name(".."), Err(NameError::Path));
        assert_eq!(clean_name("a\0b"), Err(NameError::Control));
        assert_eq!(clean_name("a\u{202E}fdp.exe"), Err(NameError::Control));
        assert_eq!(clean_name("con.txt"), Err(NameError::Reserved));
        assert_eq!(clean_name("LPT9"), Err(NameError::Reserved));
        assert_eq!(clean_name("COM0.txt").as_deref(), Ok("COM0.txt"));
        assert_eq!(clean_name("console.txt").as_deref(), Ok("console.txt"));
        assert_eq!(clean_name("a?b"), Err(NameError::Forbidden));
        assert_eq!(clean_name(&"é".repeat(201)), Err(NameError::TooLong));
        assert_eq!(clean_name("   "), Err(NameError::Empty));
        // NFC: the same name whatever the keyboard.
        assert_eq!(clean_name("Re\u{301}union").as_deref(), Ok("Réunion"));
    }

    #[test]
    fn dispositions_carry_the_exact_name() {
        assert_eq!(
            content_disposition(false, "Réunion 1.pdf"),
            "attachment; filename=\"Reunion 1.pdf\"; filename*=UTF-8''R%C3%A9union%201.pdf"
        );
        assert_eq!(
            content_disposition(true, "\"x\".png"),
            "inline; filename=\"x.png\"; filename*=UTF-8''%22x%22.png"
        );
    }
}
