//! Text made safe to put in an XML document.

use std::borrow::Cow;

/// `text` without the characters XML 1.0 forbids (control characters other than
/// tab, line feed and carriage return, and U+FFFE, U+FFFF), which would make the
/// whole document unreadable. Escaping `<`, `&` and quotes is the writer's job.
pub(crate) fn text(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| is_allowed(c)).collect())
    }
}

fn is_allowed(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_forbids_are_removed_and_others_kept() {
        assert_eq!(text("a\u{0}b\u{1b}c\u{ffff}"), "abc");
        assert_eq!(text("«\u{a0}é\t\n»"), "«\u{a0}é\t\n»");
        assert!(matches!(text("propre"), Cow::Borrowed(_)));
    }
}
