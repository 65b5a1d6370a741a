//! Content lines (RFC 5545 §3.1): TEXT escaping, parameter quoting, and
//! folding at 75 octets on UTF-8 character boundaries with CRLF endings.

/// The longest a content line may be, in octets, not counting its CRLF.
pub const MAX_LINE_OCTETS: usize = 75;

/// Escapes a TEXT value (§3.3.11): backslash, semicolon and comma get a
/// backslash, line breaks become `\n`; other control characters, which TEXT
/// cannot hold, are dropped (a tab is kept).
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (§3.2): quoted when it holds `:`, `;` or `,`. A double
/// quote cannot appear in a parameter value at all, so it becomes a single
/// quote; control characters are dropped.
pub fn param_value(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '"' { '\'' } else { c })
        .collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// A URI or other value written as is: control characters are dropped so
/// that a value can never break out of its line.
pub fn raw_value(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

/// Appends one content line to `out`, folded so that no physical line is
/// longer than [`MAX_LINE_OCTETS`] octets: a continuation line starts with a
/// space (which counts), and a fold never splits a UTF-8 character.
pub fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape_text("a\\b; c, d\r\ne\nf\u{7}"),
            "a\\\\b\\; c\\, d\\ne\\nf"
        );
    }

    #[test]
    fn parameters_are_quoted_when_needed() {
        assert_eq!(param_value("Anne Martin"), "Anne Martin");
        assert_eq!(param_value("Martin, Anne"), "\"Martin, Anne\"");
        assert_eq!(param_value("Le \"chef\""), "Le 'chef'");
    }

    #[test]
    fn lines_fold_at_75_octets_on_character_boundaries() {
        let line = format!("DESCRIPTION:{}", "Réunion élargie 🎉 ".repeat(20));
        let mut out = String::new();
        push_line(&mut out, &line);
        assert!(out.ends_with("\r\n"));
        let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(physical.len() > 5);
        for (i, l) in physical.iter().enumerate() {
            assert!(
                l.len() <= MAX_LINE_OCTETS,
                "line {i} has {} octets",
                l.len()
            );
            if i > 0 {
                assert!(l.starts_with(' '));
            }
        }
        // Unfolding gives the line back.
        assert_eq!(out.trim_end_matches("\r\n").replace("\r\n ", ""), line);
        // An ASCII line of exactly 75 octets is not folded.
        let mut out = String::new();
        push_line(&mut out, &"x".repeat(75));
        assert_eq!(out, format!("{}\r\n", "x".repeat(75)));
    }
}
